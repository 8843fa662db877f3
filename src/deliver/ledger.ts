/**
 * The send ledger: one record per (digest id, week, kind), kept as one JSON file per record in
 * the state folder (`<stateDir>/ledger/<digest>/<week>[.<kind>].json`). Every write goes to a
 * temporary file, is fsynced, renamed over the old record, and the folder is fsynced, so a crash
 * at any point leaves either the old or the new record, never half of one.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from './durable-file.js';

export type LedgerState = 'rendering' | 'sending' | 'sent' | 'failed' | 'skipped' | 'missed';
/** `digest`: the real send to the list; `review`: the editors' draft. */
export type LedgerKind = 'digest' | 'review';

export interface RecipientOutcome {
  address: string;
  status: 'pending' | 'accepted' | 'rejected';
  /** The server's reply for this recipient, when known. */
  response?: string | undefined;
}

export interface LedgerError {
  code: string;
  message: string;
  /** A 5xx reply or a refusal that retrying will not fix: `run` does not retry it on its own. */
  permanent: boolean;
}

export interface LedgerRecord {
  digestId: string;
  week: string;
  kind: LedgerKind;
  state: LedgerState;
  messageId: string | null;
  recipients: RecipientOutcome[];
  transport: string | null;
  /** How many times a send was started for this record. */
  attempts: number;
  createdAt: string;
  updatedAt: string;
  sendingAt: string | null;
  sentAt: string | null;
  /** The scheduled run this record belongs to (run/schedule), ISO instant. */
  scheduledFor: string | null;
  /** Why a week was skipped or missed, or what the guard said. */
  reason: string | null;
  error: LedgerError | null;
  /** Alerts sent to ops for this record: the error code and when, so one failure alerts once. */
  alerts: { code: string; at: string }[];
}

export interface Ledger {
  readonly dir: string;
  get(digestId: string, week: string, kind?: LedgerKind): Promise<LedgerRecord | null>;
  put(record: LedgerRecord): Promise<void>;
  list(digestId?: string): Promise<LedgerRecord[]>;
}
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function newRecord(digestId: string, week: string, kind: LedgerKind, nowIso: string): LedgerRecord {
  return {
    digestId, week, kind, state: 'rendering', messageId: null, recipients: [], transport: null, attempts: 0,
    createdAt: nowIso, updatedAt: nowIso, sendingAt: null, sentAt: null, scheduledFor: null, reason: null, error: null, alerts: [],
  };
}

export function createFileLedger(stateDir: string): Ledger {
  const root = join(stateDir, 'ledger');
  const fileFor = (digestId: string, week: string, kind: LedgerKind) => {
    if (!SAFE.test(digestId) || !SAFE.test(week)) throw new Error(`unsafe ledger key ${digestId}/${week}`);
    return { dir: join(root, digestId), path: join(root, digestId, `${week}${kind === 'digest' ? '' : `.${kind}`}.json`) };
  };
  return {
    dir: root,
    async get(digestId, week, kind = 'digest') {
      const { path } = fileFor(digestId, week, kind);
      try {
        return JSON.parse(await readFile(path, 'utf8')) as LedgerRecord;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async put(record) {
      const { dir, path } = fileFor(record.digestId, record.week, record.kind);
      await mkdir(dir, { recursive: true });
      await writeFileDurably(path, `${JSON.stringify(record, null, 2)}\n`);
    },
    async list(digestId) {
      let ids: string[];
      try {
        ids = digestId ? [digestId] : await readdir(root);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const records: LedgerRecord[] = [];
      for (const id of ids) {
        let files: string[] = [];
        try {
          files = await readdir(join(root, id));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        for (const file of files.filter((f) => f.endsWith('.json'))) {
          records.push(JSON.parse(await readFile(join(root, id, file), 'utf8')) as LedgerRecord);
        }
      }
      return records.sort((a, b) => a.digestId.localeCompare(b.digestId) || a.week.localeCompare(b.week) || a.kind.localeCompare(b.kind));
    },
  };
}
