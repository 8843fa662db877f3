/**
 * One (digest, week) sent at most once, recorded in the state store, under the digest's lock:
 *
 *   lock → ledger says sent? stop → record `rendering` → prepare (sources, model, render,
 *   guards) → record `sending` (Message-ID, recipients) → lease confirmed → SMTP transaction →
 *   record `sent` (or `partial` / `failed`) → alerts → unlock
 *
 * A crash before `sending` is recorded means nothing went out: the rerun starts over. A crash
 * after `sent` is recorded means the week is done. Only a crash between the server's final
 * 250 reply and the `sent` record leaves a `sending` record for a message that did go out; the
 * rerun sends it again with the same Message-ID (the one duplicate window; see
 * docs/operations.md). Recipients the server accepted are recorded, so a retry after a partial
 * failure only goes to those still missing.
 *
 * Every failure is recorded as `failed` (or `partial`) with its registry code; no failure ends
 * a week: the next run inside the catch-up window tries again. Ops are alerted once per
 * (digest, week, code), and told when the week finally goes out.
 */
import type { DigestConfig } from '../config/schema.js';
import { DigestError, ERROR_CODES, type ErrorCode } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { WeekPeriod } from '../model/period.js';
import type { DataIssue } from '../model/types.js';
import { safeMessage, scrub } from '../secrets.js';
import { faultPoint } from '../deliver/faults.js';
import { DeliveryError, type DeliveryReceipt } from '../deliver/transport.js';
import { isLockHandle, newRecord, type LedgerKey, type LedgerKind, type LedgerRecord, type LockInfo, type RecipientOutcome } from '../state/types.js';
import { mayAlertNow } from './alert-throttle.js';
import { sendAlert, type Alert } from './alerts.js';
import type { JobContext } from './context.js';
import type { Allowances } from './guards.js';
import { GuardRefusal, prepareChecked } from './prepare.js';
import { leaseMsFor } from '../state/config.js';

export type SendOutcome =
  | { status: 'sent'; record: LedgerRecord }
  | { status: 'already-sent'; record: LedgerRecord }
  | { status: 'locked'; heldBy: LockInfo };

export interface SendWeekOptions {
  kind?: LedgerKind;
  allow?: Allowances | undefined;
  /** The scheduled run this send belongs to. */
  scheduledForMs?: number | undefined;
  /** For the review draft: when the real digest goes out (shown in the notice). */
  sendAtLabel?: string | undefined;
}

const KIND_WORDS: Record<string, string> = {
  data: 'the data is not ready', config: 'a config or access problem', delivery: 'delivery failed',
  usage: 'refused', busy: 'another process is sending', internal: 'an internal error',
};

/** Errors already recorded and alerted through the ledger. */
const handled = new WeakSet<object>();

export async function sendWeek(ctx: JobContext, digest: DigestConfig, period: WeekPeriod, options: SendWeekOptions = {}): Promise<SendOutcome> {
  try {
    return await sendWeekRecorded(ctx, digest, period, options);
  } catch (error) {
    await alertUnrecorded(ctx, digest, period.week, error, options.kind);
    throw error;
  }
}

/**
 * Alerts about a failure the ledger could not record (the state store itself failed, an entry
 * is broken), at most once an hour per digest and code while it lasts.
 */
export async function alertUnrecorded(ctx: JobContext, digest: DigestConfig, week: string, error: unknown, kind: LedgerKind = 'digest'): Promise<void> {
  if (!(error instanceof DigestError) || handled.has(error) || !error.spec.alert) return;
  handled.add(error);
  if (mayAlertNow(digest.id, error.code, ctx.clock())) await sendAlert(alertFor(digest, week, error, undefined, kind), digest, ctx);
}

async function sendWeekRecorded(ctx: JobContext, digest: DigestConfig, period: WeekPeriod, options: SendWeekOptions): Promise<SendOutcome> {
  const kind = options.kind ?? 'digest';
  const allow = options.allow ?? {};
  const iso = () => new Date(ctx.clock()).toISOString();
  const log = ctx.logger.child({ digest: digest.id, week: period.week, kind });
  const key: LedgerKey = { digestId: digest.id, week: period.week, kind };

  const lock = await ctx.store.acquireLock(digest.id, { leaseMs: leaseMsFor(ctx.loaded.config) });
  if (!isLockHandle(lock)) {
    log.warn({ heldBy: { pid: lock.heldBy.pid, host: lock.heldBy.host, at: lock.heldBy.at } }, 'another process is sending this digest; leaving it to that one');
    return { status: 'locked', heldBy: lock.heldBy };
  }
  try {
    await faultPoint('after-lock');
    const previous = await readPrevious(ctx, digest, key, allow, log);
    if (previous?.state === 'sent' && !allow.resend) {
      log.info({ messageId: previous.messageId, sentAt: previous.sentAt }, 'already sent; nothing to do');
      return { status: 'already-sent', record: previous };
    }
    if (previous?.state === 'sending') {
      log.warn({ messageId: previous.messageId, since: previous.sendingAt }, 'the previous attempt stopped during the SMTP transaction; sending again with the same Message-ID (a duplicate is possible if the server had accepted it)');
    }
    const resend = previous?.state === 'sent';
    let record: LedgerRecord = {
      ...(previous ?? newRecord(digest.id, period.week, kind, iso())),
      state: 'rendering',
      attempts: (previous?.attempts ?? 0) + 1,
      updatedAt: iso(),
      error: null,
      reason: null,
      // A resend is a new send: it may alert again, and it must reach every recipient again.
      alerts: resend ? [] : (previous?.alerts ?? []),
      scheduledFor: options.scheduledForMs !== undefined ? new Date(options.scheduledForMs).toISOString() : (previous?.scheduledFor ?? null),
    };
    await ctx.store.put(record);
    await faultPoint('after-rendering-record');

    let prepared;
    try {
      prepared = await prepareChecked(ctx.loaded, digest, period, { allow, review: kind === 'review' ? { sendAt: options.sendAtLabel ?? '' } : undefined, nowMs: ctx.clock() });
    } catch (error) {
      throw await recordFailure(ctx, digest, record, error, log);
    }
    const { message } = prepared;
    const errors = prepared.digest.dataIssues.filter((i) => i.severity === 'error').length;
    log.info({ issues: prepared.digest.dataIssues.length, errors }, 'digest built');

    const alreadyAccepted = new Set(
      !resend && previous?.messageId === message.messageId ? previous.recipients.filter((r) => r.status === 'accepted').map((r) => r.address) : [],
    );
    const pending = message.recipients.filter((r) => !alreadyAccepted.has(r));
    const outcomes: RecipientOutcome[] = message.recipients.map((address) => ({ address, status: alreadyAccepted.has(address) ? 'accepted' : 'pending' }));

    await faultPoint('before-sending-record');
    record = { ...record, state: 'sending', messageId: message.messageId, recipients: outcomes, transport: ctx.transport.name, sendingAt: iso(), updatedAt: iso() };
    await ctx.store.put(record);
    await faultPoint('after-sending-record');
    // A holder whose lease ran out must not start the transaction: another process may have taken over.
    await lock.assertHeld();

    let receipt: DeliveryReceipt | null = null;
    try {
      receipt = pending.length ? await ctx.transport.send(message, { recipients: pending }) : null;
    } catch (error) {
      if (error instanceof DeliveryError) record.recipients = applyReceipt(outcomes, error.receipt);
      throw await recordFailure(ctx, digest, record, error, log);
    }
    await faultPoint('after-smtp-accepted');
    record.recipients = receipt ? applyReceipt(outcomes, receipt, true) : outcomes;
    const rejected = record.recipients.filter((r) => r.status !== 'accepted');
    if (rejected.length) {
      const refusal = new DigestError('RECIPIENTS_REJECTED', `not accepted for ${rejected.map((r) => `${r.address} (${r.response ?? 'no reply'})`).join(', ')}`);
      throw await recordFailure(ctx, digest, record, refusal, log);
    }
    const alertedBefore = record.alerts.some((a) => a.code !== 'RECOVERED');
    record = { ...record, state: 'sent', sentAt: iso(), updatedAt: iso() };
    await ctx.store.put(record);
    await faultPoint('after-sent-record');
    log.info({ messageId: record.messageId, recipients: record.recipients.length, via: receipt?.location ?? ctx.transport.name }, 'sent');
    if (alertedBefore) await notifyRecovered(ctx, digest, record, log);
    return { status: 'sent', record };
  } finally {
    await lock.release();
  }
}

/** Recipients after a transport's receipt; with `settled`, those still pending were refused. */
function applyReceipt(outcomes: readonly RecipientOutcome[], receipt: DeliveryReceipt, settled = false): RecipientOutcome[] {
  const accepted = new Set(receipt.accepted);
  const details = new Map((receipt.rejectedDetails ?? []).map((r) => [r.address, r]));
  return outcomes.map((o): RecipientOutcome => {
    if (accepted.has(o.address)) return { ...o, status: 'accepted', response: receipt.location };
    const detail = details.get(o.address);
    if (detail) return { ...o, status: 'rejected', response: scrub(detail.response) };
    return o.status === 'pending' && settled ? { ...o, status: 'rejected' } : o;
  });
}

/** The previous record; a broken one is moved aside with `--resend`, else a located error. */
async function readPrevious(ctx: JobContext, digest: DigestConfig, key: LedgerKey, allow: Allowances, log: Logger): Promise<LedgerRecord | null> {
  try {
    return await ctx.store.get(key);
  } catch (error) {
    if (!(error instanceof DigestError) || error.code !== 'LEDGER_UNREADABLE') throw error;
    if (!allow.resend) throw error;
    const aside = await ctx.store.moveAside(key);
    log.warn({ movedTo: aside }, 'the broken ledger entry was moved aside; sending the week again (--resend)');
    return null;
  }
}

function alertFor(digest: DigestConfig, week: string, error: DigestError, issues?: readonly DataIssue[], kind: LedgerKind = 'digest'): Alert {
  const label = kind === 'review' ? 'review draft' : 'digest';
  return { digestId: digest.id, week, code: error.code, headline: `${label} not sent: ${KIND_WORDS[error.kind] ?? error.kind}`, reason: error.message, issues };
}

/**
 * Records a failure in the ledger (`partial` when some recipients have it), alerts ops once per
 * code, and returns the error to throw. A failure to record is logged, never hides the cause.
 */
async function recordFailure(ctx: JobContext, digest: DigestConfig, record: LedgerRecord, error: unknown, log: Logger): Promise<unknown> {
  const code: ErrorCode = error instanceof DigestError ? error.code : 'INTERNAL';
  const spec = ERROR_CODES[code];
  const message = safeMessage(error);
  const someAccepted = record.recipients.some((r) => r.status === 'accepted');
  record.state = someAccepted ? 'partial' : 'failed';
  record.updatedAt = new Date(ctx.clock()).toISOString();
  record.error = { code, message, permanent: !spec.transient };
  record.reason = error instanceof GuardRefusal ? message : record.reason;
  const saved = await ctx.store.put(record).then(() => true, (e: unknown) => {
    log.error({ err: safeMessage(e) }, 'could not record the failure in the ledger');
    return false;
  });
  if (spec.alert) {
    if (record.alerts.some((a) => a.code === code)) {
      log.error({ code, reason: message }, 'not sent (ops were already alerted for this week and code)');
    } else {
      const digestError = error instanceof DigestError ? error : new DigestError('INTERNAL', message);
      const issues = error instanceof GuardRefusal ? error.issues : undefined;
      const alert = alertFor(digest, record.week, digestError, issues, record.kind);
      if (someAccepted) alert.headline = `${record.kind === 'review' ? 'review draft' : 'digest'} not delivered to every recipient`;
      if (await sendAlert(alert, digest, ctx)) {
        record.alerts = [...record.alerts, { code, at: new Date(ctx.clock()).toISOString() }];
        if (saved) await ctx.store.put(record).catch(() => undefined);
      }
    }
  }
  if (error instanceof Error) handled.add(error);
  return error;
}

/** Tells ops that a week that failed before has now gone out. */
async function notifyRecovered(ctx: JobContext, digest: DigestConfig, record: LedgerRecord, log: Logger): Promise<void> {
  const alert: Alert = {
    digestId: digest.id, week: record.week, code: 'RECOVERED',
    headline: `${record.kind === 'review' ? 'review draft' : 'digest'} sent after ${record.attempts - 1} failed attempt(s)`,
    reason: `${record.messageId} went out at ${record.sentAt} to ${record.recipients.length} recipient(s); earlier alerts: ${record.alerts.map((a) => a.code).join(', ')}`,
    action: 'nothing to do',
  };
  if (await sendAlert(alert, digest, ctx)) {
    record.alerts = [...record.alerts, { code: 'RECOVERED', at: new Date(ctx.clock()).toISOString() }];
    await ctx.store.put(record).catch((e: unknown) => log.error({ err: safeMessage(e) }, 'could not record the notice in the ledger'));
  }
}
