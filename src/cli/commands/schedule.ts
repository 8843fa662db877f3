/**
 * `digest schedule`: the long-running daemon (a container's main process, a systemd service).
 * SIGTERM/SIGINT: finish the send in flight, then exit 0; a second signal abandons it at once
 * (the ledger and the lock make the next start resume it).
 */
import { EXIT } from '../../errors.js';
import type { Io } from '../io.js';
import { loadDigests } from './shared.js';

interface ScheduleOptions {
  config?: string;
  digest?: string;
  now?: string;
}

export async function run(options: ScheduleOptions, io: Io, signal?: AbortSignal): Promise<number> {
  const { parseNow } = await import('./run.js');
  // --now: the daemon's clock starts at this instant and runs on (rehearsals and tests).
  const offsetMs = options.now === undefined ? 0 : parseNow(options.now) - Date.now();
  const { loaded, digests } = await loadDigests(options, io);
  const { openJobContext, closeJobContext } = await import('../../jobs/context.js');
  const { runDaemon } = await import('../../jobs/daemon.js');
  const ctx = await openJobContext(loaded, { io });
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true });
  let signals = 0;
  const onSignal = (name: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      ctx.logger.info({ signal: name }, 'schedule: shutting down after the send in flight (send the signal again to abandon it)');
      controller.abort();
    } else {
      ctx.logger.warn({ signal: name }, 'schedule: abandoning the send in flight; the next start resumes it from the ledger');
      process.exit(143);
    }
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    await runDaemon(ctx, digests, { signal: controller.signal, now: () => Date.now() + offsetMs });
    return EXIT.ok;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await closeJobContext(ctx);
  }
}
