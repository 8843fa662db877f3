/**
 * Writing files the product keeps (the state folder and the outbox durably, the preview output
 * atomically): the file-system calls as one object, so a test can make any of them fail the way
 * a read-only or full disk does (root ignores `chmod`, so permissions alone cannot simulate it),
 * and the helpers that write with the modes the SPEC asks for: files 0600, folders 0700,
 * whatever the umask. A leaf: it imports nothing of the product.
 */
import * as fsp from 'node:fs/promises';
import { dirname } from 'node:path';

export type FileSystem = Pick<typeof fsp, 'open' | 'rename' | 'mkdir' | 'chmod' | 'readFile' | 'readdir' | 'unlink' | 'link' | 'writeFile'>;

export const nodeFs: FileSystem = fsp;

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** What went wrong, in words a person can act on (the errno code stays in the cause). */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EROFS': return 'read-only file system (EROFS)';
    case 'ENOSPC': return 'no space left on the device (ENOSPC)';
    case 'EDQUOT': return 'disk quota exceeded (EDQUOT)';
    case 'EACCES':
    case 'EPERM': return `permission denied (${e.code})`;
    case 'ENOTDIR': return 'a part of the path is a file, not a folder (ENOTDIR)';
    case 'EISDIR': return 'is a folder, not a file (EISDIR)';
    default: return e.code ? `${e.message}` : String(error);
  }
}

/**
 * Creates `dir` and its missing parents with mode 0700; existing folders are left alone.
 * `mkdir`'s mode is masked by the umask, so each folder this call created is chmod-ed. Not
 * `mkdir({ recursive: true })`: where a folder refuses new entries with ENOENT although it
 * exists (/proc, some FUSE mounts) Node 20's recursive mkdir retries forever; here each level
 * is retried once after its parent exists, then the error stands.
 */
export function ensureDir(fs: FileSystem, dir: string): Promise<void> {
  return makeDir(fs, dir, true);
}

async function makeDir(fs: FileSystem, dir: string, retry: boolean): Promise<void> {
  try {
    await fs.mkdir(dir, { mode: DIR_MODE });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir || !retry) throw error;
    await makeDir(fs, parent, true);
    return makeDir(fs, dir, false);
  }
  await fs.chmod(dir, DIR_MODE);
}

async function fsyncDir(fs: FileSystem, path: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fs.open(path, 'r');
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a folder; the rename itself is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Writes a file so that a crash at any moment leaves the old content or the new, never half
 * of it: a temporary file (0600), fsync, rename over the target, fsync the folder so the rename
 * survives a power cut. On any failure the temporary file is removed and the error rethrown.
 */
export async function writeFileDurably(fs: FileSystem, path: string, content: string | Buffer): Promise<void> {
  await writeFileAtomically(fs, path, content, { sync: true });
}

/**
 * The same, with `sync: false` for files that need not survive a power cut (the preview's
 * output, written again by the next preview): still never half a file, without the two
 * fsyncs, which a cold preview otherwise waits for.
 */
export async function writeFileAtomically(fs: FileSystem, path: string, content: string | Buffer, options: { sync: boolean }): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  let created = false;
  try {
    const handle = await fs.open(tmp, 'wx', FILE_MODE);
    created = true;
    try {
      await handle.chmod(FILE_MODE);
      await handle.writeFile(content);
      if (options.sync) await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
    created = false;
  } catch (error) {
    if (created) await fs.unlink(tmp).catch(() => undefined);
    throw error;
  }
  if (options.sync) await fsyncDir(fs, dirname(path));
}
