/** The SMTP transport against a real smtp-server on loopback: TLS, AUTH, retries, per-recipient outcomes, DKIM. */
import { generateKeyPairSync } from 'node:crypto';
import * as v from 'valibot';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { smtpSchema, type SmtpConfig } from '../../src/deliver/config.js';
import { createSmtpTransport, SmtpDeliveryError } from '../../src/deliver/smtp.js';
import type { OutgoingMessage } from '../../src/deliver/transport.js';
import { prepareMessage } from '../../src/pipeline.js';
import { sampleConfig, tempDir } from '../helpers/cli.js';
import { selfSignedCert, startFakeSmtp, type FakeSmtp, type FakeSmtpOptions } from '../fakes/smtp/server.js';

let message: OutgoingMessage;
let cert: { key: string; cert: string };
const servers: FakeSmtp[] = [];

beforeAll(async () => {
  cert = await selfSignedCert(await tempDir('digest-cert-'));
  const { path } = await sampleConfig();
  const loaded = await loadConfig(path);
  const digest = loaded.config.digests[0]!;
  ({ message } = await prepareMessage(loaded, { ...digest, mail: { ...digest.mail, to: ['team@nordlicht-software.de', 'lead@nordlicht-software.de'] } }, '2026-W47'));
}, 60_000);

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(options: FakeSmtpOptions = {}): Promise<FakeSmtp> {
  const s = await startFakeSmtp(options);
  servers.push(s);
  return s;
}

function smtp(port: number, overrides: Partial<v.InferInput<typeof smtpSchema>> = {}): SmtpConfig {
  return v.parse(smtpSchema, { host: '127.0.0.1', port, allowPlaintext: true, connectionTimeoutMs: 2000, greetingTimeoutMs: 2000, socketTimeoutMs: 5000, retry: { attempts: 3, minDelayMs: 5, maxDelayMs: 20 }, ...overrides });
}

describe('SMTP transport', () => {
  it('delivers the digest: headers, both parts, inline images, every recipient', async () => {
    const s = await server();
    const receipt = await createSmtpTransport({ config: smtp(s.port) }).send(message);
    expect(receipt.accepted).toEqual(['team@nordlicht-software.de', 'lead@nordlicht-software.de']);
    expect(s.messages).toHaveLength(1);
    const [m] = s.messages;
    expect(m!.to).toEqual(['team@nordlicht-software.de', 'lead@nordlicht-software.de']);
    expect(m!.from).toBe('digest@nordlicht-software.de');
    const mail = m!.parsed;
    expect(mail.messageId).toBe('<dach.2026-W47@nordlicht-software.de>');
    expect(mail.subject).toBe(message.mail.subject);
    expect(mail.headers.get('list')).toMatchObject({ unsubscribe: { url: 'https://nordlicht-software.de/abmelden' } });
    expect(m!.raw.toString()).toMatch(/^List-Id: /im);
    expect(mail.text).toContain('KW 47');
    expect(mail.html).toContain('<html');
    const inline = (message.mail.attachments ?? []).length;
    expect(mail.attachments.filter((a) => a.contentDisposition === 'inline' && a.cid)).toHaveLength(inline);
    for (const a of mail.attachments) expect(String(message.mail.html)).toContain(`cid:${a.cid}`);
  });

  it('upgrades with STARTTLS (self-signed certificate trusted via ca) and authenticates', async () => {
    const s = await server({ tls: cert, auth: { user: 'digest', pass: 'pa55-w0rd-secret' } });
    const config = smtp(s.port, { allowPlaintext: false, auth: { user: 'digest' } });
    await createSmtpTransport({ config, password: 'pa55-w0rd-secret', ca: cert.cert }).send(message);
    expect(s.messages[0]).toMatchObject({ secure: true, user: 'digest' });
  });

  it('speaks implicit TLS (secure: true)', async () => {
    const s = await server({ tls: cert, secure: true });
    await createSmtpTransport({ config: smtp(s.port, { secure: true, allowPlaintext: false }), ca: cert.cert }).send(message);
    expect(s.messages[0]!.secure).toBe(true);
  });

  it('refuses to send in plain text when STARTTLS is required but not offered, without retrying', async () => {
    const s = await server();
    const error = await createSmtpTransport({ config: smtp(s.port, { allowPlaintext: false }) }).send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmtpDeliveryError);
    expect((error as SmtpDeliveryError).permanent).toBe(true);
    expect(s.messages).toHaveLength(0);
    expect(s.log.filter((l) => l.startsWith('MAIL'))).toHaveLength(0);
  });

  it('rejects an untrusted certificate', async () => {
    const s = await server({ tls: cert });
    const error = await createSmtpTransport({ config: smtp(s.port, { allowPlaintext: false }) }).send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmtpDeliveryError);
    // Not retried in the run, a delivery failure (exit 5): the fix is a CA file.
    expect(error).toMatchObject({ code: 'SMTP_TLS', permanent: true });
    expect(s.messages).toHaveLength(0);
  });

  it('fails permanently on a wrong password and never shows the password', async () => {
    const s = await server({ tls: cert, auth: { user: 'digest', pass: 'right-password' } });
    const error = await createSmtpTransport({ config: smtp(s.port, { allowPlaintext: false, auth: { user: 'digest' } }), password: 'wrong-s3cret', ca: cert.cert })
      .send(message).catch((e: unknown) => e) as SmtpDeliveryError;
    expect(error.permanent).toBe(true);
    // Refused credentials are an access error (exit 3), like a source's 401.
    expect(error.code).toBe('SMTP_AUTH');
    expect(error.message).toContain('EAUTH');
    expect(JSON.stringify({ message: error.message, receipt: error.receipt })).not.toContain('wrong-s3cret');
    expect(s.log.filter((l) => l.startsWith('AUTH'))).toHaveLength(1);
  });

  it.each([
    ['421 at MAIL FROM', { at: 'mail', code: 421 } as const],
    ['451 at DATA', { at: 'data', code: 451 } as const],
  ])('retries a transient failure (%s) and then succeeds', async (_name, fault) => {
    const s = await server();
    s.faults.push(fault);
    const receipt = await createSmtpTransport({ config: smtp(s.port) }).send(message);
    expect(receipt.accepted).toHaveLength(2);
    expect(s.messages).toHaveLength(1);
    expect(s.log.filter((l) => l.startsWith('MAIL'))).toHaveLength(2);
  });

  it('gives up after the configured attempts on a persistent 4xx (transient error)', async () => {
    const s = await server();
    s.faults.push({ at: 'mail', code: 421 }, { at: 'mail', code: 421 }, { at: 'mail', code: 421 });
    const error = await createSmtpTransport({ config: smtp(s.port) }).send(message).catch((e: unknown) => e) as SmtpDeliveryError;
    expect(error).toBeInstanceOf(SmtpDeliveryError);
    expect(error.permanent).toBe(false);
    expect(s.log.filter((l) => l.startsWith('MAIL'))).toHaveLength(3);
  });

  it('does not retry a 550 and reports it as permanent', async () => {
    const s = await server();
    s.faults.push({ at: 'mail', code: 550 });
    const error = await createSmtpTransport({ config: smtp(s.port) }).send(message).catch((e: unknown) => e) as SmtpDeliveryError;
    expect(error.permanent).toBe(true);
    expect(error.message).toContain('550');
    expect(s.log.filter((l) => l.startsWith('MAIL'))).toHaveLength(1);
    expect(s.messages).toHaveLength(0);
  });

  it('records the outcome per recipient: one refused with 550, the other delivered once', async () => {
    const s = await server({ rejectRecipients: { 'lead@nordlicht-software.de': 550 } });
    const receipt = await createSmtpTransport({ config: smtp(s.port) }).send(message);
    expect(receipt.accepted).toEqual(['team@nordlicht-software.de']);
    expect(receipt.rejectedDetails).toEqual([expect.objectContaining({ address: 'lead@nordlicht-software.de', permanent: true })]);
    expect(s.messages).toHaveLength(1);
  });

  it('retries a recipient deferred with 451 only for that recipient', async () => {
    const s = await server();
    s.faults.push({ at: 'rcpt', code: 451, recipient: 'lead@nordlicht-software.de' });
    const receipt = await createSmtpTransport({ config: smtp(s.port) }).send(message);
    expect(receipt.accepted.sort()).toEqual(['lead@nordlicht-software.de', 'team@nordlicht-software.de']);
    expect(s.messages.map((m) => m.to)).toEqual([['team@nordlicht-software.de'], ['lead@nordlicht-software.de']]);
  });

  it('retries when the connection drops after DATA (the server may have kept that copy)', async () => {
    const s = await server();
    s.faults.push({ at: 'drop-after-data' });
    const receipt = await createSmtpTransport({ config: smtp(s.port) }).send(message);
    expect(receipt.accepted).toHaveLength(2);
    expect(s.messages).toHaveLength(2);
    expect(s.messages.map((m) => m.acknowledged)).toEqual([false, true]);
    expect(new Set(s.messages.map((m) => m.parsed.messageId))).toEqual(new Set(['<dach.2026-W47@nordlicht-software.de>']));
  });

  it('signs with DKIM when configured', async () => {
    const s = await server();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const config = smtp(s.port, { dkim: { domain: 'nordlicht-software.de', selector: 'digest2026', privateKeyFile: 'unused-here.pem' } });
    await createSmtpTransport({ config, dkimPrivateKey: privateKey }).send(message);
    const raw = s.messages[0]!.raw.toString();
    expect(raw).toMatch(/^DKIM-Signature: /m);
    expect(raw).toMatch(/d=nordlicht-software\.de/);
    expect(raw).toMatch(/s=digest2026/);
  });
});
