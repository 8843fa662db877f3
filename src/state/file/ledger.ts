/**
 * The ledger as one JSON file per record: `<stateDir>/ledger/<digest>/<week>[.<kind>].json`
 * (the kind suffix only for `review`). Writes are durable and atomic (`writeFileDurably`); a
 * file that cannot be read or has the wrong shape is a located `LEDGER_UNREADABLE` for `get`,
 * and a `broken` entry for `list`, so one bad file never stops the other weeks.
 */
import { join } from 'node:path';
import { DigestError } from '../../errors.js';
import { assertSafeKey, checkRecord, compareKeys } from '../record-schema.js';
import type { BrokenEntry, LedgerKey, LedgerKind, LedgerRecord } from '../types.js';
import { describeFsError, ensureDir, writeFileDurably, type FileSystem } from '../../fs/durable.js';

const ENTRY = /^(.+?)(?:\.(review))?\.json$/;

export function entryFileName(week: string, kind: LedgerKind): string {
  return `${week}${kind === 'digest' ? '' : `.${kind}`}.json`;
}

export function parseEntryFileName(file: string): { week: string; kind: LedgerKind } | null {
  const match = ENTRY.exec(file);
  return match ? { week: match[1]!, kind: (match[2] as LedgerKind | undefined) ?? 'digest' } : null;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

export function createFileLedger(fs: FileSystem, stateDir: string) {
  const root = join(stateDir, 'ledger');
  const pathOf = (key: LedgerKey) => {
    assertSafeKey(key);
    return join(root, key.digestId, entryFileName(key.week, key.kind));
  };

  /** The record, `null` when there is none, or why the file cannot be read. */
  async function read(key: LedgerKey, path: string): Promise<{ record: LedgerRecord | null } | { problem: string }> {
    let text: string;
    try {
      text = await fs.readFile(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return { record: null };
      return { problem: `cannot be read: ${describeFsError(error)}` };
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { problem: `truncated or not JSON (${(error as Error).message})` };
    }
    return checkRecord(value, key);
  }

  return {
    root,
    pathOf,
    async get(key: LedgerKey): Promise<LedgerRecord | null> {
      const path = pathOf(key);
      const result = await read(key, path);
      if ('problem' in result) {
        throw new DigestError('LEDGER_UNREADABLE', `ledger entry ${path} ${result.problem}; \`send --resend\` moves it aside`);
      }
      return result.record;
    },

    async put(record: LedgerRecord): Promise<void> {
      const path = pathOf(record);
      try {
        await ensureDir(fs, join(root, record.digestId));
        await writeFileDurably(fs, path, `${JSON.stringify(record, null, 2)}\n`);
      } catch (error) {
        throw new DigestError('STATE_WRITE', `cannot write the ledger entry ${path}: ${describeFsError(error)}`, { cause: error });
      }
    },

    async list(digestId?: string): Promise<{ records: LedgerRecord[]; broken: BrokenEntry[] }> {
      const records: LedgerRecord[] = [];
      const broken: BrokenEntry[] = [];
      const listDir = async (dir: string): Promise<string[]> => {
        try {
          return await fs.readdir(dir);
        } catch (error) {
          if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
          throw new DigestError('LEDGER_UNREADABLE', `cannot read the ledger folder ${dir}: ${describeFsError(error)}`, { cause: error });
        }
      };
      if (digestId !== undefined) assertSafeKey({ digestId });
      const ids = digestId !== undefined ? [digestId] : (await listDir(root)).sort();
      for (const id of ids) {
        for (const file of (await listDir(join(root, id))).sort()) {
          const name = parseEntryFileName(file);
          if (!name) continue; // temporary files, entries moved aside
          const key: LedgerKey = { digestId: id, ...name };
          const path = join(root, id, file);
          const result = await read(key, path);
          if ('problem' in result) broken.push({ ...key, location: path, message: result.problem });
          else if (result.record) records.push(result.record);
        }
      }
      return { records: records.sort(compareKeys), broken: broken.sort(compareKeys) };
    },

    async moveAside(key: LedgerKey, nowIso: string): Promise<string> {
      const path = pathOf(key);
      const aside = `${path}.broken-${nowIso.replace(/[:.]/g, '-')}`;
      try {
        await fs.rename(path, aside);
      } catch (error) {
        if (isMissing(error)) return '';
        throw new DigestError('STATE_WRITE', `cannot move the ledger entry ${path} aside: ${describeFsError(error)}`, { cause: error });
      }
      return aside;
    },
  };
}
