/**
 * One pass over the configured digests at `now`: send what is due and not yet sent (a failed
 * or partial week is due again until it is sent or falls out of the catch-up window), record
 * skip dates and missed weeks, send the review drafts that are due. `digest run` calls it once;
 * the daemon calls it at every wake-up. Errors are collected per digest, never thrown, so one
 * broken digest does not stop the others.
 */
import type { DigestConfig } from '../config/schema.js';
import { weekPeriod } from '../model/period.js';
import { isSettled, decide, formatLocal, latestRun, reviewDue } from '../schedule/plan.js';
import { isLockHandle, newRecord, type LedgerRecord, type LedgerState } from '../state/types.js';
import { sendAlert } from './alerts.js';
import type { JobContext } from './context.js';
import { alertUnrecorded, sendWeek } from './send-week.js';
import { leaseMsFor } from '../state/config.js';

export interface DueResult {
  digestId: string;
  week?: string | undefined;
  kind: 'digest' | 'review';
  status: 'sent' | 'already-sent' | 'locked' | 'skipped' | 'missed' | 'paused' | 'not-due' | 'done' | 'failed';
  error?: unknown;
}

/** Records a final state (skipped, missed) under the digest's lock unless the week is already settled. */
async function settle(ctx: JobContext, digest: DigestConfig, week: string, state: LedgerState, reason: string, scheduledForMs: number): Promise<LedgerRecord | null> {
  const lock = await ctx.store.acquireLock(digest.id, { leaseMs: leaseMsFor(ctx.loaded.config) });
  if (!isLockHandle(lock)) return null;
  try {
    const existing = await ctx.store.get({ digestId: digest.id, week, kind: 'digest' });
    if (existing && isSettled(existing.state)) return null;
    const now = new Date(ctx.clock()).toISOString();
    const record: LedgerRecord = { ...(existing ?? newRecord(digest.id, week, 'digest', now)), state, reason, updatedAt: now, scheduledFor: new Date(scheduledForMs).toISOString() };
    await ctx.store.put(record);
    return record;
  } finally {
    await lock.release();
  }
}

export async function runDigestDue(ctx: JobContext, digest: DigestConfig, nowMs: number): Promise<DueResult[]> {
  const results: DueResult[] = [];
  const log = ctx.logger.child({ digest: digest.id });
  const last = latestRun(digest.schedule, digest.timezone, nowMs);
  const record = last ? await ctx.store.get({ digestId: digest.id, week: last.week, kind: 'digest' }) : null;
  const decision = decide(digest.schedule, digest.timezone, nowMs, record);
  switch (decision.action) {
    case 'paused':
      log.info('paused (schedule.paused): nothing sent');
      return [{ digestId: digest.id, kind: 'digest', status: 'paused' }];
    case 'none':
      results.push({ digestId: digest.id, kind: 'digest', status: 'not-due' });
      break;
    case 'done':
      results.push({ digestId: digest.id, week: decision.occurrence.week, kind: 'digest', status: 'done' });
      break;
    case 'skip': {
      const { occurrence } = decision;
      await settle(ctx, digest, occurrence.week, 'skipped', `skip date ${occurrence.localDate}`, occurrence.atMs);
      log.info({ week: occurrence.week, date: occurrence.localDate }, 'skip date: week recorded as skipped');
      results.push({ digestId: digest.id, week: occurrence.week, kind: 'digest', status: 'skipped' });
      break;
    }
    case 'missed': {
      const { occurrence, lateByMs } = decision;
      if (!record && (await ctx.store.list(digest.id)).records.length === 0) {
        // A digest with no history yet starts with its next scheduled send; nothing was missed.
        log.info({ week: occurrence.week }, 'no send recorded yet for this digest: starting with the next scheduled time');
        results.push({ digestId: digest.id, week: occurrence.week, kind: 'digest', status: 'not-due' });
        break;
      }
      const hours = Math.round(lateByMs / 360_000) / 10;
      const failedBefore = record?.error ? ` The last attempt failed with ${record.error.code}: ${record.error.message}` : '';
      const reason = `the send scheduled for ${formatLocal(occurrence.atMs, digest.timezone)} did not happen, and ${hours} h later is outside the catch-up window (${digest.schedule.catchUpHours} h).${failedBefore}`;
      const settled = await settle(ctx, digest, occurrence.week, 'missed', reason, occurrence.atMs);
      if (settled) {
        const wasSending = record?.state === 'sending';
        await sendAlert(
          { digestId: digest.id, week: occurrence.week, code: 'MISSED', headline: 'digest missed', reason: wasSending ? `${reason} The last attempt stopped during the SMTP transaction: check the relay log for ${record?.messageId} before resending.` : reason, action: `to send it late anyway: digest send --digest ${digest.id} --week ${occurrence.week}` },
          digest,
          ctx,
        );
      }
      results.push({ digestId: digest.id, week: occurrence.week, kind: 'digest', status: 'missed' });
      break;
    }
    case 'send': {
      const { occurrence } = decision;
      if (record?.state === 'failed' || record?.state === 'partial') log.info({ week: occurrence.week, previous: record.error?.code }, 'trying the failed week again');
      else if (decision.lateByMs > 60_000) log.warn({ week: occurrence.week, lateMinutes: Math.round(decision.lateByMs / 60_000) }, 'catching up a send missed while nothing was running');
      try {
        const outcome = await sendWeek(ctx, digest, weekPeriod(occurrence.week, digest.timezone), { scheduledForMs: occurrence.atMs });
        results.push({ digestId: digest.id, week: occurrence.week, kind: 'digest', status: outcome.status });
      } catch (error) {
        results.push({ digestId: digest.id, week: occurrence.week, kind: 'digest', status: 'failed', error });
      }
      break;
    }
  }
  if (digest.review) {
    const upcoming = reviewDue(digest.schedule, digest.review, digest.timezone, nowMs, null);
    if (upcoming) {
      const reviewRecord = await ctx.store.get({ digestId: digest.id, week: upcoming.send.week, kind: 'review' });
      if (reviewDue(digest.schedule, digest.review, digest.timezone, nowMs, reviewRecord)) {
        try {
          const outcome = await sendWeek(ctx, digest, weekPeriod(upcoming.send.week, digest.timezone), { kind: 'review', sendAtLabel: formatLocal(upcoming.send.atMs, digest.timezone), allow: { openWeek: true } });
          results.push({ digestId: digest.id, week: upcoming.send.week, kind: 'review', status: outcome.status });
        } catch (error) {
          results.push({ digestId: digest.id, week: upcoming.send.week, kind: 'review', status: 'failed', error });
        }
      }
    }
  }
  return results;
}

export async function runDue(ctx: JobContext, digests: readonly DigestConfig[], nowMs: number): Promise<DueResult[]> {
  const results: DueResult[] = [];
  for (const digest of digests) {
    try {
      results.push(...(await runDigestDue(ctx, digest, nowMs)));
    } catch (error) {
      await alertUnrecorded(ctx, digest, latestRun(digest.schedule, digest.timezone, nowMs)?.week ?? '-', error);
      results.push({ digestId: digest.id, kind: 'digest', status: 'failed', error });
    }
  }
  return results;
}
