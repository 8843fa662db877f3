/**
 * The old ledger interface, kept only until the job layer (src/jobs/) uses the state port
 * directly: a thin view of the folder state store (src/state/file/). Delete with its last user.
 */
import { join } from 'node:path';
import { createFileStateStore } from '../state/file/index.js';
import type { LedgerKind, LedgerRecord } from '../state/types.js';

export { newRecord } from '../state/types.js';
export type { LedgerState, LedgerKind, RecipientOutcome, LedgerError, LedgerRecord } from '../state/types.js';

export interface Ledger {
  readonly dir: string;
  get(digestId: string, week: string, kind?: LedgerKind): Promise<LedgerRecord | null>;
  put(record: LedgerRecord): Promise<void>;
  /** Readable records only; broken entries are in the state store's `list().broken`. */
  list(digestId?: string): Promise<LedgerRecord[]>;
}

export function createFileLedger(stateDir: string): Ledger {
  const store = createFileStateStore(stateDir);
  return {
    dir: join(stateDir, 'ledger'),
    get: (digestId, week, kind = 'digest') => store.get({ digestId, week, kind }),
    put: (record) => store.put(record),
    list: async (digestId) => (await store.list(digestId)).records,
  };
}
