/**
 * Failures are classified once and never silent, end to end through the CLI against real
 * loopback servers: a failed week is retried by the next run once the cause is fixed; access
 * errors exit 3; a busy lock exits 6 for `send` and 0 for `run`; alerts reach ops through the
 * webhook when mail is the broken part; the heartbeat tells a monitor each run's outcome;
 * secrets that servers echo back are found nowhere; a read-only or full outbox and state
 * folder end with exit 5, the ledger updated and no temporary file left; broken ledger entries
 * are located and moved aside with --resend; files are 0600 and folders 0700.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { forgetSecrets } from '../../src/secrets.js';
import { createFileStateStore } from '../../src/state/file/index.js';
import { isLockHandle } from '../../src/state/types.js';
import { json, startRecorder, type HttpRecorder } from '../fakes/http/recorder.js';
import { selfSignedCert, startFakeSmtp, type FakeSmtp } from '../fakes/smtp/server.js';
import { runCli, sampleConfig, SAMPLE, tempDir } from '../helpers/cli.js';

const NOW = '2026-11-23T08:05:00+01:00';
const OPS = 'ops@nordlicht-software.de';
const SMTP_USER = 'digest';
const SMTP_PASSWORD = 'correct-horse-battery-staple-42';
const WRONG_PASSWORD = 'wrong-password-that-echoes-9f3';
const HUBSPOT_TOKEN = 'pat-eu1-5e3c7a11-echoed-token-77';
const GOOGLE_TOKEN = 'ya29.a0Af-echoed-access-token-XYZ';
const ENV = ['DIGEST_SMTP_PASSWORD', 'DIGEST_ALERT_WEBHOOK_URL', 'DIGEST_HEARTBEAT_URL', 'HUBSPOT_TOKEN', 'GOOGLE_SHEETS_ACCESS_TOKEN'];

let cert: { key: string; cert: string };
let smtp: FakeSmtp;
let hooks: HttpRecorder;

beforeAll(async () => {
  cert = await selfSignedCert(await tempDir('digest-cert-'));
  smtp = await startFakeSmtp({ tls: cert, auth: { user: SMTP_USER, pass: SMTP_PASSWORD }, echoPasswordOnFailure: true });
  hooks = await startRecorder();
});
afterAll(async () => {
  await smtp.close();
  await hooks.close();
});
afterEach(() => {
  smtp.messages.length = 0;
  smtp.faults.length = 0;
  hooks.requests.length = 0;
  for (const name of ENV) delete process.env[name];
  forgetSecrets();
});

async function setup(digest: Record<string, unknown> = {}, delivery: Record<string, unknown> = {}) {
  const dir = await tempDir('digest-fail-');
  const caFile = join(dir, 'relay-ca.pem');
  await writeFile(caFile, cert.cert);
  process.env.DIGEST_SMTP_PASSWORD = SMTP_PASSWORD;
  process.env.DIGEST_ALERT_WEBHOOK_URL = `${hooks.url}/hooks/T000/B000/webhook-secret-path`;
  process.env.DIGEST_HEARTBEAT_URL = `${hooks.url}/ping/9d1b-uuid`;
  const { path } = await sampleConfig({
    delivery: {
      transport: 'smtp',
      outboxDir: join(dir, 'outbox'),
      stateDir: join(dir, 'state'),
      alertTo: [OPS],
      webhook: { format: 'slack' },
      heartbeat: {},
      smtp: { host: '127.0.0.1', port: smtp.port, caFile, auth: { user: SMTP_USER }, retry: { attempts: 2, minDelayMs: 5, maxDelayMs: 10 }, connectionTimeoutMs: 3000, greetingTimeoutMs: 3000 },
      ...delivery,
    },
  }, digest);
  return { path, dir };
}

const webhookPosts = () => hooks.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/hooks/'));
const beats = () => hooks.requests.filter((r) => r.path.startsWith('/ping/')).map((r) => r.path);
const toList = () => smtp.messages.filter((m) => m.to.includes('team@nordlicht-software.de'));
const toOps = () => smtp.messages.filter((m) => m.to.includes(OPS));

async function history(path: string): Promise<Array<Record<string, any>>> {
  const { code, out } = await runCli(['history', '--config', path, '--json']);
  expect(code).toBe(0);
  return JSON.parse(out) as Array<Record<string, any>>;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/** Every place a secret could end up: CLI output, every file the run wrote, every alert mail and webhook body. */
async function everything(dir: string, ...outputs: string[]): Promise<string> {
  const files = await Promise.all((await filesUnder(dir)).filter((f) => !f.endsWith('.pem')).map((f) => readFile(f, 'utf8')));
  return [...outputs, ...files, ...smtp.messages.map((m) => m.raw.toString('utf8')), ...hooks.requests.map((r) => `${r.path}\n${r.body}`)].join('\n');
}

function expectNowhere(haystack: string, secret: string): void {
  for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64').replace(/=+$/, '')]) {
    expect(haystack.includes(form), `found ${form.slice(0, 12)}…`).toBe(false);
  }
}

describe('a failed week is retried until it goes out', () => {
  it('a refused SMTP password exits 3, alerts through the webhook (mail is down), and the next run after the fix sends', async () => {
    const { path, dir } = await setup();
    process.env.DIGEST_SMTP_PASSWORD = WRONG_PASSWORD;
    const failed = await runCli(['run', '--config', path, '--now', NOW]);
    expect(failed.code, failed.err).toBe(3);
    expect(failed.err).toContain('535');
    expect(toList()).toHaveLength(0);
    expect((await history(path))[0]).toMatchObject({ week: '2026-W47', state: 'failed', error: { code: 'SMTP_AUTH' } });
    // The alert mail went through the broken relay too, so only the webhook has it.
    expect(toOps()).toHaveLength(0);
    expect(webhookPosts()).toHaveLength(1);
    expect(JSON.parse(webhookPosts()[0]!.body).text).toContain('SMTP_AUTH');
    expect(beats()).toEqual(['/ping/9d1b-uuid/fail']);

    // The same failure again: no second alert.
    const again = await runCli(['run', '--config', path, '--now', '2026-11-23T08:35:00+01:00']);
    expect(again.code).toBe(3);
    expect(webhookPosts()).toHaveLength(1);

    process.env.DIGEST_SMTP_PASSWORD = SMTP_PASSWORD;
    const fixed = await runCli(['run', '--config', path, '--now', '2026-11-23T09:05:00+01:00']);
    expect(fixed.code, fixed.err).toBe(0);
    expect(toList()).toHaveLength(1);
    expect((await history(path))[0]).toMatchObject({ state: 'sent', attempts: 3 });
    // Ops hear that it went out after all, on both channels.
    expect(webhookPosts()).toHaveLength(2);
    expect(JSON.parse(webhookPosts()[1]!.body).text).toContain('RECOVERED');
    expect(toOps().map((m) => m.parsed.subject)).toEqual([expect.stringContaining('sent after 2 failed attempt(s)')]);
    expect(beats()).toEqual(['/ping/9d1b-uuid/fail', '/ping/9d1b-uuid/fail', '/ping/9d1b-uuid']);

    const nothing = await runCli(['run', '--config', path, '--now', '2026-11-23T09:35:00+01:00']);
    expect(nothing.code).toBe(0);
    expect(toList()).toHaveLength(1);
    expectNowhere(await everything(dir, failed.out, failed.err, again.err, fixed.err), WRONG_PASSWORD);
    expectNowhere(await everything(dir), SMTP_PASSWORD);
  }, 60_000);

  it('posts an Adaptive Card for Teams', async () => {
    const { path } = await setup({}, { webhook: { format: 'teams' } });
    process.env.DIGEST_SMTP_PASSWORD = WRONG_PASSWORD;
    expect((await runCli(['run', '--config', path, '--now', NOW])).code).toBe(3);
    const card = JSON.parse(webhookPosts()[0]!.body);
    expect(card).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.4' } }] });
    expect(JSON.stringify(card.attachments[0].content.body)).toContain('SMTP_AUTH');
  }, 30_000);
});

describe('access errors and secrets servers echo back', () => {
  it('HubSpot 401 quoting the token: exit 3, the token nowhere', async () => {
    const echo = await startRecorder((req, res) => json(res, 401, { status: 'error', message: `Authentication credentials not found: ${req.headers.authorization} is not valid`, category: 'INVALID_AUTHENTICATION' }));
    try {
      process.env.HUBSPOT_TOKEN = HUBSPOT_TOKEN;
      const { path, dir } = await setup({ sources: { crm: { type: 'hubspot', baseUrl: echo.url, limits: { retries: 0 } }, sheet: { type: 'files', path: SAMPLE } } });
      const result = await runCli(['send', '--config', path, '--week', '2026-W47']);
      expect(result.code, result.err).toBe(3);
      expect(result.err).toContain('401');
      expect((await history(path))[0]).toMatchObject({ state: 'failed', error: { code: 'SOURCE_CREDENTIALS' } });
      expect(toOps()).toHaveLength(1);
      expectNowhere(await everything(dir, result.out, result.err), HUBSPOT_TOKEN);
    } finally {
      await echo.close();
    }
  }, 30_000);

  it('Google 403 quoting the access token: exit 3, the token nowhere', async () => {
    const echo = await startRecorder((req, res) => json(res, 403, { error: { code: 403, message: `The caller does not have permission (${req.headers.authorization})`, status: 'PERMISSION_DENIED' } }));
    try {
      process.env.GOOGLE_SHEETS_ACCESS_TOKEN = GOOGLE_TOKEN;
      const { path, dir } = await setup({ sources: { crm: { type: 'files', path: SAMPLE }, sheet: { type: 'google-sheets', spreadsheetId: 'sheet-id-123', apiRoot: `${echo.url}/`, auth: { type: 'access-token' }, retries: 0 } } });
      const result = await runCli(['send', '--config', path, '--week', '2026-W47']);
      expect(result.code, result.err).toBe(3);
      expect(result.err).toContain('403');
      expect(toOps()).toHaveLength(1);
      expectNowhere(await everything(dir, result.out, result.err), GOOGLE_TOKEN);
    } finally {
      await echo.close();
    }
  }, 30_000);

  it('a token endpoint quoting the signed JWT assertion: the assertion and the key nowhere', async () => {
    let assertion = '';
    const echo = await startRecorder((req, res) => {
      assertion = new URLSearchParams(req.body).get('assertion') ?? '';
      json(res, 400, { error: 'invalid_grant', error_description: `Invalid JWT Signature: ${assertion}` });
    });
    try {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      const keyFile = join(await tempDir('digest-key-'), 'key.json');
      const { path, dir } = await setup({ sources: { crm: { type: 'files', path: SAMPLE }, sheet: { type: 'google-sheets', spreadsheetId: 'sheet-id-123', apiRoot: `${echo.url}/`, auth: { type: 'service-account', keyFile, tokenUrl: `${echo.url}/token` }, retries: 0 } } });
      await writeFile(keyFile, JSON.stringify({ type: 'service_account', client_email: 'digest@project.iam.gserviceaccount.com', private_key: privateKey, private_key_id: 'k1' }));
      const result = await runCli(['send', '--config', path, '--week', '2026-W47']);
      expect(result.code, result.err).toBe(3);
      expect(assertion.length, result.err).toBeGreaterThan(100);
      const all = await everything(join(dir, 'state'), result.out, result.err);
      expectNowhere(all, assertion);
      expectNowhere(all, privateKey.split('\n')[1]!);
    } finally {
      await echo.close();
    }
  }, 30_000);
});

describe('busy', () => {
  it('send exits 6 while another process holds the lock; run leaves it to that process and exits 0', async () => {
    const { path, dir } = await setup();
    const store = createFileStateStore(join(dir, 'state'));
    const lock = await store.acquireLock('dach', { leaseMs: 60_000 });
    expect(isLockHandle(lock)).toBe(true);
    try {
      const send = await runCli(['send', '--config', path, '--week', '2026-W47']);
      expect(send.code, send.err).toBe(6);
      expect(send.err).toContain('another process');
      const run = await runCli(['run', '--config', path, '--now', NOW]);
      expect(run.code, run.err).toBe(0);
      expect(toList()).toHaveLength(0);
    } finally {
      if (isLockHandle(lock)) await lock.release();
    }
  }, 30_000);
});

describe('the weeks that may go out', () => {
  it('refuses a week that has not ended (exit 2) unless --allow-open-week', async () => {
    const { path } = await setup();
    const open = await runCli(['send', '--config', path, '--week', '2099-W10']);
    expect(open.code).toBe(2);
    expect(open.err).toContain('has not ended');
    expect(await history(path)).toEqual([]);
    const allowed = await runCli(['send', '--dry-run', '--allow-open-week', '--allow-empty', '--config', path, '--week', '2099-W10']);
    expect(allowed.code, allowed.err).toBe(0);
  }, 30_000);
});

const isRoot = process.getuid?.() === 0;

function mountTmpfs(dir: string, options: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
}

// Mounting a tmpfs needs root (CI runs as root); elsewhere these cases cannot be staged.
describe.runIf(isRoot)('file system errors (real tmpfs mounts)', () => {
  const mounted: string[] = [];
  afterEach(() => {
    for (const dir of mounted.splice(0)) execFileSync('umount', ['-l', dir]);
  });

  async function outboxOn(options: string) {
    const { path, dir } = await setup({}, { transport: 'outbox' });
    const outbox = join(dir, 'outbox');
    await mkdir(outbox);
    mountTmpfs(outbox, options);
    mounted.push(outbox);
    return { path, dir, outbox };
  }

  it('a read-only outbox: exit 5, the path and cause named, the ledger failed, no temporary file', async () => {
    const { path, outbox } = await outboxOn('ro,size=64k');
    const result = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(result.code, result.err).toBe(5);
    expect(result.err).toContain(outbox);
    expect(result.err).toContain('read-only file system');
    expect((await history(path))[0]).toMatchObject({ state: 'failed', error: { code: 'OUTBOX_WRITE' } });
    expect(await readdir(outbox)).toEqual([]);
  }, 30_000);

  it('a full outbox (64 KB): exit 5, the ledger failed, no temporary file', async () => {
    const { path, outbox } = await outboxOn('size=64k');
    await writeFile(join(outbox, 'filler'), Buffer.alloc(60 * 1024)).catch(() => undefined);
    const result = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(result.code, result.err).toBe(5);
    expect(result.err).toContain('no space left');
    expect((await history(path))[0]).toMatchObject({ state: 'failed', error: { code: 'OUTBOX_WRITE' } });
    expect((await readdir(outbox)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 30_000);

  it('a full state folder: exit 5 naming the ledger file, an alert by mail and webhook, nothing sent', async () => {
    const { path, dir } = await setup();
    // The hourly throttle of such alerts keeps its markers in the temporary folder: a fresh one here.
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = await tempDir('digest-markers-');
    onTestFinished(() => {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
    });
    const state = join(dir, 'state');
    await mkdir(state);
    mountTmpfs(state, 'size=64k');
    mounted.push(state);
    await writeFile(join(state, 'filler'), Buffer.alloc(64 * 1024)).catch(() => undefined);
    const result = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(result.code, result.err).toBe(5);
    expect(result.err).toContain(state);
    expect(toList()).toHaveLength(0);
    expect(webhookPosts().map((r) => JSON.parse(r.body).text)).toEqual([expect.stringContaining('STATE_WRITE')]);
    // Once an hour while it lasts, not once per run.
    expect((await runCli(['send', '--config', path, '--week', '2026-W47'])).code).toBe(5);
    expect(webhookPosts()).toHaveLength(1);
  }, 30_000);
});

describe('broken ledger entries', () => {
  it('a truncated entry is located, other weeks keep working, --resend moves it aside and sends', async () => {
    const { path, dir } = await setup({}, { transport: 'outbox' });
    expect((await runCli(['send', '--config', path, '--week', '2026-W46'])).code).toBe(0);
    const file = join(dir, 'state', 'ledger', 'dach', '2026-W47.json');
    await writeFile(file, '{"digestId":"dach","week":"2026-W47","st');
    const listed = await runCli(['history', '--config', path]);
    expect(listed.code).toBe(0);
    expect(listed.err).toContain(file);
    expect(listed.out).toContain('2026-W46');

    const refused = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(refused.code, refused.err).toBe(5);
    expect(refused.err).toContain(file);

    const resent = await runCli(['send', '--resend', '--config', path, '--week', '2026-W47']);
    expect(resent.code, resent.err).toBe(0);
    expect((await history(path)).map((r) => [r.week, r.state])).toEqual([['2026-W46', 'sent'], ['2026-W47', 'sent']]);
    expect((await readdir(join(dir, 'state', 'ledger', 'dach'))).some((f) => f.includes('2026-W47.json.broken'))).toBe(true);
  }, 30_000);

  it('a wrong-shape entry is located too', async () => {
    const { path, dir } = await setup({}, { transport: 'outbox' });
    await mkdir(join(dir, 'state', 'ledger', 'dach'), { recursive: true });
    await writeFile(join(dir, 'state', 'ledger', 'dach', '2026-W47.json'), JSON.stringify({ digestId: 'dach', week: '2026-W47', state: 42 }));
    const refused = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(refused.code).toBe(5);
    expect(refused.err).toContain('2026-W47.json');
  }, 30_000);
});

describe('files the product writes', () => {
  it('are readable by their owner only (0600, folders 0700) under the usual umask', async () => {
    const previous = process.umask(0o022);
    try {
      const { path, dir } = await setup({}, { transport: 'outbox' });
      expect((await runCli(['send', '--config', path, '--week', '2026-W47'])).code).toBe(0);
      const out = join(dir, 'preview');
      expect((await runCli(['preview', '--config', path, '--week', '2026-W47', '--out', out])).code).toBe(0);
      for (const file of [...(await filesUnder(join(dir, 'state'))), ...(await filesUnder(join(dir, 'outbox'))), ...(await filesUnder(out))]) {
        expect(((await stat(file)).mode & 0o777).toString(8), file).toBe('600');
      }
      for (const folder of [join(dir, 'state'), join(dir, 'state', 'ledger'), join(dir, 'outbox'), out]) {
        expect(((await stat(folder)).mode & 0o777).toString(8), folder).toBe('700');
      }
    } finally {
      process.umask(previous);
    }
  }, 30_000);
});
