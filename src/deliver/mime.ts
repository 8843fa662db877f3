/** The finished MIME message as bytes. Kept apart from compose: nodemailer takes ~70 ms to load. */
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';

/**
 * The raw RFC 5322 message, built by nodemailer's full message pipeline (which also turns
 * `list` into the List-* headers), exactly as a transport would send it.
 */
export async function buildRaw(mail: Mail.Options): Promise<Buffer> {
  const info = await createTransport({ streamTransport: true, buffer: true, newline: 'windows' }).sendMail(mail);
  return info.message as Buffer;
}
