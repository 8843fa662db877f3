/**
 * One pass over the configured digests at `now`: send what is due and not yet sent, record
 * skip dates and missed weeks, send the review drafts that are due. `digest run` calls it once;
 * the daemon calls it at every wake-up. Errors are collected per digest, never thrown, so one
 * broken digest does not stop the others.
 */
import type { DigestConfig } from '../config/schema.js';
import { sendAlert } from '../deliver/alerts.js';
import { newRecord, type LedgerRecord, type LedgerState } from '../deliver/ledger.js';
import { acquireLock, isHandle } from '../deliver/lock.js';
import { sendWeek, type SendContext } from '../deliver/send-once.js';
import { decide, formatLocal, latestRun, reviewDue } from './plan.js';

export interface DueResult {
  digestId: string;
  week?: string | undefined;
  kind: 'digest' | 'review';
  status: 'sent' | 'already-sent' | 'locked' | 'skipped' | 'missed' | 'paused' | 'not-due' | 'done' | 'failed';
  error?: unknown;
}

/** Records a final state (skipped, missed) under the digest's lock unless the week is already settled. */
async function settle(ctx: SendContext, digest: DigestConfig, week: string, state: LedgerState, reason: string, scheduledForMs: number): Promise<LedgerRecord | null> {
  const lock = await acquireLock(ctx.stateDir, digest.id, { staleMs: ctx.loaded.config.delivery.lockStaleSeconds * 1000 });
  if (!isHandle(lock)) return null;
  try {
    const existing = await ctx.ledger.get(digest.id, week);
    if (existing && ['sent', 'skipped', 'missed'].includes(existing.state)) return null;
    const now = new Date().toISOString();
    const record: LedgerRecord = { ...(existing ?? newRecord(digest.id, week, 'digest', now)), state, reason, updatedAt: now, scheduledFor: new Date(scheduledForMs).toISOString() };
    await ctx.ledger.put(record);
    return record;
  } finally {
    await lock.release();
  }
}

export async function runDigestDue(ctx: SendContext, digest: DigestConfig, nowMs: number): Promise<DueResult[]> {
  const results: DueResult[] = [];
  const log = ctx.logger.child({ digest: digest.id });
  const last = latestRun(digest.schedule, digest.timezone, nowMs);
  const record = last ? await ctx.ledger.get(digest.id, last.week) : null;
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
      if (!record && (await ctx.ledger.list(digest.id)).length === 0) {
        // A digest with no history yet starts with its next scheduled send; nothing was missed.
        log.info({ week: occurrence.week }, 'no send recorded yet for this digest: starting with the next scheduled time');
        results.push({ digestId: digest.id, week: occurrence.week, kind: 'digest', status: 'not-due' });
        break;
      }
      const hours = Math.round(lateByMs / 360_000) / 10;
      const reason = `the send scheduled for ${formatLocal(occurrence.atMs, digest.timezone)} did not happen, and ${hours} h later is outside the catch-up window (${digest.schedule.catchUpHours} h)`;
      const settled = await settle(ctx, digest, occurrence.week, 'missed', reason, occurrence.atMs);
      if (settled) {
        const wasSending = record?.state === 'sending';
        await sendAlert(
          { digestId: digest.id, week: occurrence.week, code: 'MISSED', headline: 'digest missed', reason: wasSending ? `${reason}. The last attempt stopped during the SMTP transaction: check the relay log for ${record?.messageId} before resending.` : reason, action: `To send it late anyway: digest send --digest ${digest.id} --week ${occurrence.week}` },
          { digest, alertTo: ctx.loaded.config.delivery.alertTo, allowedDomains: ctx.loaded.config.allowedDomains, transport: ctx.transport, logger: log, nowMs },
        );
      }
      results.push({ digestId: digest.id, week: occurrence.week, kind: 'digest', status: 'missed' });
      break;
    }
    case 'send': {
      const { occurrence } = decision;
      if (decision.lateByMs > 60_000) log.warn({ week: occurrence.week, lateMinutes: Math.round(decision.lateByMs / 60_000) }, 'catching up a send missed while nothing was running');
      try {
        const outcome = await sendWeek(ctx, digest, occurrence.week, { scheduledForMs: occurrence.atMs });
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
      const reviewRecord = await ctx.ledger.get(digest.id, upcoming.send.week, 'review');
      if (reviewDue(digest.schedule, digest.review, digest.timezone, nowMs, reviewRecord)) {
        try {
          const outcome = await sendWeek(ctx, digest, upcoming.send.week, { kind: 'review', sendAtLabel: formatLocal(upcoming.send.atMs, digest.timezone) });
          results.push({ digestId: digest.id, week: upcoming.send.week, kind: 'review', status: outcome.status });
        } catch (error) {
          results.push({ digestId: digest.id, week: upcoming.send.week, kind: 'review', status: 'failed', error });
        }
      }
    }
  }
  return results;
}

export async function runDue(ctx: SendContext, digests: readonly DigestConfig[], nowMs: number): Promise<DueResult[]> {
  const results: DueResult[] = [];
  for (const digest of digests) {
    try {
      results.push(...(await runDigestDue(ctx, digest, nowMs)));
    } catch (error) {
      results.push({ digestId: digest.id, kind: 'digest', status: 'failed', error });
    }
  }
  return results;
}
