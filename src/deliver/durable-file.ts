/**
 * Writing a file so that a crash at any moment leaves either the old content or the new, never
 * half of it: a temporary file, fsync, rename over the target, fsync the folder (so the rename
 * itself survives a power cut). Used by the ledger and the outbox.
 */
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

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

export async function writeFileDurably(path: string, content: string | Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  await fsyncPath(dirname(path));
}
