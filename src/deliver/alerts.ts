/**
 * Alerts to ops: a short plain-text mail when a digest was not sent (a guard refused it, a
 * source failed), failed to deliver, or was missed. The ops address passes the same recipient
 * guard as the list. An alert that cannot be sent is logged; it never hides the original error.
 */
import type { DigestConfig } from '../config/schema.js';
import type { DataIssue } from '../model/types.js';
import type { Logger } from '../log/logger.js';
import { addressDomain, assertAllowedRecipients, bareAddress } from './recipients.js';
import type { OutgoingMessage, Transport } from './transport.js';

export interface Alert {
  digestId: string;
  week: string;
  /** Stable code: EMPTY_WEEK, STALE_SOURCES, SOURCE_FAILED, SMTP_PERMANENT, SMTP_TRANSIENT, MISSED … */
  code: string;
  headline: string;
  reason: string;
  issues?: readonly DataIssue[] | undefined;
  /** What ops can do next. */
  action?: string | undefined;
}

export function alertRecipients(digest: DigestConfig, deliveryAlertTo: readonly string[]): string[] {
  return [...(digest.alertTo ?? deliveryAlertTo)];
}

/** Throws RefusedRecipientError before anything is sent when an ops address is outside the allowed domains. */
export function assertAlertRecipients(digest: DigestConfig, deliveryAlertTo: readonly string[], allowedDomains: readonly string[]): void {
  assertAllowedRecipients(alertRecipients(digest, deliveryAlertTo), allowedDomains);
}

export function composeAlert(alert: Alert, digest: DigestConfig, to: readonly string[], nowMs: number): OutgoingMessage {
  const domain = addressDomain(digest.mail.from) ?? 'localhost';
  const issues = alert.issues ?? [];
  const text = [
    `${alert.headline}`,
    '',
    `Digest: ${alert.digestId} (${digest.title})`,
    `Week:   ${alert.week}`,
    `Code:   ${alert.code}`,
    '',
    `Reason: ${alert.reason}`,
    ...(issues.length ? ['', `Data issues (${issues.length}):`, ...issues.slice(0, 200).map((i) => `  ${i.severity} ${i.location}: ${i.message}`)] : []),
    ...(issues.length > 200 ? [`  … and ${issues.length - 200} more (digest validate lists them all)`] : []),
    '',
    alert.action ?? `Next: fix the cause, then run "digest send --digest ${alert.digestId} --week ${alert.week}" (it sends only what is missing).`,
    `History: digest history --digest ${alert.digestId}`,
  ].join('\n');
  const stamp = new Date(nowMs).toISOString().replace(/[^0-9]/g, '').slice(0, 14);
  return {
    mail: {
      from: digest.mail.from,
      to: [...to],
      subject: `[digest alert] ${alert.digestId} ${alert.week}: ${alert.headline}`,
      text,
      headers: { 'X-Digest-Week': alert.week, 'X-Digest-Alert': alert.code, 'Auto-Submitted': 'auto-generated' },
      messageId: `<${alert.digestId}.${alert.week}.alert.${alert.code.toLowerCase()}.${stamp}@${domain}>`,
      date: new Date(nowMs),
    },
    messageId: `<${alert.digestId}.${alert.week}.alert.${alert.code.toLowerCase()}.${stamp}@${domain}>`,
    recipients: to.map((a) => bareAddress(a)!),
    key: `${alert.digestId}-${alert.week}-alert-${alert.code.toLowerCase()}-${stamp}`,
  };
}

/** Sends the alert if an ops address is configured; returns whether it went out. */
export async function sendAlert(
  alert: Alert,
  context: { digest: DigestConfig; alertTo: readonly string[]; allowedDomains: readonly string[]; transport: Transport; logger: Logger; nowMs: number },
): Promise<boolean> {
  const to = alertRecipients(context.digest, context.alertTo);
  context.logger.error({ digest: alert.digestId, week: alert.week, code: alert.code, reason: alert.reason, issues: alert.issues?.length ?? 0 }, `alert: ${alert.headline}`);
  if (!to.length) {
    context.logger.warn({ digest: alert.digestId }, 'no ops alert address configured (delivery.alertTo): the alert was only logged');
    return false;
  }
  assertAllowedRecipients(to, context.allowedDomains);
  try {
    const receipt = await context.transport.send(composeAlert(alert, context.digest, to, context.nowMs));
    context.logger.info({ digest: alert.digestId, week: alert.week, code: alert.code, to: receipt.accepted }, 'alert sent to ops');
    return true;
  } catch (error) {
    context.logger.error({ digest: alert.digestId, week: alert.week, err: (error as Error).message }, 'could not send the alert to ops');
    return false;
  }
}
