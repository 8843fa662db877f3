/**
 * `digest run`: for cron, systemd timers and Kubernetes CronJobs. Sends every configured digest
 * that is due now and not yet sent (and review drafts that are due); exit 0 when all went well
 * or nothing was due, else the worst error's exit code (config 3, data 4, delivery 5).
 */
import { usageError } from '../../errors.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';
import { processIo, type Io } from '../io.js';
import { loadDigests } from './shared.js';

interface RunOptions {
  config?: string;
  digest?: string;
  now?: string;
}

export function parseNow(value: string | undefined): number {
  if (value === undefined) return Date.now();
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/T|\s/.test(value)) throw usageError(`--now: "${value}" is not an ISO date-time (e.g. 2026-11-23T08:00:00+01:00)`);
  return ms;
}

export async function run(options: RunOptions, io: Io): Promise<number> {
  const nowMs = parseNow(options.now);
  const { loaded, digests } = await loadDigests(options, io);
  const { openDelivery } = await import('../../deliver/context.js');
  const { runDue } = await import('../../schedule/run-due.js');
  const ctx = await openDelivery(loaded, { io: io === processIo ? undefined : io });
  try {
    const results = await runDue(ctx, digests, nowMs);
    let code: number = EXIT.ok;
    for (const r of results) {
      ctx.logger.info({ digest: r.digestId, week: r.week, kind: r.kind, status: r.status }, `run: ${r.digestId}${r.week ? ` ${r.week}` : ''}${r.kind === 'review' ? ' (review)' : ''}: ${r.status}`);
      if (r.error) {
        io.err(`error: ${r.error instanceof Error ? r.error.message : String(r.error)}`);
        code = Math.max(code, exitCodeFor(r.error));
      }
    }
    return code;
  } finally {
    ctx.transport.close?.();
  }
}
