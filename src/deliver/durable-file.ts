/**
 * Writing a file so that a crash at any moment leaves either the old content or the new, never
 * half of it: a temporary file, fsync, rename over the target, fsync the folder (so the rename
 * itself survives a power cut). The file is created readable by its owner only (it holds
 * revenue figures and names); a failed write removes its temporary file.
 */
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems cannot fsync a directory; the rename itself is still atomic.
  } finally {
    await handle.close();
  }
}

/** Creates a folder (and its parents) readable by the owner only, whatever the umask. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: DIR_MODE });
  if (created !== undefined) await chmod(dir, DIR_MODE);
}

export async function writeFileDurably(path: string, content: string | Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await open(tmp, 'w', FILE_MODE);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await fsyncPath(dirname(path));
}

/** `EROFS` → `read-only file system`: the cause of a failed write in words. */
export function fsCause(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EROFS: 'read-only file system', ENOSPC: 'no space left on the device', EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied', EPERM: 'operation not permitted', ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'is a folder', ENOENT: 'no such file or folder',
  };
  return code ? `${words[code] ?? (error as Error).message} (${code})` : (error as Error).message;
}
