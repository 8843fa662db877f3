/**
 * The transport port: a finished message goes out through one of these. The outbox writes
 * `.eml` files (the embedded default); SMTP plugs in beside it.
 */
import type Mail from 'nodemailer/lib/mailer/index.js';
import { DigestError, type ErrorCode } from '../errors.js';

export interface OutgoingMessage {
  /** nodemailer message options: envelope, headers, both parts, inline images. */
  mail: Mail.Options;
  /** `<dach.2026-W47@example.com>` */
  messageId: string;
  /** Recipients (bare addresses), already checked against the allowed domains. */
  recipients: string[];
  /** A stable file-safe key: `dach-2026-W47`. */
  key: string;
}

export interface DeliveryReceipt {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /** Where the message went: a file path for the outbox, the server's reply for SMTP. */
  location: string;
  /** Per rejected recipient: the server's reply and whether retrying could help (SMTP only). */
  rejectedDetails?: { address: string; response: string; permanent: boolean }[] | undefined;
}

export interface SendOptions {
  /** Envelope recipients for this attempt (a rerun sends only to those not yet accepted); default: all. */
  recipients?: string[] | undefined;
}

export interface Transport {
  readonly name: string;
  send(message: OutgoingMessage, options?: SendOptions): Promise<DeliveryReceipt>;
  /** Closes connections; the daemon calls it on shutdown. */
  close?(): void;
}

/**
 * A failed send that still knows what happened to each recipient (SMTP: some accepted before
 * the relay refused the rest), so the ledger records who has the message. Part of the port, so
 * the job layer recognises it without loading a transport.
 */
export class DeliveryError extends DigestError {
  constructor(code: ErrorCode, message: string, readonly permanent: boolean, readonly receipt: DeliveryReceipt, cause: unknown) {
    super(code, message, { cause });
  }
}
