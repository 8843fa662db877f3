/**
 * `digest run`: for cron, systemd timers and Kubernetes CronJobs. Sends every configured digest
 * that is due now and not yet sent (a failed week is tried again inside the catch-up window),
 * and review drafts that are due; pings the heartbeat. Exit 0 when all went well or nothing was
 * due (another process sending counts as well), else the highest exit code among the failures.
 */
import { EXIT, exitCodeFor, usageError } from '../../errors.js';
import { safeMessage } from '../../secrets.js';
import type { Io } from '../io.js';
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
  const { openJobContext, closeJobContext } = await import('../../jobs/context.js');
  const { runDue } = await import('../../jobs/run-due.js');
  const { beat } = await import('../../jobs/heartbeat.js');
  const ctx = await openJobContext(loaded, { io });
  try {
    const results = await runDue(ctx, digests, nowMs);
    let code: number = EXIT.ok;
    for (const r of results) {
      ctx.logger.info({ digest: r.digestId, week: r.week, kind: r.kind, status: r.status }, `run: ${r.digestId}${r.week ? ` ${r.week}` : ''}${r.kind === 'review' ? ' (review)' : ''}: ${r.status}`);
      if (r.error) {
        io.err(`error: ${safeMessage(r.error)}`);
        code = Math.max(code, exitCodeFor(r.error));
      }
    }
    await beat(loaded.config.delivery.heartbeat, code === EXIT.ok, ctx);
    return code;
  } finally {
    await closeJobContext(ctx);
  }
}
