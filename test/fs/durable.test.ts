/**
 * `ensureDir` and the two file writers on the real file system: the modes the SPEC asks for
 * whatever the umask, existing folders left alone, a folder that refuses new entries failing
 * at once (Node's recursive mkdir loops forever there), and never half a file.
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDir, nodeFs, writeFileAtomically, writeFileDurably, type FileSystem } from '../../src/fs/durable.js';
import { tempDir } from '../helpers/cli.js';

const mode = async (path: string) => (await stat(path)).mode & 0o777;
let umask: number;
beforeEach(() => { umask = process.umask(0o022); });
afterEach(() => { process.umask(umask); });

describe('ensureDir', () => {
  it('creates the missing levels with 0700 under umask 022 and leaves an existing parent as it was', async () => {
    const root = await tempDir('digest-durable-');
    await mkdir(join(root, 'shared'), { mode: 0o755 });
    await ensureDir(nodeFs, join(root, 'shared', 'a', 'b'));
    expect(await mode(join(root, 'shared'))).toBe(0o755);
    expect(await mode(join(root, 'shared', 'a'))).toBe(0o700);
    expect(await mode(join(root, 'shared', 'a', 'b'))).toBe(0o700);
    await ensureDir(nodeFs, join(root, 'shared', 'a', 'b')); // already there: nothing to do
    await Promise.all([1, 2, 3].map(() => ensureDir(nodeFs, join(root, 'side', 'by', 'side')))); // at once
    expect(await mode(join(root, 'side', 'by', 'side'))).toBe(0o700);
  });

  it('fails at once where a folder refuses new entries with ENOENT (/proc) instead of retrying forever', async () => {
    if (!existsSync('/proc/self')) return;
    await expect(ensureDir(nodeFs, '/proc/digest-preview/out')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('passes other errors on (a file in the way)', async () => {
    const root = await tempDir('digest-durable-');
    await writeFileDurably(nodeFs, join(root, 'file'), 'x');
    await expect(ensureDir(nodeFs, join(root, 'file', 'below'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});

describe('writing a file', () => {
  it('durably and atomically alike: 0600, the content whole, no temporary file left', async () => {
    const root = await tempDir('digest-durable-');
    await writeFileDurably(nodeFs, join(root, 'a.json'), '{"a":1}');
    await writeFileAtomically(nodeFs, join(root, 'b.eml'), Buffer.from('raw'), { sync: false });
    expect(await readFile(join(root, 'a.json'), 'utf8')).toBe('{"a":1}');
    expect(await readFile(join(root, 'b.eml'), 'utf8')).toBe('raw');
    expect(await mode(join(root, 'a.json'))).toBe(0o600);
    expect(await mode(join(root, 'b.eml'))).toBe(0o600);
    expect((await readdir(root)).sort()).toEqual(['a.json', 'b.eml']);
  });

  it('without fsync, a failing write leaves the old file and no temporary file', async () => {
    const root = await tempDir('digest-durable-');
    await writeFileAtomically(nodeFs, join(root, 'digest.html'), 'old', { sync: false });
    const failing: FileSystem = { ...nodeFs, rename: async () => { throw Object.assign(new Error('no space'), { code: 'ENOSPC' }); } };
    await expect(writeFileAtomically(failing, join(root, 'digest.html'), 'new', { sync: false })).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readFile(join(root, 'digest.html'), 'utf8')).toBe('old');
    expect(await readdir(root)).toEqual(['digest.html']);
  });
});
