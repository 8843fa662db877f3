/**
 * Alerts to ops, through every configured channel: the alert email (through the digest's own
 * transport, to `alertTo`) and the chat webhook. An alert counts as delivered when any channel
 * took it, so ops hear about a broken relay through the webhook. One alert per (digest, week,
 * code): the ledger record remembers which codes were alerted; a notice follows when a week
 * finally goes out after failures. Everything leaving here is scrubbed of secrets.
 */
import type { LoadedConfig } from '../config/load.js';
import type { DigestConfig } from '../config/schema.js';
import { ERROR_CODES, isErrorCode } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { DataIssue } from '../model/types.js';
import { scrub, readSecret } from '../secrets.js';
import { addressDomain, assertAllowedRecipients, bareAddress } from '../deliver/recipients.js';
import type { OutgoingMessage, Transport } from '../deliver/transport.js';
import { postWebhook } from '../deliver/http-notify.js';
import type { WebhookConfig } from '../deliver/config.js';

export interface Alert {
  digestId: string;
  week: string;
  /** A registry code, or `MISSED` / `RECOVERED` (not errors: a week recorded as missed, a week sent after failures). */
  code: string;
  headline: string;
  reason: string;
  issues?: readonly DataIssue[] | undefined;
  /** What ops can do next; default: the registry's hint for the code. */
  action?: string | undefined;
}

export interface AlertContext {
  loaded: LoadedConfig;
  transport: Transport;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  clock: () => number;
  /** The webhook poster (tests may count calls); default: POST with fetch. */
  post?: typeof postWebhook;
}

export function alertRecipients(digest: DigestConfig, deliveryAlertTo: readonly string[]): string[] {
  return [...(digest.alertTo ?? deliveryAlertTo)];
}

/** Throws RefusedRecipientError before anything is sent when an ops address is outside the allowed domains. */
export function assertAlertRecipients(digest: DigestConfig, deliveryAlertTo: readonly string[], allowedDomains: readonly string[]): void {
  assertAllowedRecipients(alertRecipients(digest, deliveryAlertTo), allowedDomains);
}

function actionFor(alert: Alert): string {
  if (alert.action) return alert.action;
  return isErrorCode(alert.code) ? ERROR_CODES[alert.code].hint : `digest history --digest ${alert.digestId}`;
}

/** The alert as plain text lines (mail body and webhook text share them). */
export function alertText(alert: Alert, digest: DigestConfig, maxIssues = 200): string {
  const issues = alert.issues ?? [];
  return scrub([
    alert.headline,
    '',
    `Digest: ${alert.digestId} (${digest.title})`,
    `Week:   ${alert.week}`,
    `Code:   ${alert.code}`,
    '',
    `Reason: ${alert.reason}`,
    ...(issues.length ? ['', `Data issues (${issues.length}):`, ...issues.slice(0, maxIssues).map((i) => `  ${i.severity} ${i.location}: ${i.message}`)] : []),
    ...(issues.length > maxIssues ? [`  … and ${issues.length - maxIssues} more (digest validate lists them all)`] : []),
    '',
    `Next: ${actionFor(alert)}`,
    `History: digest history --digest ${alert.digestId}`,
  ].join('\n'));
}

export function composeAlert(alert: Alert, digest: DigestConfig, to: readonly string[], nowMs: number): OutgoingMessage {
  const domain = addressDomain(digest.mail.from) ?? 'localhost';
  const stamp = new Date(nowMs).toISOString().replace(/[^0-9]/g, '').slice(0, 14);
  const messageId = `<${alert.digestId}.${alert.week}.alert.${alert.code.toLowerCase()}.${stamp}@${domain}>`;
  return {
    mail: {
      from: digest.mail.from,
      to: [...to],
      subject: scrub(`[digest alert] ${alert.digestId} ${alert.week}: ${alert.headline}`),
      text: alertText(alert, digest),
      headers: { 'X-Digest-Week': alert.week, 'X-Digest-Alert': alert.code, 'Auto-Submitted': 'auto-generated' },
      messageId,
      date: new Date(nowMs),
    },
    messageId,
    recipients: to.map((a) => bareAddress(a)!),
    key: `${alert.digestId}-${alert.week}-alert-${alert.code.toLowerCase()}-${stamp}`,
  };
}

/** The webhook body: Slack's `{ text }`, or an Adaptive Card message for Teams Workflows. */
export function webhookBody(alert: Alert, digest: DigestConfig, format: WebhookConfig['format']): unknown {
  const text = alertText(alert, digest, 20);
  if (format === 'slack') return { text: `*[digest alert] ${scrub(alert.headline)}*\n${text}` };
  const [first, ...rest] = text.split('\n');
  return {
    type: 'message',
    attachments: [{
      contentType: 'application/vnd.microsoft.card.adaptive',
      contentUrl: null,
      content: {
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        type: 'AdaptiveCard',
        version: '1.4',
        body: [
          { type: 'TextBlock', text: `[digest alert] ${first}`, weight: 'Bolder', size: 'Medium', wrap: true },
          { type: 'TextBlock', text: rest.join('\n').trim(), wrap: true, fontType: 'Monospace' },
        ],
      },
    }],
  };
}

/** Sends the alert through every channel; true when any channel took it. Never throws. */
export async function sendAlert(alert: Alert, digest: DigestConfig, ctx: AlertContext): Promise<boolean> {
  const { delivery, allowedDomains } = ctx.loaded.config;
  const log = ctx.logger;
  log.error({ code: alert.code, reason: scrub(alert.reason), issues: alert.issues?.length ?? 0 }, scrub(`alert: ${alert.headline}`));
  let delivered = false;

  const to = alertRecipients(digest, delivery.alertTo);
  if (to.length) {
    try {
      assertAllowedRecipients(to, allowedDomains);
      const receipt = await ctx.transport.send(composeAlert(alert, digest, to, ctx.clock()));
      log.info({ code: alert.code, to: receipt.accepted }, 'alert sent to ops by mail');
      delivered = true;
    } catch (error) {
      log.error({ code: alert.code, err: scrub((error as Error).message) }, 'could not send the alert mail to ops');
    }
  }

  const webhook = delivery.webhook;
  if (webhook) {
    const url = readSecret(ctx.env, webhook.urlEnv);
    if (!url) log.error({ env: webhook.urlEnv }, `the alert webhook is configured but ${webhook.urlEnv} is not set`);
    else {
      try {
        await (ctx.post ?? postWebhook)(url, webhookBody(alert, digest, webhook.format), { timeoutMs: webhook.timeoutMs });
        log.info({ code: alert.code, format: webhook.format }, 'alert posted to the webhook');
        delivered = true;
      } catch (error) {
        log.error({ code: alert.code, err: scrub((error as Error).message) }, 'could not post the alert to the webhook');
      }
    }
  }
  if (!to.length && !webhook) log.warn('no alert channel configured (delivery.alertTo, delivery.webhook): the alert was only logged');
  return delivered;
}
