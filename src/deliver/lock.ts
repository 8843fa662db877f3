/**
 * A lock per digest in the state folder, so two processes (two cron runs, a daemon and a manual
 * `run`) never send the same digest at the same time. The lock file is created complete and
 * atomically: its content (pid, host, time, token) goes into a temporary file that is then
 * hard-linked to the lock name, which fails if the lock exists (like O_EXCL, but never half
 * written). A lock is stale when it is older than the stale timeout, or when its process is
 * gone on this host; a stale lock is taken over by renaming it away (only one process wins).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LockInfo {
  pid: number;
  host: string;
  at: string;
  token: string;
}

export interface LockHandle {
  readonly path: string;
  readonly info: LockInfo;
  release(): Promise<void>;
}

export interface LockOptions {
  staleMs: number;
  nowMs?: () => number;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(path: string): Promise<LockInfo | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockInfo;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { pid: 0, host: '', at: new Date(0).toISOString(), token: 'unreadable' };
  }
}

export function isStale(info: LockInfo, staleMs: number, nowMs: number): boolean {
  if (nowMs - Date.parse(info.at) > staleMs) return true;
  return info.host === hostname() && info.pid > 0 && !processAlive(info.pid);
}

/** Takes the lock `name` or returns the holder's info when another live process has it. */
export async function acquireLock(stateDir: string, name: string, options: LockOptions): Promise<LockHandle | { heldBy: LockInfo }> {
  const now = options.nowMs ?? Date.now;
  const dir = join(stateDir, 'locks');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.lock`);
  const info: LockInfo = { pid: process.pid, host: hostname(), at: new Date(now()).toISOString(), token: randomUUID() };
  const tmp = `${path}.${info.token}.tmp`;
  await writeFile(tmp, JSON.stringify(info));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(tmp, path);
        return {
          path,
          info,
          async release() {
            const current = await readLock(path);
            if (current?.token === info.token) await unlink(path).catch(() => undefined);
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readLock(path);
      if (!holder) continue;
      if (!isStale(holder, options.staleMs, now())) return { heldBy: holder };
      // Take the stale lock away; if what we moved is not the lock we judged stale, put it back.
      const aside = `${path}.stale.${info.token}`;
      try {
        await rename(path, aside);
      } catch {
        continue;
      }
      const moved = await readLock(aside);
      if (moved && moved.token !== holder.token) await link(aside, path).catch(() => undefined);
      await unlink(aside).catch(() => undefined);
    }
    const holder = await readLock(path);
    return { heldBy: holder ?? { pid: 0, host: '', at: new Date(now()).toISOString(), token: 'unknown' } };
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

export function isHandle(lock: LockHandle | { heldBy: LockInfo }): lock is LockHandle {
  return 'release' in lock;
}
