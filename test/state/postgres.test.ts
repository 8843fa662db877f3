/**
 * The PostgreSQL store where it differs from the folder: several processes (separate working
 * folders, one database) racing for the lock, a holder SIGKILLed while holding it, a send
 * slower than the lease, migrations run twice and at once, refused credentials, TLS options,
 * the switch from a folder, and the database going away (STATE_UNREACHABLE, exit 5) and back.
 * Everything runs against a real throw-away server (test/helpers/postgres.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestError, exitCodeFor } from '../../src/errors.js';
import { poolConfig } from '../../src/state/postgres/connect.js';
import { openPostgresStateStore, type PostgresStateStore } from '../../src/state/postgres/index.js';
import { assertSafeSwitch, createFileStateStore, importFolderLedger, openStateStore } from '../../src/state/index.js';
import { isLockHandle, newRecord } from '../../src/state/types.js';
import { sampleConfig, tempDir } from '../helpers/cli.js';
import * as migrate from '../../src/cli/commands/migrate.js';
import * as stateImport from '../../src/cli/commands/state-import.js';
import * as validate from '../../src/cli/commands/validate.js';
import { freshSchema, startPostgres, type PostgresCluster } from '../helpers/postgres.js';

const REPO = resolve(import.meta.dirname, '../..');
const WORKER = join(REPO, 'test/helpers/state-worker.mjs');
const T0 = '2026-11-23T07:00:00.000Z';
let cluster: PostgresCluster;
const stores: PostgresStateStore[] = [];

beforeAll(async () => {
  if (!existsSync(join(REPO, 'dist/state/postgres/index.js'))) throw new Error('build first: the worker processes run dist/ (npm test builds it)');
  cluster = await startPostgres();
}, 120_000);
afterAll(async () => {
  for (const store of stores) await store.close();
  await cluster?.destroy();
});

async function open(schema = freshSchema()): Promise<PostgresStateStore> {
  const store = await openPostgresStateStore({ url: cluster.url }, { schema });
  stores.push(store);
  return store;
}

interface WorkerResult { code: number | null; signal: NodeJS.Signals | null; lines: any[]; stderr: string }

/** Starts a worker in a working folder of its own; `onLine` sees each JSON line as it comes. */
function worker(args: Record<string, unknown>, onLine?: (line: any, child: ReturnType<typeof spawn>) => void): Promise<WorkerResult> {
  return tempDir('digest-replica-').then((cwd) => new Promise((done) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify({ repo: REPO, url: cluster.url, ...args })], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: any[] = [];
    let stderr = '';
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = JSON.parse(buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
        lines.push(line);
        onLine?.(line, child);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => done({ code, signal, lines, stderr }));
  }));
}

async function caught(promise: Promise<unknown>): Promise<DigestError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DigestError);
  return error as DigestError;
}

describe('postgres store: replicas', () => {
  it('processes racing for the same lock: exactly one wins, every round', async () => {
    const schema = freshSchema();
    await open(schema); // migrated once, so the race is about the lock only
    for (const digestId of ['dach', 'nord', 'sued']) {
      const startAt = Date.now() + 1500;
      const results = await Promise.all(Array.from({ length: 3 }, () => worker({ action: 'race', schema, digestId, leaseMs: 60_000, startAt, holdMs: 500 })));
      expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
      expect(results.filter((r) => r.lines[0]?.won)).toHaveLength(1);
    }
  }, 60_000);

  it('a holder SIGKILLed while holding the lock: its lease is taken over once it runs out, not before', async () => {
    const schema = freshSchema();
    const store = await open(schema);
    const leaseMs = 1500;
    let holderToken = '';
    const killed = worker({ action: 'hold', schema, digestId: 'dach', leaseMs }, (line, child) => {
      holderToken = line.token;
      const check = async () => {
        const seen = await store.acquireLock('dach', { leaseMs: 60_000 });
        expect(isLockHandle(seen)).toBe(false);
        child.kill('SIGKILL');
      };
      void check();
    });
    const result = await killed;
    expect(result.signal).toBe('SIGKILL');
    const right = await store.acquireLock('dach', { leaseMs: 60_000 });
    // Killed a moment ago: its row still holds an unexpired lease.
    expect(!isLockHandle(right) && right.heldBy.token).toBe(holderToken);
    const expiresAt = !isLockHandle(right) ? Date.parse(right.heldBy.expiresAt!) : 0;
    let taken: Awaited<ReturnType<typeof store.acquireLock>> = right;
    for (let i = 0; i < 50 && !isLockHandle(taken); i++) {
      await sleep(200);
      taken = await store.acquireLock('dach', { leaseMs: 60_000 });
    }
    expect(isLockHandle(taken)).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    if (isLockHandle(taken)) await taken.release();
  }, 60_000);

  it('a send slower than the lease: the holder renews in the background, nobody takes over', async () => {
    const schema = freshSchema();
    const store = await open(schema);
    const attempts: boolean[] = [];
    let polling = true;
    const poll = async () => {
      while (polling) {
        const lock = await store.acquireLock('dach', { leaseMs: 60_000 });
        attempts.push(isLockHandle(lock));
        if (isLockHandle(lock)) await lock.release();
        await sleep(250);
      }
    };
    let poller: Promise<void> = Promise.resolve();
    const result = await worker({ action: 'long', schema, digestId: 'dach', leaseMs: 900, workMs: 3500 }, (line) => {
      if (line.won) poller = poll();
    });
    polling = false;
    await poller;
    expect(result.code).toBe(0);
    expect(result.lines.at(-1)).toEqual({ stillHeld: true });
    expect(attempts.length).toBeGreaterThan(5);
    expect(attempts.every((won) => !won)).toBe(true);
  }, 60_000);
});

describe('postgres store: replicas sending (the job protocol, the relay replaced by a table)', () => {
  const DIGESTS = ['dach', 'nord', 'sued', 'west'];
  const WEEKS = ['2026-W45', '2026-W46', '2026-W47'];
  const sentRows = async (schema: string) => {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const rows = await client.query<{ digest_id: string; week: string }>(`SELECT digest_id, week FROM "${schema}".test_sent ORDER BY digest_id, week`);
    await client.end();
    return rows.rows.map((r) => `${r.digest_id}/${r.week}`);
  };
  const everyPair = DIGESTS.flatMap((d) => WEEKS.map((w) => `${d}/${w}`));

  it('two replicas at once, four digests × three weeks: one message per (digest, week), none missed', async () => {
    for (let round = 0; round < 2; round++) {
      const schema = freshSchema();
      await open(schema);
      const startAt = Date.now() + 1500;
      const replicas = await Promise.all(['a', 'b'].map((name) => worker({ action: 'replica', name, schema, digests: name === 'a' ? DIGESTS : [...DIGESTS].reverse(), weeks: WEEKS, leaseMs: 60_000, sendMs: 20, startAt })));
      expect(replicas.map((r) => [r.code, r.stderr])).toEqual([[0, ''], [0, '']]);
      expect(await sentRows(schema)).toEqual(everyPair);
    }
  }, 90_000);

  for (const point of ['after-lock', 'after-sending-record', 'after-send', 'after-sent-record']) {
    it(`a replica SIGKILLed ${point} while the other runs: after the lease, every week is sent${point === 'after-send' ? ' (the SMTP window: that one week twice)' : ' exactly once'}`, async () => {
      const schema = freshSchema();
      await open(schema);
      const killAt = { point, digestId: 'nord', week: '2026-W46' };
      const startAt = Date.now() + 1000;
      const [killed, survivor] = await Promise.all([
        worker({ action: 'replica', name: 'killed', schema, digests: ['nord', ...DIGESTS.filter((d) => d !== 'nord')], weeks: WEEKS, leaseMs: 1500, killAt, startAt }),
        worker({ action: 'replica', name: 'survivor', schema, digests: [...DIGESTS].reverse(), weeks: WEEKS, leaseMs: 1500, retryBusyMs: 200, sendMs: 50, startAt: startAt + 500 }),
      ]);
      expect(killed.signal).toBe('SIGKILL');
      expect(survivor.code).toBe(0);
      const expected = point === 'after-send' ? [...everyPair, 'nord/2026-W46'].sort() : everyPair;
      expect(await sentRows(schema)).toEqual(expected);
    }, 90_000);
  }
});

describe('postgres store: migrations', () => {
  it('are idempotent: a second run applies nothing; the version is readable', async () => {
    const store = await open();
    expect(await store.schemaVersion()).toEqual({ current: 1, latest: 1 });
    expect(await store.migrate()).toEqual({ from: 1, to: 1, applied: [] });
  });

  it('four processes migrating one fresh schema at once: one applies, the others find it done', async () => {
    const schema = freshSchema();
    const startAt = Date.now() + 1500;
    const results = await Promise.all(Array.from({ length: 4 }, () => worker({ action: 'migrate', schema, startAt })));
    expect(results.map((r) => [r.code, r.stderr])).toEqual(Array.from({ length: 4 }, () => [0, '']));
    const applied = results.map((r) => r.lines[0].applied.length).sort();
    expect(applied).toEqual([0, 0, 0, 1]);
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const rows = await client.query(`SELECT version FROM "${schema}".schema_migrations`);
    await client.end();
    expect(rows.rows).toEqual([{ version: 1 }]);
  }, 60_000);

  it('a database with a newer schema than this version knows: STATE_SCHEMA (exit 3)', async () => {
    const schema = freshSchema();
    await open(schema);
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    await client.query(`INSERT INTO "${schema}".schema_migrations (version, name) VALUES (99, 'from the future')`);
    await client.end();
    const error = await caught(openPostgresStateStore({ url: cluster.url }, { schema }));
    expect(error.code).toBe('STATE_SCHEMA');
    expect(exitCodeFor(error)).toBe(3);
    expect(error.message).toMatch(/version 99/);
  });
});

describe('postgres store: connection settings', () => {
  it('a wrong password is STATE_CREDENTIALS (exit 3), and neither password nor URL appears in the message', async () => {
    const wrong = 'Wr0ng-S3cret-Pass';
    const error = await caught(openPostgresStateStore({ url: cluster.urlWithPassword(wrong) }));
    expect(error.code).toBe('STATE_CREDENTIALS');
    expect(exitCodeFor(error)).toBe(3);
    expect(error.message).toMatch(/password authentication failed/);
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(cluster.password);
    expect(error.message).toContain(`postgres:127.0.0.1:${cluster.port}/postgres`);
  });

  it('state.ssl.mode decides TLS and overrides the URL; a server without TLS is refused under require', async () => {
    const config = poolConfig({ url: `${cluster.url}?sslmode=disable&sslrootcert=/nonexistent.pem`, sslMode: 'require' });
    expect(config.connectionString).not.toMatch(/sslmode|sslrootcert/);
    expect(config.ssl).toEqual({ rejectUnauthorized: false });
    expect(poolConfig({ url: cluster.url, sslMode: 'verify-full', ca: 'PEM' }).ssl).toEqual({ ca: 'PEM' });
    expect(poolConfig({ url: cluster.url, sslMode: 'disable' }).ssl).toBe(false);
    const error = await caught(openPostgresStateStore({ url: cluster.url, sslMode: 'require' }));
    expect(error.code).toBe('STATE_UNREACHABLE');
    expect(error.message).toMatch(/TLS|SSL/);
    expect(error.message).not.toContain(cluster.password);
  });

  it('openStateStore reads the URL from the environment variable the config names', async () => {
    const config = { delivery: { stateDir: '.state', lockStaleSeconds: 1800 } as never, state: { type: 'postgres' as const, urlEnv: 'TEST_STATE_URL', ssl: {}, schema: freshSchema() } };
    const missing = await caught(openStateStore(config, {}, (p) => p));
    expect(missing.code).toBe('SECRET_MISSING');
    expect(missing.message).toContain('TEST_STATE_URL');
    const notPostgres = await caught(openStateStore(config, { TEST_STATE_URL: 'mysql://u:p@h/db' }, (p) => p));
    expect(notPostgres.code).toBe('CONFIG_INVALID');
    expect(notPostgres.message).not.toContain('u:p@');
    const store = await openStateStore(config, { TEST_STATE_URL: cluster.url }, (p) => p);
    expect(store.name).toBe(`postgres:127.0.0.1:${cluster.port}/postgres`);
    expect(store.type).toBe('postgres');
    await store.close();
  });
});

describe('switching from the folder to the database', () => {
  it('run is refused while the database is empty and the folder holds a ledger; the import copies it once', async () => {
    const folder = await tempDir('digest-switch-');
    const files = createFileStateStore(folder);
    await files.put({ ...newRecord('dach', '2026-W46', 'digest', T0), state: 'sent', sentAt: T0 });
    await files.put({ ...newRecord('dach', '2026-W47', 'digest', T0), state: 'failed' });
    await files.put({ ...newRecord('nord', '2026-W47', 'review', T0), state: 'sent' });
    await mkdir(join(folder, 'ledger', 'dach'), { recursive: true });
    await writeFile(join(folder, 'ledger', 'dach', '2026-W45.json'), '{"digestId": "da');
    const db = await open();

    const refused = await caught(assertSafeSwitch(db, folder));
    expect(refused.code).toBe('STATE_SWITCH');
    expect(exitCodeFor(refused)).toBe(3);
    expect(refused.message).toContain('digest state import');
    expect(refused.message).toContain(join(folder, 'ledger'));

    const first = await importFolderLedger(files, db);
    expect(first).toMatchObject({ copied: 3, unchanged: 0, kept: 0, replaced: 0 });
    expect(first.broken.map((b) => b.location)).toEqual([join(folder, 'ledger', 'dach', '2026-W45.json')]);
    expect(await importFolderLedger(files, db)).toMatchObject({ copied: 0, unchanged: 3 });
    await assertSafeSwitch(db, folder);
    expect((await db.list()).records.map((r) => `${r.digestId}/${r.week}/${r.kind}/${r.state}`)).toEqual([
      'dach/2026-W46/digest/sent', 'dach/2026-W47/digest/failed', 'nord/2026-W47/review/sent',
    ]);

    // After the switch the database moves on; a late import never turns its news back.
    await db.put({ ...newRecord('dach', '2026-W47', 'digest', T0), state: 'sent', sentAt: T0 });
    await db.put({ ...newRecord('nord', '2026-W47', 'review', T0), state: 'failed' });
    expect(await importFolderLedger(files, db)).toMatchObject({ copied: 0, unchanged: 1, kept: 1, replaced: 1 });
    expect(await db.get({ digestId: 'dach', week: '2026-W47', kind: 'digest' })).toMatchObject({ state: 'sent' });
    expect(await db.get({ digestId: 'nord', week: '2026-W47', kind: 'review' })).toMatchObject({ state: 'sent' });
  });

  it('an empty folder and a folder store pass the guard', async () => {
    const db = await open();
    await assertSafeSwitch(db, await tempDir('digest-switch-'));
    await assertSafeSwitch(createFileStateStore(await tempDir()), '/nonexistent');
  });
});

describe('commands: digest migrate and digest state import', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };

  it('migrate applies the schema once, then reports it up to date; the folder store needs none (exit 2)', async () => {
    const schema = freshSchema();
    const { path } = await sampleConfig({ state: { type: 'postgres', urlEnv: 'TEST_DB_URL', schema } });
    const env = { TEST_DB_URL: cluster.url };
    const first = io();
    expect(await migrate.run({ config: path }, first.io, env)).toBe(0);
    expect(first.out).toEqual([`postgres:127.0.0.1:${cluster.port}/postgres: schema version 0 → 1 (applied 1)`]);
    const second = io();
    expect(await migrate.run({ config: path }, second.io, env)).toBe(0);
    expect(second.out).toEqual([`postgres:127.0.0.1:${cluster.port}/postgres: schema version 1, up to date`]);
    const { path: folderConfig } = await sampleConfig();
    const refused = await caught(migrate.run({ config: folderConfig }, io().io, env));
    expect(exitCodeFor(refused)).toBe(2);
  });

  it('validate reports the state database and its schema version without migrating; a wrong password exits 3', async () => {
    const schema = freshSchema();
    const { path } = await sampleConfig({ state: { type: 'postgres', urlEnv: 'TEST_DB_URL', schema } });
    const previous = process.env.TEST_DB_URL;
    try {
      process.env.TEST_DB_URL = cluster.url;
      const fresh = io();
      await validate.run({ config: path, week: '2026-W47' }, fresh.io);
      expect(fresh.out).toContain(`state postgres:127.0.0.1:${cluster.port}/postgres: reachable, schema version 0 of 1 (1 migration(s) pending: \`run\` applies them at start, or run \`digest migrate\`)`);
      await migrate.run({ config: path }, io().io, process.env);
      const migrated = io();
      await validate.run({ config: path, week: '2026-W47' }, migrated.io);
      expect(migrated.out).toContain(`state postgres:127.0.0.1:${cluster.port}/postgres: reachable, schema version 1 of 1 (up to date)`);
      process.env.TEST_DB_URL = cluster.urlWithPassword('not-the-password');
      const refused = io();
      expect(await validate.run({ config: path, week: '2026-W47' }, refused.io)).toBe(3);
      expect(refused.out.join('\n')).toMatch(/state: FAILED\n\s+the state database .* refused/);
      expect(refused.out.join('\n')).not.toContain('not-the-password');
    } finally {
      if (previous === undefined) delete process.env.TEST_DB_URL;
      else process.env.TEST_DB_URL = previous;
    }
  });

  it('state import copies the folder ledger named by delivery.stateDir, reports counts and broken entries', async () => {
    const schema = freshSchema();
    const stateDir = await tempDir('digest-import-');
    const { path } = await sampleConfig({ delivery: { transport: 'outbox', stateDir }, state: { type: 'postgres', urlEnv: 'TEST_DB_URL', schema } });
    const files = createFileStateStore(stateDir);
    await files.put({ ...newRecord('dach', '2026-W46', 'digest', T0), state: 'sent' });
    await files.put({ ...newRecord('dach', '2026-W47', 'digest', T0), state: 'sent' });
    await writeFile(join(stateDir, 'ledger', 'dach', '2026-W45.json'), '{');
    const env = { TEST_DB_URL: cluster.url };
    const first = io();
    expect(await stateImport.run({ config: path }, first.io, env)).toBe(5);
    expect(first.out[0]).toMatch(/: 2 copied, 0 already there, 0 replaced \(sent in the folder\), 0 kept/);
    expect(first.err).toEqual([expect.stringContaining(join(stateDir, 'ledger', 'dach', '2026-W45.json'))]);
    await rm(join(stateDir, 'ledger', 'dach', '2026-W45.json'));
    const again = io();
    expect(await stateImport.run({ config: path }, again.io, env)).toBe(0);
    expect(again.out[0]).toMatch(/: 0 copied, 2 already there/);
  });
});

// Last: stops the server.
describe('postgres store: the database goes away', () => {
  it('STATE_UNREACHABLE (exit 5, no stack trace, no password) while it is down; works again after the restart', async () => {
    const store = await open();
    await store.put(newRecord('dach', '2026-W47', 'digest', T0));
    const lock = await store.acquireLock('dach', { leaseMs: 60_000 });
    if (!isLockHandle(lock)) throw new Error('lock must be free');
    await cluster.stop();
    try {
      const attempts = [
        () => store.get({ digestId: 'dach', week: '2026-W47', kind: 'digest' }),
        () => store.put(newRecord('dach', '2026-W48', 'digest', T0)),
        () => lock.assertHeld(),
        () => store.acquireLock('nord', { leaseMs: 1000 }),
      ];
      for (const attempt of attempts) {
        const error = await caught(attempt());
        expect(error.code).toBe('STATE_UNREACHABLE');
        expect(exitCodeFor(error)).toBe(5);
        expect(error.message).not.toContain(cluster.password);
      }
      const child = await worker({ action: 'list', schema: 'public' });
      expect(child.code).toBe(5);
      expect(child.stderr).toMatch(/^STATE_UNREACHABLE: the state database postgres:127\.0\.0\.1:\d+\/postgres cannot be reached/);
      expect(child.stderr).not.toMatch(/\n\s+at /);
      expect(child.stderr).not.toContain(cluster.password);
    } finally {
      await cluster.start();
    }
    expect(await store.get({ digestId: 'dach', week: '2026-W47', kind: 'digest' })).toMatchObject({ state: 'rendering' });
    await lock.assertHeld();
    await lock.release();
  }, 60_000);
});
