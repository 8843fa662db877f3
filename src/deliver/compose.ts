/**
 * From a rendered digest to the message nodemailer sends: headers (Message-ID derived from
 * digest id and week, List-Id, List-Unsubscribe), both parts and the inline images.
 */
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { DigestConfig } from '../config/schema.js';
import type { RenderedDigest } from '../render/types.js';
import { addressDomain, assertAllowedRecipients, bareAddress } from './recipients.js';
import type { OutgoingMessage } from './transport.js';

export interface ComposeOptions {
  digest: DigestConfig;
  week: string;
  allowedDomains: readonly string[];
  /** Test send: these recipients instead of the list (same domain rule). */
  to?: string[] | undefined;
  /** The Date header; nodemailer uses the current time when omitted. */
  date?: Date | undefined;
  /** A distinct message of the same week (e.g. `review`): Message-ID and key get this suffix. */
  variant?: string | undefined;
}

export function messageIdFor(digest: DigestConfig, week: string, variant?: string): string {
  const domain = addressDomain(digest.mail.from) ?? 'localhost';
  return `<${digest.id}.${week}${variant ? `.${variant}` : ''}@${domain}>`;
}

/** List-Id as nodemailer's `list.id`: `"Title" <dach.digest.example.com>` unless configured. */
export function listIdFor(digest: DigestConfig): { url: string; comment?: string } {
  if (digest.mail.listId) return { url: digest.mail.listId };
  const domain = addressDomain(digest.mail.from) ?? 'localhost';
  return { url: `${digest.id}.digest.${domain}`, comment: digest.title };
}

/**
 * Both parts with CRLF line ends, as RFC 5322 has them on the wire. nodemailer's
 * quoted-printable encoder then sees each line break for what it is (a soft break only where a
 * line is longer than 76 characters), and the finished message needs no newline conversion.
 */
const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

export function composeMessage(rendered: RenderedDigest, options: ComposeOptions): OutgoingMessage {
  const { digest, week } = options;
  const testSend = options.to !== undefined && options.to.length > 0;
  const to = testSend ? options.to! : digest.mail.to;
  assertAllowedRecipients(to, options.allowedDomains);
  // A test send (or a review draft) is a different message from the real one: it must not share its Message-ID.
  const variant = options.variant ?? (testSend ? 'test' : undefined);
  const messageId = messageIdFor(digest, week, variant);

  const headers: Record<string, string> = { 'X-Digest-Week': week };
  const list: Mail.ListHeaders = { id: listIdFor(digest) };
  const mail: Mail.Options = {
    from: digest.mail.from,
    to,
    subject: rendered.subject,
    text: crlf(rendered.text),
    html: crlf(rendered.html),
    // Quoted-printable for both parts and encoded headers, which is what nodemailer picks for
    // Latin-script text anyway, without its character-by-character count of each part.
    textEncoding: 'quoted-printable',
    messageId,
    headers,
    list,
    attachments: rendered.images.map((img) => ({ cid: img.cid, filename: img.filename, content: img.content, contentType: img.contentType, contentDisposition: 'inline' as const })),
  };
  if (digest.mail.replyTo) mail.replyTo = digest.mail.replyTo;
  if (options.date) mail.date = options.date;
  const unsubscribe = digest.mail.unsubscribeUrl;
  if (unsubscribe) {
    list.unsubscribe = unsubscribe;
    if (unsubscribe.startsWith('https:')) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return { mail, messageId, recipients: to.map((a) => bareAddress(a)!), key: `${digest.id}-${week}${variant ? `-${variant}` : ''}` };
}
