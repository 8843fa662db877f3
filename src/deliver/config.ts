/** Config of delivery: how messages leave the tool, where the send ledger lives, who hears about failures. */
import * as v from 'valibot';

const described = <S extends v.GenericSchema>(schema: S, description: string) => v.pipe(schema, v.description(description));
const withDefault = <S extends v.GenericSchema>(schema: S, fallback: v.InferInput<S>, description: string) =>
  v.pipe(v.optional(schema, fallback as never), v.description(description));
const text = v.pipe(v.string(), v.minLength(1, 'must not be empty'));
const ms = v.pipe(v.number(), v.integer(), v.minValue(0, 'must not be negative'));

const retrySchema = v.strictObject({
  attempts: withDefault(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20)), 4, 'attempts in all for a transient failure (connection error, 4xx reply); 5xx is never retried'),
  minDelayMs: withDefault(ms, 2000, 'delay before the first retry, in ms; doubles each time'),
  maxDelayMs: withDefault(ms, 60000, 'longest delay between two attempts, in ms'),
});

export const smtpSchema = v.strictObject({
  host: described(text, 'SMTP server host name, e.g. smtp.office365.com'),
  port: withDefault(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)), 587, 'port: 587 (STARTTLS) or 465 (implicit TLS); 25 for a local relay'),
  secure: withDefault(v.boolean(), false, 'implicit TLS from the first byte (port 465); false = upgrade with STARTTLS'),
  allowPlaintext: withDefault(v.boolean(), false, 'allow a connection without TLS (only for a relay on localhost or in the same pod); otherwise STARTTLS is required'),
  caFile: described(v.optional(text), 'PEM file with the CA that signed the server certificate (internal relays), relative to the config file'),
  name: described(v.optional(text), 'host name sent in EHLO; default: this machine\'s name'),
  auth: described(
    v.optional(
      v.strictObject({
        user: described(text, 'user name for SMTP AUTH'),
        passwordEnv: withDefault(v.pipe(v.string(), v.regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. DIGEST_SMTP_PASSWORD')), 'DIGEST_SMTP_PASSWORD', 'environment variable that holds the password (never the password itself)'),
      }),
    ),
    'SMTP AUTH; omit for a relay that accepts by IP',
  ),
  connectionTimeoutMs: withDefault(ms, 30000, 'how long to wait for the TCP connection'),
  greetingTimeoutMs: withDefault(ms, 30000, 'how long to wait for the server greeting after connecting'),
  socketTimeoutMs: withDefault(ms, 120000, 'how long the connection may stay idle'),
  retry: withDefault(retrySchema, {}, 'retries with exponential backoff'),
  dkim: described(
    v.optional(
      v.strictObject({
        domain: described(text, 'signing domain (d=), usually the From domain'),
        selector: described(text, 'DNS selector (s=): the key is published at <selector>._domainkey.<domain>'),
        privateKeyFile: described(text, 'PEM private key file, relative to the config file; keep it out of the repository'),
      }),
    ),
    'DKIM signing; omit when the relay signs',
  ),
});

const envName = v.pipe(v.string(), v.regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. DIGEST_ALERT_WEBHOOK_URL'));

export const webhookSchema = v.strictObject({
  urlEnv: withDefault(envName, 'DIGEST_ALERT_WEBHOOK_URL', 'environment variable holding the webhook URL (it carries a token: never in the config)'),
  format: withDefault(v.picklist(['slack', 'teams']), 'slack', 'slack: posts {"text": …} (Slack incoming webhooks, Mattermost, Rocket.Chat); teams: an Adaptive Card message as Teams Workflows webhooks expect'),
  timeoutMs: withDefault(ms, 10000, 'timeout of one webhook call, in ms'),
});

export const heartbeatSchema = v.strictObject({
  urlEnv: withDefault(envName, 'DIGEST_HEARTBEAT_URL', 'environment variable holding the success URL: a GET after every run that ended well (healthchecks.io, Cronitor, Uptime Kuma)'),
  failUrlEnv: described(v.optional(envName), 'environment variable holding the failure URL; default: the success URL + "/fail" (the healthchecks.io convention; for Cronitor set one with ?state=fail)'),
  timeoutMs: withDefault(ms, 10000, 'timeout of one heartbeat call, in ms'),
});

export const deliverySchema = v.pipe(
  v.optional(
    v.pipe(
      v.strictObject({
        transport: v.pipe(v.optional(v.picklist(['outbox', 'smtp']), 'outbox'), v.description('outbox: write .eml files to a folder; smtp: send through delivery.smtp')),
        outboxDir: v.pipe(v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty')), 'outbox'), v.description('folder for .eml files, relative to the config file')),
        smtp: described(v.optional(smtpSchema), 'SMTP settings; required when transport is smtp'),
        stateDir: withDefault(text, '.state', 'folder for the send ledger and the locks, relative to the config file; must survive restarts'),
        lockStaleSeconds: withDefault(v.pipe(v.number(), v.integer(), v.minValue(10)), 1800, 'a lock older than this (or held by a dead process on this host) is taken over'),
        alertTo: withDefault(v.array(text), [], 'ops address(es) that get an alert when a digest is not sent, failed or missed (allowed domains only)'),
        webhook: described(v.optional(webhookSchema), 'a chat webhook that also gets every alert, so alerts reach ops when mail is the broken part'),
        heartbeat: described(v.optional(heartbeatSchema), 'a monitor pinged after every run (and daemon wake-up), so a job that stops running at all is noticed'),
      }),
      v.check((d) => d.transport !== 'smtp' || d.smtp !== undefined, 'smtp: required when transport is smtp'),
    ),
    {},
  ),
  v.description('how messages leave'),
);

export type DeliveryConfig = v.InferOutput<typeof deliverySchema>;
export type SmtpConfig = v.InferOutput<typeof smtpSchema>;
export type WebhookConfig = v.InferOutput<typeof webhookSchema>;
export type HeartbeatConfig = v.InferOutput<typeof heartbeatSchema>;
