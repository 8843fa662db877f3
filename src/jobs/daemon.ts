/**
 * The `digest schedule` loop: at start-up and at every wake-up it runs the same pass as
 * `digest run` (so a send missed while the daemon was down is caught up, or recorded as
 * missed), pings the heartbeat, then sleeps until the next send or review time any digest has
 * (computed by croner in each digest's time zone), or `schedule.retryMinutes` when a due week
 * failed, at most `maxSleepMs` at a time so clock jumps and suspends are noticed. Aborting the
 * signal ends the sleep at once; a pass in flight is finished first.
 */
import type { DigestConfig } from '../config/schema.js';
import { scrub } from '../secrets.js';
import { formatLocal, nextWake } from '../schedule/plan.js';
import type { JobContext } from './context.js';
import { beat } from './heartbeat.js';
import { runDue, type DueResult } from './run-due.js';

export interface DaemonOptions {
  signal: AbortSignal;
  now?: () => number;
  maxSleepMs?: number;
  /** Called after every pass (tests, metrics). */
  onPass?: (results: DueResult[]) => void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function runDaemon(ctx: JobContext, digests: readonly DigestConfig[], options: DaemonOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const maxSleepMs = options.maxSleepMs ?? 3_600_000;
  ctx.logger.info({ digests: digests.map((d) => d.id) }, 'schedule: started');
  while (!options.signal.aborted) {
    const results = await runDue(ctx, digests, now());
    const failed = results.filter((r) => r.error);
    for (const r of failed) ctx.logger.error({ digest: r.digestId, week: r.week, kind: r.kind, err: scrub((r.error as Error).message) }, 'schedule: pass failed for this digest');
    await beat(ctx.loaded.config.delivery.heartbeat, failed.length === 0, ctx);
    options.onPass?.(results);
    if (options.signal.aborted) break;
    const current = now();
    let wake: number | null = null;
    for (const digest of digests) {
      let next = nextWake(digest.schedule, digest.review, digest.timezone, current);
      // A due week that failed is tried again after retryMinutes, transient or permanent alike.
      if (failed.some((r) => r.digestId === digest.id)) next = Math.min(next ?? Infinity, current + digest.schedule.retryMinutes * 60_000);
      if (digest.schedule.paused) ctx.logger.info({ digest: digest.id }, 'schedule: paused');
      else if (next !== null) ctx.logger.info({ digest: digest.id, nextRun: new Date(next).toISOString(), local: formatLocal(next, digest.timezone) }, `schedule: next run ${formatLocal(next, digest.timezone)}`);
      if (next !== null && (wake === null || next < wake)) wake = next;
    }
    // One second past the occurrence, so the pass sees it as due.
    await sleep(wake === null ? maxSleepMs : Math.min(wake + 1000 - current, maxSleepMs), options.signal);
  }
  ctx.logger.info('schedule: stopped');
}
