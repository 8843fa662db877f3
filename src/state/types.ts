/**
 * The state-store port: the send ledger (one record per digest, week and kind, with its state
 * transitions), the per-digest send lock with a lease, and the history. Two adapters implement
 * it, a folder (the default) and PostgreSQL, and both pass one contract suite
 * (test/state/contract.ts). The job layer (src/jobs/) is its only writer.
 *
 * Failures are registry errors: a store that cannot be written or reached throws
 * `STATE_WRITE` / `STATE_UNREACHABLE`; an entry that cannot be read throws `LEDGER_UNREADABLE`
 * naming where it is (the other entries keep working).
 */
export type LedgerState = 'rendering' | 'sending' | 'sent' | 'partial' | 'failed' | 'skipped' | 'missed';
/** `digest`: the real send to the list; `review`: the editors' draft. */
export type LedgerKind = 'digest' | 'review';

export interface RecipientOutcome {
  address: string;
  status: 'pending' | 'accepted' | 'rejected';
  /** The server's reply for this recipient, when known. */
  response?: string | undefined;
}

export interface LedgerError {
  /** A code of the error registry (src/errors.ts). */
  code: string;
  message: string;
  /** Whether the registry calls the code permanent (kept for history; every failed week is retried). */
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

export interface LedgerKey {
  digestId: string;
  week: string;
  kind: LedgerKind;
}

/** An entry the store holds but cannot read (truncated, wrong shape): listed, never fatal for the others. */
export interface BrokenEntry extends LedgerKey {
  /** Where it is: a file path, or `postgres:ledger(dach, 2026-W47, digest)`. */
  location: string;
  /** What is wrong with it (`truncated or not JSON (…)`, `wrong shape: state: …`); the location is not repeated. */
  message: string;
}

export interface LockInfo {
  /** Who holds it: process id and host (for messages), and a random token. */
  pid: number;
  host: string;
  at: string;
  token: string;
  /** When the lease runs out unless renewed (ISO instant). */
  expiresAt?: string | undefined;
}

export interface LockHandle {
  readonly info: LockInfo;
  /**
   * Confirms the lease is still ours and extends it; throws a registry error (`LOCKED` when
   * another process took it over, `STATE_UNREACHABLE` when the store cannot be asked). The job
   * calls it right before the SMTP transaction: a holder that cannot renew never sends.
   */
  assertHeld(): Promise<void>;
  /** Releases the lock if still ours; never throws. */
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long the lease lasts without renewal (the folder store: the stale-lock timeout). */
  leaseMs: number;
  /**
   * How often the lease is renewed in the background while held; default leaseMs / 3. `0`
   * turns the background renewal off (a holder that stalls, as tests simulate): `assertHeld`
   * still renews.
   */
  renewEveryMs?: number | undefined;
}

export interface StateStore {
  /** `file:/var/lib/digest` or `postgres:host/db`, for messages and `validate` (never a password). */
  readonly name: string;
  get(key: LedgerKey): Promise<LedgerRecord | null>;
  put(record: LedgerRecord): Promise<void>;
  /** Every readable record (sorted by digest, week, kind) and every broken entry. */
  list(digestId?: string): Promise<{ records: LedgerRecord[]; broken: BrokenEntry[] }>;
  /** Moves a broken entry out of the way (`send --resend`); returns where it went ('' when there was none). */
  moveAside(key: LedgerKey): Promise<string>;
  /** Takes the digest's send lock, or says who holds it; renewed in the background while held. */
  acquireLock(digestId: string, options: LockOptions): Promise<LockHandle | { heldBy: LockInfo }>;
  close(): Promise<void>;
}

export function newRecord(digestId: string, week: string, kind: LedgerKind, nowIso: string): LedgerRecord {
  return {
    digestId, week, kind, state: 'rendering', messageId: null, recipients: [], transport: null, attempts: 0,
    createdAt: nowIso, updatedAt: nowIso, sendingAt: null, sentAt: null, scheduledFor: null, reason: null, error: null, alerts: [],
  };
}

export function isLockHandle(lock: LockHandle | { heldBy: LockInfo }): lock is LockHandle {
  return 'release' in lock;
}
