/**
 * The per-digest send lock as a file, `<stateDir>/locks/<digest>.lock`. It is created complete
 * and atomically: the content (pid, host, time, token) goes into a temporary file that is then
 * hard-linked to the lock name, which fails if the lock exists (like O_EXCL, never half
 * written). The lease is the stale timeout: a lock whose lease (`expiresAt`, written by its
 * holder as `at` + leaseMs) ran out, or whose process is gone on this host, is taken over by
 * renaming it away (only one process wins). While held, `at` and `expiresAt` are refreshed in
 * the background and by `assertHeld`, which first re-reads the file to confirm the token is
 * still ours.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DigestError } from '../../errors.js';
import { assertSafeKey } from '../record-schema.js';
import type { LockHandle, LockInfo, LockOptions } from '../types.js';
import { FILE_MODE, describeFsError, ensureDir, writeFileDurably, type FileSystem } from '../../fs/durable.js';
import { leaseHandle } from '../renewal.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder's own lease decides (`expiresAt`); a lock file without one ages by the caller's lease. */
export function isStale(info: LockInfo, leaseMs: number, nowMs: number): boolean {
  const expires = info.expiresAt ? Date.parse(info.expiresAt) : Date.parse(info.at) + leaseMs;
  if (!(nowMs <= expires)) return true;
  return info.host === hostname() && info.pid > 0 && !processAlive(info.pid);
}

const UNREADABLE: LockInfo = { pid: 0, host: '', at: new Date(0).toISOString(), token: 'unreadable' };

async function readLock(fs: FileSystem, path: string): Promise<LockInfo | null> {
  try {
    return JSON.parse(await fs.readFile(path, 'utf8')) as LockInfo;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // A half-written or garbled lock (impossible with link(), but a hand edit) counts as stale.
    return UNREADABLE;
  }
}

const stateWrite = (path: string, error: unknown) =>
  new DigestError('STATE_WRITE', `cannot write the send lock ${path}: ${describeFsError(error)}`, { cause: error });

export async function acquireFileLock(
  fs: FileSystem,
  stateDir: string,
  digestId: string,
  options: LockOptions & { nowMs?: () => number },
): Promise<LockHandle | { heldBy: LockInfo }> {
  assertSafeKey({ digestId });
  const now = options.nowMs ?? Date.now;
  const dir = join(stateDir, 'locks');
  const path = join(dir, `${digestId}.lock`);
  const stamp = (token: string): LockInfo => {
    const at = now();
    return { pid: process.pid, host: hostname(), at: new Date(at).toISOString(), token, expiresAt: new Date(at + options.leaseMs).toISOString() };
  };
  const info = stamp(randomUUID());
  const tmp = `${path}.${info.token}.tmp`;
  try {
    await ensureDir(fs, dir);
    await fs.writeFile(tmp, JSON.stringify(info), { mode: FILE_MODE, flag: 'wx' });
    await fs.chmod(tmp, FILE_MODE);
  } catch (error) {
    await fs.unlink(tmp).catch(() => undefined);
    throw stateWrite(path, error);
  }
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await fs.link(tmp, path);
        return fileLockHandle(fs, path, info, options, stamp);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw stateWrite(path, error);
      }
      const holder = await readLock(fs, path);
      if (!holder) continue;
      if (!isStale(holder, options.leaseMs, now())) return { heldBy: holder };
      // Take the stale lock away; if what we moved is not the lock we judged stale, put it back.
      const aside = `${path}.stale.${info.token}`;
      try {
        await fs.rename(path, aside);
      } catch {
        continue;
      }
      const moved = await readLock(fs, aside);
      if (moved && moved.token !== holder.token) await fs.link(aside, path).catch(() => undefined);
      await fs.unlink(aside).catch(() => undefined);
    }
    const holder = await readLock(fs, path);
    return { heldBy: holder ?? { ...UNREADABLE, token: 'unknown', at: new Date(now()).toISOString() } };
  } finally {
    await fs.unlink(tmp).catch(() => undefined);
  }
}

function fileLockHandle(
  fs: FileSystem,
  path: string,
  info: LockInfo,
  options: LockOptions,
  stamp: (token: string) => LockInfo,
): LockHandle {
  /** Re-reads the lock: still our token? Then a fresh `at`, written atomically over it. */
  const refresh = async () => {
    const current = await readLock(fs, path);
    if (current?.token !== info.token) {
      const who = current && current !== UNREADABLE ? ` by process ${current.pid} on ${current.host} (since ${current.at})` : '';
      throw new DigestError('LOCKED', `the send lock ${path} was taken over${who}; this process stops before sending`);
    }
    const renewed = stamp(info.token);
    try {
      await writeFileDurably(fs, path, JSON.stringify(renewed));
    } catch (error) {
      throw stateWrite(path, error);
    }
    Object.assign(info, { at: renewed.at, expiresAt: renewed.expiresAt });
  };
  const remove = async () => {
    const current = await readLock(fs, path);
    if (current?.token === info.token) await fs.unlink(path).catch(() => undefined);
  };
  return leaseHandle(info, options, `the send lock ${path}`, refresh, remove);
}
