/**
 * One (digest, week) sent at most once, recorded in the ledger, under the digest's lock:
 *
 *   lock → ledger says sent? stop → record `rendering` → sources, model, render, guards →
 *   record `sending` (Message-ID, recipients) → SMTP transaction → record `sent` → unlock
 *
 * A crash before `sending` is recorded means nothing went out: the rerun starts over. A crash
 * after `sent` is recorded means the week is done. Only a crash between the server's final
 * 250 reply and the fsync of the `sent` record leaves a `sending` record for a message that did
 * go out; the rerun sends it again with the same Message-ID (the one duplicate window; see
 * docs/operations.md). Recipients the server accepted are recorded, so a retry after a partial
 * failure only goes to those still missing.
 */
import type { LoadedConfig } from '../config/load.js';
import type { DigestConfig } from '../config/schema.js';
import { DigestError, type ErrorCode } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { DataIssue } from '../model/types.js';
import { prepareMessage, type PreparedMessage } from '../pipeline.js';
import { sendAlert, type Alert } from './alerts.js';
import { faultPoint } from './faults.js';
import { checkBeforeSending, missingNotes } from './guards.js';
import { checkMessageSize } from '../render/size.js';
import { newRecord, type Ledger, type LedgerKind, type LedgerRecord, type RecipientOutcome } from './ledger.js';
import { acquireLock, isHandle, type LockInfo } from './lock.js';
import { decorateReview, reviewNotice } from './review.js';
import { SmtpDeliveryError } from './smtp.js';
import type { Transport } from './transport.js';

export interface SendContext {
  loaded: LoadedConfig;
  ledger: Ledger;
  transport: Transport;
  logger: Logger;
  stateDir: string;
  /** The wall clock for ledger timestamps (tests may pin it). */
  clock?: () => number;
}

export type SendOutcome =
  | { status: 'sent'; record: LedgerRecord }
  | { status: 'already-sent'; record: LedgerRecord }
  | { status: 'locked'; heldBy: LockInfo };

export interface SendWeekOptions {
  kind?: LedgerKind;
  /** Send again although the ledger says sent. */
  force?: boolean | undefined;
  /** Skip the empty-week and freshness guards (send --force). */
  skipGuards?: boolean | undefined;
  /** The scheduled run this send belongs to. */
  scheduledForMs?: number | undefined;
  /** For the review draft: when the real digest goes out (shown in the notice). */
  sendAtLabel?: string | undefined;
}

export async function sendWeek(ctx: SendContext, digest: DigestConfig, week: string, options: SendWeekOptions = {}): Promise<SendOutcome> {
  const kind = options.kind ?? 'digest';
  const clock = ctx.clock ?? Date.now;
  const iso = () => new Date(clock()).toISOString();
  const log = ctx.logger.child({ digest: digest.id, week, kind });
  const lock = await acquireLock(ctx.stateDir, digest.id, { staleMs: ctx.loaded.config.delivery.lockStaleSeconds * 1000 });
  if (!isHandle(lock)) {
    log.warn({ heldBy: { pid: lock.heldBy.pid, host: lock.heldBy.host, at: lock.heldBy.at } }, 'another process is sending this digest; leaving it to that one');
    return { status: 'locked', heldBy: lock.heldBy };
  }
  try {
    await faultPoint('after-lock');
    const previous = await ctx.ledger.get(digest.id, week, kind);
    if (previous?.state === 'sent' && !options.force) {
      log.info({ messageId: previous.messageId, sentAt: previous.sentAt }, 'already sent; nothing to do');
      return { status: 'already-sent', record: previous };
    }
    if (previous?.state === 'sending') {
      log.warn({ messageId: previous.messageId, since: previous.sendingAt }, 'the previous attempt stopped during the SMTP transaction; sending again with the same Message-ID (a duplicate is possible if the server had accepted it)');
    }
    const resend = previous?.state === 'sent' && options.force === true;
    let record: LedgerRecord = {
      ...(previous ?? newRecord(digest.id, week, kind, iso())),
      state: 'rendering',
      attempts: (previous?.attempts ?? 0) + 1,
      updatedAt: iso(),
      error: null,
      reason: null,
      scheduledFor: options.scheduledForMs !== undefined ? new Date(options.scheduledForMs).toISOString() : (previous?.scheduledFor ?? null),
    };
    await ctx.ledger.put(record);
    await faultPoint('after-rendering-record');

    const prepared = await prepare(ctx, digest, week, kind, options, record, log);
    const { message } = prepared;
    const alreadyAccepted = new Set(
      !resend && previous?.messageId === message.messageId ? previous.recipients.filter((r) => r.status === 'accepted').map((r) => r.address) : [],
    );
    const pending = message.recipients.filter((r) => !alreadyAccepted.has(r));
    const outcomes: RecipientOutcome[] = message.recipients.map((address) => ({ address, status: alreadyAccepted.has(address) ? 'accepted' : 'pending' }));

    await faultPoint('before-sending-record');
    record = { ...record, state: 'sending', messageId: message.messageId, recipients: outcomes, transport: ctx.transport.name, sendingAt: iso(), updatedAt: iso() };
    await ctx.ledger.put(record);
    await faultPoint('after-sending-record');

    try {
      const receipt = pending.length ? await ctx.transport.send(message, { recipients: pending }) : null;
      await faultPoint('after-smtp-accepted');
      const accepted = new Set(receipt?.accepted ?? []);
      const details = new Map((receipt?.rejectedDetails ?? []).map((r) => [r.address, r]));
      record.recipients = outcomes.map((o) =>
        accepted.has(o.address) ? { ...o, status: 'accepted', response: receipt?.location }
          : details.has(o.address) ? { ...o, status: 'rejected', response: details.get(o.address)!.response }
          : o.status === 'pending' && receipt ? { ...o, status: 'rejected' } : o,
      );
      const rejected = record.recipients.filter((r) => r.status !== 'accepted');
      if (rejected.length) {
        const permanent = rejected.every((r) => details.get(r.address)?.permanent ?? false);
        record = { ...record, state: 'failed', updatedAt: iso(), error: { code: 'RECIPIENTS_REJECTED', message: `not accepted for ${rejected.map((r) => `${r.address} (${r.response ?? 'no reply'})`).join(', ')}`, permanent } };
        await ctx.ledger.put(record);
        throw await failed(ctx, digest, record, { code: 'RECIPIENTS_REJECTED', headline: 'digest not delivered to every recipient', reason: record.error!.message }, log);
      }
      record = { ...record, state: 'sent', sentAt: iso(), updatedAt: iso() };
      await ctx.ledger.put(record);
      await faultPoint('after-sent-record');
      log.info({ messageId: record.messageId, recipients: record.recipients.length, via: receipt?.location ?? ctx.transport.name }, 'sent');
      return { status: 'sent', record };
    } catch (error) {
      if (!(error instanceof SmtpDeliveryError)) throw error;
      const accepted = new Set(error.receipt.accepted);
      const details = new Map((error.receipt.rejectedDetails ?? []).map((r) => [r.address, r]));
      record.recipients = outcomes.map((o) =>
        accepted.has(o.address) ? { ...o, status: 'accepted' } : details.has(o.address) ? { ...o, status: 'rejected', response: details.get(o.address)!.response } : o,
      );
      record = { ...record, state: 'failed', updatedAt: iso(), error: { code: error.code, message: error.message, permanent: error.permanent } };
      await ctx.ledger.put(record);
      throw await failed(ctx, digest, record, { code: error.code, headline: error.permanent ? 'digest rejected by the mail server' : 'digest could not be delivered (mail server unreachable or deferring)', reason: error.message }, log, error);
    }
  } finally {
    await lock.release();
  }
}

async function prepare(
  ctx: SendContext,
  digest: DigestConfig,
  week: string,
  kind: LedgerKind,
  options: SendWeekOptions,
  record: LedgerRecord,
  log: Logger,
): Promise<PreparedMessage> {
  const german = digest.locale.startsWith('de');
  let prepared: PreparedMessage;
  try {
    prepared = kind === 'review'
      ? await prepareMessage(ctx.loaded, digest, week, {
          to: digest.review?.to,
          variant: 'review',
          decorate: (rendered, built) => decorateReview(rendered, reviewNotice(options.sendAtLabel ?? '', missingNotes(built, digest.kpis.map((k) => k.id)), german), german),
        })
      : await prepareMessage(ctx.loaded, digest, week);
  } catch (error) {
    if (error instanceof DigestError && error.kind === 'data') {
      const updated = { ...record, state: 'failed' as const, updatedAt: new Date().toISOString(), reason: error.message, error: { code: 'SOURCE_FAILED', message: error.message, permanent: false } };
      await ctx.ledger.put(updated);
      throw await failed(ctx, digest, updated, { code: 'SOURCE_FAILED', headline: 'digest not sent: a source failed', reason: error.message }, log, error);
    }
    if (error instanceof DigestError) {
      await ctx.ledger.put({ ...record, state: 'failed', updatedAt: new Date().toISOString(), error: { code: error.code, message: error.message, permanent: true } });
    }
    throw error;
  }
  const errors = prepared.digest.dataIssues.filter((i) => i.severity === 'error').length;
  log.info({ issues: prepared.digest.dataIssues.length, errors }, 'digest built');
  if (kind === 'digest' && !options.skipGuards) {
    const refusals = checkBeforeSending(prepared.digest, prepared.records, digest.timezone, digest.freshness);
    if (refusals.length) {
      const first = refusals[0]!;
      const reason = refusals.map((r) => r.reason).join('; ');
      const updated = { ...record, state: 'failed' as const, updatedAt: new Date().toISOString(), reason, error: { code: first.code, message: reason, permanent: false } };
      await ctx.ledger.put(updated);
      throw await failed(ctx, digest, updated, { code: first.code, headline: first.code === 'EMPTY_WEEK' ? 'digest not sent: the week has no data' : 'digest not sent: the sources look stale', reason, issues: prepared.digest.dataIssues }, log);
    }
  }
  // Never forced: Gmail would clip the message, unsubscribe link included.
  const oversize = checkMessageSize(prepared.rendered);
  if (oversize) {
    const updated = { ...record, state: 'failed' as const, updatedAt: new Date().toISOString(), reason: oversize.reason, error: { code: oversize.code, message: oversize.reason, permanent: true } };
    await ctx.ledger.put(updated);
    throw await failed(ctx, digest, updated, { code: oversize.code, headline: 'digest not sent: the message is too large', reason: oversize.reason }, log);
  }
  return prepared;
}

/** Alerts ops once per (record, code) and returns the error to throw. */
async function failed(
  ctx: SendContext,
  digest: DigestConfig,
  record: LedgerRecord,
  what: { code: ErrorCode; headline: string; reason: string; issues?: readonly DataIssue[] },
  log: Logger,
  cause?: unknown,
): Promise<DigestError> {
  const alert: Alert = { digestId: digest.id, week: record.week, code: what.code, headline: what.headline, reason: what.reason, issues: what.issues };
  if (!record.alerts.some((a) => a.code === what.code)) {
    const alerted = await sendAlert(alert, { digest, alertTo: ctx.loaded.config.delivery.alertTo, allowedDomains: ctx.loaded.config.allowedDomains, transport: ctx.transport, logger: log, nowMs: Date.now() });
    if (alerted) {
      record.alerts = [...record.alerts, { code: what.code, at: new Date().toISOString() }];
      await ctx.ledger.put(record);
    }
  } else {
    log.error({ code: what.code, reason: what.reason }, `${what.headline} (ops were already alerted)`);
  }
  const label = record.kind === 'review' ? 'review draft' : 'digest';
  return new DigestError(what.code, `${record.digestId} ${record.week}: ${label} ${what.headline.replace(/^digest /, '')}: ${what.reason}`, { cause });
}
