/**
 * A real SMTP server on loopback port 0 (the `smtp-server` package) that parses what it
 * receives (mailparser) and fails on request: a reply code at MAIL FROM, RCPT TO or DATA, a
 * recipient rejected, the connection dropped after the message was received, a pause before
 * the final reply (the exactly-once tests kill the client there).
 */
import type { Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMessage {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
  secure: boolean;
  user: string | undefined;
  /** Whether the server answered 250 (false: dropped or paused and killed). */
  acknowledged: boolean;
}

export type Fault =
  | { at: 'mail' | 'data'; code: number; message?: string }
  | { at: 'rcpt'; code: number; message?: string; recipient?: string }
  | { at: 'drop-after-data' };

export interface FakeSmtpOptions {
  secure?: boolean;
  /** PEM key and certificate: enables STARTTLS (or implicit TLS with `secure`). */
  tls?: { key: string; cert: string };
  auth?: { user: string; pass: string };
  /** Quote the password given in the 535 reply (as a careless relay might). */
  echoPasswordOnFailure?: boolean;
  /** Recipients always refused with this code (e.g. 550). */
  rejectRecipients?: Record<string, number>;
  /** Called with each fully received message before the reply; may hang (kill tests). */
  beforeReply?: ((message: ReceivedMessage) => Promise<void> | void) | undefined;
  /** Called at MAIL FROM before the reply; may hang (kill tests). */
  beforeMailReply?: (() => Promise<void> | void) | undefined;
}

export interface FakeSmtp {
  port: number;
  messages: ReceivedMessage[];
  /** Fault queue: each fault applies once, to the first command of its kind. */
  faults: Fault[];
  /** Commands seen, e.g. `MAIL`, `RCPT a@b`, `DATA`, `AUTH user`. */
  log: string[];
  options: FakeSmtpOptions;
  close(): Promise<void>;
}

function smtpError(code: number, message?: string): Error {
  return Object.assign(new Error(message ?? (code >= 500 ? 'Permanent failure (test)' : 'Try again later (test)')), { responseCode: code });
}

export async function startFakeSmtp(options: FakeSmtpOptions = {}): Promise<FakeSmtp> {
  const messages: ReceivedMessage[] = [];
  const faults: Fault[] = [];
  const log: string[] = [];
  const sockets = new Map<number, Socket>();
  const takeFault = (at: Fault['at']): { code: number; message?: string } | undefined => {
    const i = faults.findIndex((f) => f.at === at);
    if (i < 0) return undefined;
    const fault = faults.splice(i, 1)[0]!;
    return 'code' in fault ? fault : { code: 0 };
  };

  const serverOptions: SMTPServerOptions = {
    secure: options.secure ?? false,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    hideSTARTTLS: !options.tls,
    authOptional: !options.auth,
    disabledCommands: [...(options.auth ? [] : ['AUTH']), ...(options.tls ? [] : ['STARTTLS'])],
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, callback) {
      log.push(`AUTH ${auth.username}`);
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) return callback(null, { user: auth.username });
      // A careless relay quotes what it was given; the client must not let that leak.
      callback(smtpError(535, options.echoPasswordOnFailure ? `Authentication credentials invalid: password "${auth.password}" is wrong` : 'Authentication credentials invalid'));
    },
    onMailFrom(address, _session, callback) {
      log.push(`MAIL ${address.address}`);
      const fault = takeFault('mail');
      void Promise.resolve(options.beforeMailReply?.()).then(() => callback(fault ? smtpError(fault.code, fault.message) : null));
    },
    onRcptTo(address, _session, callback) {
      log.push(`RCPT ${address.address}`);
      const permanent = options.rejectRecipients?.[address.address];
      if (permanent) return callback(smtpError(permanent, `Mailbox ${address.address} unavailable (test)`));
      const i = faults.findIndex((f) => f.at === 'rcpt' && (!f.recipient || f.recipient === address.address));
      const fault = i >= 0 ? (faults.splice(i, 1)[0] as Extract<Fault, { at: 'rcpt' }>) : undefined;
      callback(fault ? smtpError(fault.code, fault.message) : null);
    },
    onData(stream, session, callback) {
      log.push('DATA');
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          const raw = Buffer.concat(chunks);
          const received: ReceivedMessage = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            parsed: await simpleParser(raw),
            secure: session.secure,
            user: session.user as string | undefined,
            acknowledged: false,
          };
          messages.push(received);
          if (takeFault('drop-after-data')) {
            sockets.get(session.remotePort)?.destroy();
            return;
          }
          const fault = takeFault('data');
          if (fault) {
            messages.pop();
            return callback(smtpError(fault.code, fault.message));
          }
          await options.beforeReply?.(received);
          received.acknowledged = sockets.has(session.remotePort);
          callback(null, 'Queued as TEST');
        })();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on('error', () => undefined);
  const net = (server as unknown as { server: import('node:net').Server }).server;
  net.on('connection', (socket: Socket) => {
    const port = socket.remotePort!;
    sockets.set(port, socket);
    socket.on('close', () => sockets.delete(port));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (net.address() as import('node:net').AddressInfo).port;
  return {
    port, messages, faults, log, options,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets.values()) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** A self-signed certificate for 127.0.0.1/localhost, made with openssl at test time. */
export async function selfSignedCert(dir: string): Promise<{ key: string; cert: string; certPath: string }> {
  const { execFileSync } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const keyPath = join(dir, 'test-key.pem');
  const certPath = join(dir, 'test-cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
}
