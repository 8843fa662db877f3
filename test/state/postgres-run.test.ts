/**
 * `digest run` on the PostgreSQL state store, end to end: the built CLI, a real throw-away
 * PostgreSQL and the loopback SMTP server. Two replicas (separate working folders and config
 * copies, one database) running at once for three digests: one message per (digest, week). A
 * replica SIGKILLed holding the lock: the next run is busy until the lease runs out, then
 * sends; SIGKILL at every fault point of a send, rerun: sent, twice only in the SMTP window. An import from the folder ledger followed by `run`: nothing resent, and `run` refuses
 * until the import. The database stopped before the send: exit 5, nothing sent; after the
 * restart the next run sends.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as stateImport from '../../src/cli/commands/state-import.js';
import { openPostgresStateStore } from '../../src/state/postgres/index.js';
import { startRecorder } from '../fakes/http/recorder.js';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp/server.js';
import { REPO, sampleConfig, tempDir } from '../helpers/cli.js';
import { freshSchema, startPostgres, type PostgresCluster } from '../helpers/postgres.js';

const NOW = '2026-11-23T08:05:00+01:00';
const DIGESTS = ['dach', 'nord', 'sued'];
let cluster: PostgresCluster;
let smtp: FakeSmtp;

beforeAll(async () => {
  if (!existsSync(join(REPO, 'dist/cli/bin.js'))) throw new Error('build first: these tests run dist/cli/bin.js (npm test builds it)');
  cluster = await startPostgres();
  smtp = await startFakeSmtp();
}, 120_000);
afterAll(async () => {
  await smtp?.close();
  await cluster?.destroy();
});

/** A config on the sample data for `digests`, sending through the fake SMTP server, with `state`. */
async function configFor(state: Record<string, unknown>, digests = DIGESTS, stateDir?: string, extraDelivery: Record<string, unknown> = {}): Promise<{ path: string; dir: string }> {
  const { path, dir } = await sampleConfig();
  const config = parse(await readFile(path, 'utf8'));
  const template = config.digests[0];
  config.digests = digests.map((id) => ({ ...template, id, mail: { ...template.mail, to: [`${id}@nordlicht-software.de`] } }));
  config.delivery = {
    transport: 'smtp',
    stateDir: stateDir ?? join(dir, 'state'),
    outboxDir: join(dir, 'outbox'),
    lockStaleSeconds: 10,
    smtp: { host: '127.0.0.1', port: smtp.port, allowPlaintext: true, retry: { attempts: 1, minDelayMs: 10, maxDelayMs: 10 }, connectionTimeoutMs: 1000, greetingTimeoutMs: 1000, socketTimeoutMs: 3000 },
    ...extraDelivery,
  };
  config.state = state;
  await writeFile(path, stringify(config));
  return { path, dir };
}

const pgState = (schema: string) => ({ type: 'postgres', urlEnv: 'TEST_DB_URL', schema, leaseSeconds: 10 });

function runCli(path: string, cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [join(REPO, 'dist/cli/bin.js'), 'run', '--config', path, '--now', NOW], {
    cwd, env: { ...process.env, TEST_DB_URL: cluster.url, ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

const received = (digestId: string) => smtp.messages.filter((m) => m.parsed.messageId === `<${digestId}.2026-W47@nordlicht-software.de>`).length;


async function ledgerStates(schema: string): Promise<string[]> {
  const store = await openPostgresStateStore({ url: cluster.url }, { schema });
  const { records } = await store.list();
  await store.close();
  return records.map((r) => `${r.digestId}/${r.week}/${r.state}`);
}

describe('digest run on PostgreSQL', () => {
  it('two replicas at once, three digests: one message per (digest, week), none missed', async () => {
    for (let round = 0; round < 2; round++) {
      smtp.messages.length = 0;
      const schema = freshSchema();
      const replicas = await Promise.all(['a', 'b'].map(async () => {
        const { path, dir } = await configFor(pgState(schema));
        return runCli(path, dir);
      }));
      for (const r of replicas) expect(r.code, r.stderr).toBe(0);
      expect(DIGESTS.map(received)).toEqual([1, 1, 1]);
      expect(await ledgerStates(schema)).toEqual(DIGESTS.map((d) => `${d}/2026-W47/sent`));
    }
  }, 120_000);

  it('a replica SIGKILLed holding the lock: busy until its lease ran out, then the week is sent once', async () => {
    smtp.messages.length = 0;
    const schema = freshSchema();
    const { path, dir } = await configFor(pgState(schema), ['dach']);
    const killed = await runCli(path, dir, { DIGEST_TEST_FAULT: 'after-sending-record' });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const { path: other, dir: otherDir } = await configFor(pgState(schema), ['dach']);
    const busy = await runCli(other, otherDir);
    expect(busy.code, busy.stderr).toBe(0);
    expect(received('dach')).toBe(0);
    expect(await ledgerStates(schema)).toEqual(['dach/2026-W47/sending']);
    await sleep(10_500);
    const after = await runCli(other, otherDir);
    expect(after.code, after.stderr).toBe(0);
    expect(received('dach')).toBe(1);
    expect(await ledgerStates(schema)).toEqual(['dach/2026-W47/sent']);
  }, 120_000);

  it('SIGKILL at every point of a send, rerun after the lease: each week sent, a second copy only after the relay accepted', async () => {
    smtp.messages.length = 0;
    // [fault point, messages in the end]: after-smtp-accepted is the documented SMTP window.
    const cases: Array<[string, number]> = [
      ['after-lock', 1], ['after-rendering-record', 1], ['before-sending-record', 1],
      ['after-sending-record', 1], ['after-smtp-accepted', 2], ['after-sent-record', 1],
    ];
    const setups = await Promise.all(cases.map(async ([point], i) => ({ point, id: `kill-${i + 1}`, ...(await configFor(pgState(freshSchema()), [`kill-${i + 1}`])) })));
    // All at once: each has its own digest and schema; the waits for the leases overlap.
    const killed = await Promise.all(setups.map((c) => runCli(c.path, c.dir, { DIGEST_TEST_FAULT: c.point })));
    for (const k of killed) expect(k.signal, k.stderr).toBe('SIGKILL');
    await sleep(10_500);
    const reruns = await Promise.all(setups.map((c) => runCli(c.path, c.dir)));
    for (const r of reruns) expect(r.code, r.stderr).toBe(0);
    const thirds = await Promise.all(setups.map((c) => runCli(c.path, c.dir)));
    for (const r of thirds) expect(r.code, r.stderr).toBe(0);
    expect(setups.map((c) => `${c.point}: ${received(c.id)}`)).toEqual(cases.map(([point, n]) => `${point}: ${n}`));
  }, 120_000);

  it('switching from the folder: run refuses the empty database (exit 3); after the import nothing is resent', async () => {
    smtp.messages.length = 0;
    const stateDir = join(await tempDir('digest-switch-'), 'state');
    await mkdir(stateDir);
    const { path: folderConfig, dir } = await configFor({ type: 'file' }, DIGESTS, stateDir);
    expect((await runCli(folderConfig, dir)).code).toBe(0);
    expect(DIGESTS.map(received)).toEqual([1, 1, 1]);

    const schema = freshSchema();
    const { path: dbConfig } = await configFor(pgState(schema), DIGESTS, stateDir);
    const refused = await runCli(dbConfig, dir);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain('digest state import');
    const lines: string[] = [];
    expect(await stateImport.run({ config: dbConfig }, { out: (l) => lines.push(l), err: (l) => lines.push(l) }, { TEST_DB_URL: cluster.url })).toBe(0);
    expect(lines[0]).toMatch(/3 copied/);
    const after = await runCli(dbConfig, dir);
    expect(after.code, after.stderr).toBe(0);
    expect(DIGESTS.map(received)).toEqual([1, 1, 1]);
  }, 120_000);

  // Last: stops the server.
  it('the database stopped before the send: exit 5, nothing sent, no stack trace, ops alerted once an hour by mail and webhook; after the restart the next run sends', async () => {
    smtp.messages.length = 0;
    const schema = freshSchema();
    const hooks = await startRecorder();
    const { path, dir } = await configFor(pgState(schema), ['dach'], undefined, { alertTo: ['ops@nordlicht-software.de'], webhook: { format: 'slack' } });
    // A private temporary folder: the hourly alert throttle keeps its markers there.
    const env = { TMPDIR: await tempDir('digest-pg-markers-'), DIGEST_ALERT_WEBHOOK_URL: `${hooks.url}/hook` };
    await cluster.stop();
    let down: Awaited<ReturnType<typeof runCli>>;
    let again: Awaited<ReturnType<typeof runCli>>;
    try {
      down = await runCli(path, dir, env);
      again = await runCli(path, dir, env);
    } finally {
      await cluster.start();
      await hooks.close();
    }
    expect(again.code).toBe(5);
    const alertMails = smtp.messages.filter((m) => m.to.includes('ops@nordlicht-software.de'));
    expect(alertMails).toHaveLength(1);
    expect(alertMails[0]!.parsed.text).toContain('STATE_UNREACHABLE');
    expect(hooks.requests.map((r) => JSON.parse(r.body).text)).toEqual([expect.stringContaining('STATE_UNREACHABLE')]);
    expect(down.code, down.stderr).toBe(5);
    expect(down.stderr).toMatch(/state database postgres:127\.0\.0\.1:\d+\/postgres cannot be reached/);
    expect(down.stderr).not.toMatch(/\n\s+at /);
    expect(down.stderr).not.toContain(cluster.password);
    expect(received('dach')).toBe(0);
    const up = await runCli(path, dir);
    expect(up.code, up.stderr).toBe(0);
    expect(received('dach')).toBe(1);
  }, 120_000);
});
