/**
 * The SMTP transport (nodemailer). TLS is required (implicit TLS, or STARTTLS enforced with
 * `requireTLS`) unless the config allows plain text for a local relay. Transient failures
 * (connection errors, timeouts, 4xx replies) are retried under the shared retry policy (src/retry.ts);
 * permanent ones (5xx) are not. Recipients are tracked one by one: a retry goes only to the
 * recipients that were deferred, never again to one the server already accepted.
 */
import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { ErrorCode } from '../errors.js';
import { RetriesExhausted, withRetry } from '../retry.js';
import { scrub } from '../secrets.js';
import type { SmtpConfig } from './config.js';
import { DeliveryError, type DeliveryReceipt, type OutgoingMessage, type SendOptions, type Transport } from './transport.js';
import type { Logger } from '../log/logger.js';

export interface SmtpTransportOptions {
  config: SmtpConfig;
  /** The password (from the environment variable the config names), if AUTH is configured. */
  password?: string | undefined;
  /** PEM CA certificate(s) to trust for the server. */
  ca?: string | undefined;
  /** PEM DKIM private key. */
  dkimPrivateKey?: string | undefined;
  logger?: Logger | undefined;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  rejectedErrors?: SmtpError[];
  recipient?: string;
  /** Set by the attempt: whether another attempt can still help (some recipients deferred). */
  retryable?: boolean;
}

/** Errors that retrying will not fix: a 5xx reply, failed authentication, TLS not available or not trusted. */
export function isPermanent(error: SmtpError): boolean {
  if (typeof error.responseCode === 'number') return error.responseCode >= 500;
  // A certificate the client does not trust will not become trusted by retrying.
  if (/certificate|self[- ]signed|unable to verify|wrong version number/i.test(error.message ?? '')) return true;
  return ['EAUTH', 'ENOAUTH', 'ETLS', 'ECONFIG', 'EENVELOPE', 'EMESSAGE', 'EREQUIRETLS'].includes(error.code ?? '');
}

const TLS_FAILURE = /certificate|self[- ]signed|unable to verify|wrong version number|ssl|tls/i;

/** The registry code of a failed delivery: refused credentials are config, an untrusted relay TLS. */
export function smtpFailureCode(error: SmtpError, permanent: boolean): ErrorCode {
  if (error.code === 'EAUTH' || error.code === 'ENOAUTH' || error.responseCode === 535) return 'SMTP_AUTH';
  if (error.code === 'ETLS' || error.code === 'EREQUIRETLS' || (typeof error.responseCode !== 'number' && TLS_FAILURE.test(error.message ?? ''))) return 'SMTP_TLS';
  return permanent ? 'SMTP_PERMANENT' : 'SMTP_TRANSIENT';
}

export class SmtpDeliveryError extends DeliveryError {
  constructor(message: string, permanent: boolean, receipt: DeliveryReceipt, cause: SmtpError) {
    super(smtpFailureCode(cause, permanent), message, permanent, receipt, cause);
  }
}

/** One line about an SMTP error, without anything secret (nodemailer never puts the password in one). */
export function describeSmtpError(error: SmtpError): string {
  const reply = error.response ? `: ${error.response.split('\n')[0]}` : '';
  return `${error.code ?? 'ERROR'}${error.command ? ` at ${error.command}` : ''}${reply || `: ${error.message}`}`;
}

export function createSmtpTransport(options: SmtpTransportOptions): Transport {
  const { config, logger } = options;
  const transportOptions: SMTPTransport.Options = {
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: !config.secure && !config.allowPlaintext,
    connectionTimeout: config.connectionTimeoutMs,
    greetingTimeout: config.greetingTimeoutMs,
    socketTimeout: config.socketTimeoutMs,
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}) },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  if (config.name) transportOptions.name = config.name;
  if (config.auth) transportOptions.auth = { user: config.auth.user, pass: options.password ?? '' };
  if (config.dkim && options.dkimPrivateKey) {
    transportOptions.dkim = { domainName: config.dkim.domain, keySelector: config.dkim.selector, privateKey: options.dkimPrivateKey };
  }
  const transporter = createTransport(transportOptions);
  const name = `smtp://${config.host}:${config.port}`;

  return {
    name,
    close: () => transporter.close(),
    async send(message: OutgoingMessage, sendOptions: SendOptions = {}): Promise<DeliveryReceipt> {
      const pending = new Set(sendOptions.recipients ?? message.recipients);
      const accepted: string[] = [];
      const rejectedDetails: NonNullable<DeliveryReceipt['rejectedDetails']> = [];
      let lastResponse = '';
      const envelopeFrom = (message.mail.from as string | undefined) ?? '';

      const attempt = async (attemptNumber: number) => {
        const to = [...pending];
        logger?.info({ messageId: message.messageId, attempt: attemptNumber, recipients: to.length, server: name }, 'smtp: sending');
        let info: SMTPTransport.SentMessageInfo;
        try {
          info = await transporter.sendMail({ ...message.mail, envelope: { from: envelopeFrom, to } });
        } catch (error) {
          const err = error as SmtpError;
          // Every recipient refused: record each one's reply.
          for (const rejected of err.rejectedErrors ?? []) {
            if (!rejected.recipient) continue;
            noteRejected(rejected.recipient, rejected.response ?? rejected.message, isPermanent(rejected));
          }
          // Another attempt helps only while some recipient is still pending for a reason that can pass.
          err.retryable = err.rejectedErrors?.length ? pending.size > 0 : !isPermanent(err);
          throw err;
        }
        lastResponse = info.response;
        for (const address of info.accepted.map(String)) {
          pending.delete(address.toLowerCase());
          pending.delete(address);
          accepted.push(address.toLowerCase());
        }
        const errors = (info as unknown as { rejectedErrors?: SmtpError[] }).rejectedErrors ?? [];
        for (const rejected of errors) if (rejected.recipient) noteRejected(rejected.recipient, rejected.response ?? rejected.message, isPermanent(rejected));
        if (pending.size > 0) {
          const e: SmtpError = new Error(`${pending.size} recipient(s) deferred`);
          e.code = 'EDEFERRED';
          e.responseCode = 450;
          e.retryable = true;
          throw e;
        }
      };

      function noteRejected(address: string, response: string, permanent: boolean): void {
        const bare = address.toLowerCase();
        const existing = rejectedDetails.findIndex((r) => r.address === bare);
        if (existing >= 0) rejectedDetails.splice(existing, 1);
        rejectedDetails.push({ address: bare, response: response.split('\n')[0] ?? '', permanent });
        if (permanent) pending.delete(bare);
      }

      const receipt = (): DeliveryReceipt => ({
        messageId: message.messageId,
        accepted,
        rejected: rejectedDetails.filter((r) => !accepted.includes(r.address)).map((r) => r.address).concat([...pending].filter((p) => !rejectedDetails.some((r) => r.address === p))),
        location: lastResponse ? `${name} ${lastResponse}` : name,
        rejectedDetails: rejectedDetails.filter((r) => !accepted.includes(r.address)),
      });

      try {
        await withRetry(
          attempt,
          { retries: config.retry.attempts - 1, minDelayMs: config.retry.minDelayMs, maxDelayMs: config.retry.maxDelayMs },
          (error) => ({ retry: (error as SmtpError).retryable ?? !isPermanent(error as SmtpError) }),
          {
            onRetry: ({ error, attempt: n, waitMs }) => {
              logger?.warn({ messageId: message.messageId, attempt: n, waitMs, error: scrub(describeSmtpError(error as SmtpError)) }, 'smtp: attempt failed; retrying');
            },
          },
        );
      } catch (error) {
        const err = (error instanceof RetriesExhausted ? error.lastError : error) as SmtpError;
        const r = receipt();
        if (accepted.length > 0 && pending.size === 0) return r;
        const permanent = pending.size === 0 || isPermanent(err);
        const what = describeSmtpError(err);
        const message_ = accepted.length
          ? `accepted for ${accepted.length} recipient(s), not for ${r.rejected.join(', ')} (${what})`
          : `not delivered through ${name}: ${what}`;
        throw new SmtpDeliveryError(message_, permanent && err.code !== 'EDEFERRED', r, err);
      }
      // No logging here: the caller records the outcome in the ledger first (see docs/operations.md).
      return receipt();
    },
  };
}
