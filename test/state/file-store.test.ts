/**
 * The folder store beyond the contract: file modes whatever the umask, file-system failures
 * (read-only, full, permission denied) as located STATE_WRITE errors with no temporary file
 * left, on an injected layer and on a real 64 KB tmpfs, truncated entries, and the lock's
 * takeover of a dead process's lock.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DigestError } from '../../src/errors.js';
import { createFileStateStore } from '../../src/state/file/index.js';
import type { FileSystem } from '../../src/fs/durable.js';
import { isLockHandle, newRecord } from '../../src/state/types.js';
import { tempDir } from '../helpers/cli.js';

const T0 = '2026-11-23T07:00:00.000Z';
const W47 = { digestId: 'dach', week: '2026-W47', kind: 'digest' as const };
const sent = (week: string) => ({ ...newRecord('dach', week, 'digest', T0), state: 'sent' as const });

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function caught(promise: Promise<unknown>): Promise<DigestError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DigestError);
  return error as DigestError;
}

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

/** The real file system, except that `fail` decides which call throws which errno. */
function faultyFs(fail: { open?: string; write?: string; mkdir?: string; rename?: string }): FileSystem {
  return {
    ...fsp,
    async mkdir(...args: Parameters<typeof fsp.mkdir>) {
      if (fail.mkdir) throw errno(fail.mkdir);
      return fsp.mkdir(...args);
    },
    async rename(...args: Parameters<typeof fsp.rename>) {
      if (fail.rename) throw errno(fail.rename);
      return fsp.rename(...args);
    },
    async open(...args: Parameters<typeof fsp.open>) {
      if (fail.open) throw errno(fail.open);
      const handle = await fsp.open(...args);
      if (!fail.write) return handle;
      return new Proxy(handle, {
        get(target, prop) {
          if (prop === 'writeFile') {
            // Half of the content reaches the disk, then it is full: the temporary file exists.
            return async (content: string) => {
              await target.writeFile(content.slice(0, content.length / 2));
              throw errno(fail.write!);
            };
          }
          const value = Reflect.get(target, prop) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  } as FileSystem;
}

describe('folder store: modes', () => {
  it('writes files 0600 and folders 0700 under umask 022', async () => {
    const previous = process.umask(0o022);
    try {
      const base = await tempDir('digest-modes-');
      const stateDir = join(base, 'state', 'nested');
      const store = createFileStateStore(stateDir);
      await store.put(sent('2026-W47'));
      const lock = await store.acquireLock('dach', { leaseMs: 60_000 });
      if (!isLockHandle(lock)) throw new Error('lock must be free');
      await lock.assertHeld(); // rewrites the lock file
      const mode = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);
      expect(await mode(join(base, 'state'))).toBe('700');
      expect(await mode(stateDir)).toBe('700');
      expect(await mode(join(stateDir, 'ledger'))).toBe('700');
      expect(await mode(join(stateDir, 'ledger', 'dach'))).toBe('700');
      expect(await mode(join(stateDir, 'ledger', 'dach', '2026-W47.json'))).toBe('600');
      expect(await mode(join(stateDir, 'locks'))).toBe('700');
      expect(await mode(join(stateDir, 'locks', 'dach.lock'))).toBe('600');
      await lock.release();
    } finally {
      process.umask(previous);
    }
  });
});

describe('folder store: file-system failures (injected)', () => {
  for (const [what, fail, cause] of [
    ['a read-only folder', { open: 'EROFS' }, /read-only file system \(EROFS\)/],
    ['a full disk mid-write', { write: 'ENOSPC' }, /no space left on the device \(ENOSPC\)/],
    ['permission denied on the folder', { mkdir: 'EACCES' }, /permission denied \(EACCES\)/],
    ['a failing rename', { rename: 'EROFS' }, /read-only/],
  ] as const) {
    it(`${what}: STATE_WRITE naming the file and the cause, no .tmp left, the old record intact`, async () => {
      const dir = await tempDir('digest-fault-');
      await createFileStateStore(dir).put(newRecord('dach', '2026-W47', 'digest', T0));
      const store = createFileStateStore(dir, { fs: faultyFs(fail) });
      const error = await caught(store.put(sent('2026-W47')));
      expect(error.code).toBe('STATE_WRITE');
      expect(error.kind).toBe('delivery');
      expect(error.message).toContain(join(dir, 'ledger', 'dach', '2026-W47.json'));
      expect(error.message).toMatch(cause);
      expect((await allFiles(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(await createFileStateStore(dir).get(W47)).toMatchObject({ state: 'rendering' });
    });
  }

  it('a lock folder that cannot be written: STATE_WRITE naming the lock, no temporary lock file', async () => {
    const dir = await tempDir('digest-fault-');
    const store = createFileStateStore(dir, { fs: faultyFs({ mkdir: 'EROFS' }) });
    const error = await caught(store.acquireLock('dach', { leaseMs: 60_000 }));
    expect(error.code).toBe('STATE_WRITE');
    expect(error.message).toContain(join(dir, 'locks', 'dach.lock'));
  });
});

const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(canMount)('folder store: a real 64 KB tmpfs (root only)', () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const dir of mounts) execFileSync('umount', [dir]);
  });
  const mountTmpfs = async (options = 'size=64k') => {
    const dir = await tempDir('digest-tmpfs-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', `${options},mode=0755`, 'tmpfs', dir]);
    mounts.push(dir);
    return dir;
  };

  it('full: STATE_WRITE with ENOSPC, no .tmp left, the other weeks still readable', async () => {
    const dir = await mountTmpfs();
    const store = createFileStateStore(dir);
    await store.put(sent('2026-W46'));
    await writeFile(join(dir, 'filler'), Buffer.alloc(60 * 1024)).catch(() => undefined);
    const big = { ...sent('2026-W47'), recipients: Array.from({ length: 400 }, (_, i) => ({ address: `reader${i}@nordlicht-software.de`, status: 'accepted' as const })) };
    const error = await caught(store.put(big));
    expect(error.code).toBe('STATE_WRITE');
    expect(error.message).toMatch(/ENOSPC/);
    expect((await allFiles(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await store.get({ ...W47, week: '2026-W46' })).toMatchObject({ state: 'sent' });
  });

  it('read-only: STATE_WRITE with EROFS, reading still works', async () => {
    const dir = await mountTmpfs();
    await createFileStateStore(dir).put(sent('2026-W46'));
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    const store = createFileStateStore(dir);
    const error = await caught(store.put(sent('2026-W47')));
    expect(error.code).toBe('STATE_WRITE');
    expect(error.message).toMatch(/read-only file system \(EROFS\)/);
    expect((await store.list()).records.map((r) => r.week)).toEqual(['2026-W46']);
  });
});

describe('folder store: broken entries', () => {
  it('a truncated file: LEDGER_UNREADABLE naming it; listed as broken; moved aside to <file>.broken-<time>', async () => {
    const dir = await tempDir('digest-broken-');
    const store = createFileStateStore(dir, { nowMs: () => Date.parse('2026-11-23T08:15:30.123Z') });
    await store.put(sent('2026-W46'));
    await store.put(sent('2026-W47'));
    const file = join(dir, 'ledger', 'dach', '2026-W47.json');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, text.length / 2));
    const error = await caught(store.get(W47));
    expect(error.code).toBe('LEDGER_UNREADABLE');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/truncated or not JSON/);
    const { records, broken } = await store.list();
    expect(records.map((r) => r.week)).toEqual(['2026-W46']);
    expect(broken).toEqual([expect.objectContaining({ ...W47, location: file })]);
    const aside = await store.moveAside(W47);
    expect(aside).toBe(`${file}.broken-2026-11-23T08-15-30-123Z`);
    expect(await readFile(aside, 'utf8')).toBe(text.slice(0, text.length / 2));
    expect(await store.get(W47)).toBeNull();
    expect((await store.list()).broken).toEqual([]);
  });

  it('a file that holds another week, and one that is not an object, are wrong-shape entries', async () => {
    const dir = await tempDir('digest-broken-');
    const store = createFileStateStore(dir);
    await mkdir(join(dir, 'ledger', 'dach'), { recursive: true });
    await writeFile(join(dir, 'ledger', 'dach', '2026-W47.json'), JSON.stringify(sent('2026-W48')));
    await writeFile(join(dir, 'ledger', 'dach', '2026-W49.review.json'), '[1, 2]');
    const { broken } = await store.list('dach');
    expect(broken.map((b) => `${b.week}/${b.kind}`)).toEqual(['2026-W47/digest', '2026-W49/review']);
    expect(broken[0]!.message).toMatch(/holds dach\/2026-W48\/digest/);
    expect((await caught(store.get({ ...W47, week: '2026-W49', kind: 'review' }))).message).toMatch(/wrong shape/);
  });
});

describe('folder lock: takeover', () => {
  it('takes over the lock of a process that is gone on this host, and a garbled lock file', async () => {
    const dir = await tempDir('digest-lock-');
    await mkdir(join(dir, 'locks'), { recursive: true });
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)));
    await writeFile(join(dir, 'locks', 'dead.lock'), JSON.stringify({ pid: deadPid, host: hostname(), at: new Date().toISOString(), token: 't1' }));
    const store = createFileStateStore(dir);
    expect(isLockHandle(await store.acquireLock('dead', { leaseMs: 600_000 }))).toBe(true);
    await writeFile(join(dir, 'locks', 'garbled.lock'), '{"pid": 12');
    expect(isLockHandle(await store.acquireLock('garbled', { leaseMs: 600_000 }))).toBe(true);
    await writeFile(join(dir, 'locks', 'alive.lock'), JSON.stringify({ pid: 1, host: 'another-host', at: new Date().toISOString(), token: 't3' }));
    expect(isLockHandle(await store.acquireLock('alive', { leaseMs: 600_000 }))).toBe(false);
    await rm(dir, { recursive: true, force: true });
  });
});
