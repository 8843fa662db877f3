/**
 * Switching from the folder to the database without sending a week twice: `digest state
 * import` copies the folder's ledger into the database, and `run` refuses a database store
 * that is still empty while the configured folder holds a ledger (the import was forgotten).
 */
import { join } from 'node:path';
import { DigestError } from '../errors.js';
import { createFileStateStore } from './file/index.js';
import type { BrokenEntry, LedgerRecord, StateStore } from './types.js';

export interface ImportReport {
  /** Records the database did not have. */
  copied: number;
  /** Records the database already had, identical (a second import changes nothing). */
  unchanged: number;
  /** The database's record differed and was kept (it is newer: written by a run after the switch). */
  kept: number;
  /** The folder says sent, the database did not: the folder's record was written, so the week is not sent again. */
  replaced: number;
  /** Folder entries that cannot be read: not copied, listed here with their file. */
  broken: BrokenEntry[];
}

const same = (a: LedgerRecord, b: LedgerRecord) => JSON.stringify(a) === JSON.stringify(b);

/** Copies every readable record of `from` into `to`; idempotent. */
export async function importFolderLedger(from: StateStore, to: StateStore): Promise<ImportReport> {
  const { records, broken } = await from.list();
  const report: ImportReport = { copied: 0, unchanged: 0, kept: 0, replaced: 0, broken };
  for (const record of records) {
    const existing = await to.get(record);
    if (!existing) {
      await to.put(record);
      report.copied++;
    } else if (same(existing, record)) {
      report.unchanged++;
    } else if (record.state === 'sent' && existing.state !== 'sent') {
      await to.put(record);
      report.replaced++;
    } else {
      report.kept++;
    }
  }
  return report;
}

/**
 * Throws `STATE_SWITCH` (config kind, exit 3) when `store` is a database store with no ledger
 * at all while the folder `folderStateDir` still holds one: running then would send again the
 * weeks the folder records as sent. A folder store, or an empty folder, passes.
 */
export async function assertSafeSwitch(store: StateStore & { type?: string }, folderStateDir: string): Promise<void> {
  if (store.type !== 'postgres') return;
  const inDatabase = await store.list();
  if (inDatabase.records.length || inDatabase.broken.length) return;
  const folder = await createFileStateStore(folderStateDir).list();
  const count = folder.records.length + folder.broken.length;
  if (!count) return;
  const digests = [...new Set([...folder.records, ...folder.broken].map((r) => r.digestId))].join(', ');
  throw new DigestError(
    'STATE_SWITCH',
    `the state database ${store.name} holds no ledger yet, but the folder ${join(folderStateDir, 'ledger')} holds ${count} entries (${digests}); ` +
      'run `digest state import` first, so weeks already sent are not sent again',
  );
}
