/**
 * The PostgreSQL state store: for replicas and deploys where no folder survives a run. The
 * ledger is a table keyed (digest_id, week, kind) holding the record as jsonb, each write one
 * statement that also appends the transition to `ledger_transitions`; the lock is a row lease
 * (./lock.ts). The schema is migrated at open (unless told not to) under an advisory lock.
 */
import { DigestError } from '../../errors.js';
import { assertSafeKey, checkRecord, compareKeys } from '../record-schema.js';
import type { BrokenEntry, LedgerKey, LedgerRecord, StateStore } from '../types.js';
import type { PostgresConnection } from './connect.js';
import { openDb, type Db } from './db.js';
import { acquireRowLock } from './lock.js';
import { LATEST_SCHEMA_VERSION, applyMigrations, readSchemaVersion, type MigrationResult } from './migrations.js';

export interface PostgresStoreOptions {
  /** The schema that holds the tables; default `public`. */
  schema?: string | undefined;
  /** Apply pending migrations at open (default true); `validate` opens without, to only read. */
  migrate?: boolean | undefined;
}

export interface PostgresStateStore extends StateStore {
  readonly type: 'postgres';
  migrate(): Promise<MigrationResult>;
  schemaVersion(): Promise<{ current: number; latest: number }>;
}

const locationOf = (key: LedgerKey) => `postgres:ledger(${key.digestId}, ${key.week}, ${key.kind})`;

interface LedgerRow {
  digest_id: string;
  week: string;
  kind: string;
  record: unknown;
}

export async function openPostgresStateStore(connection: PostgresConnection, options: PostgresStoreOptions = {}): Promise<PostgresStateStore> {
  const schema = options.schema ?? 'public';
  const db = openDb(connection, schema);
  const store = postgresStore(db, schema);
  try {
    // After migrating, its result is the version (a newer database stays where it is).
    const current = (options.migrate ?? true) ? (await store.migrate()).to : (await store.schemaVersion()).current;
    if (current > LATEST_SCHEMA_VERSION) {
      throw new DigestError('STATE_SCHEMA', `the state database ${db.target} has schema version ${current}; this version of digest knows up to ${LATEST_SCHEMA_VERSION}: upgrade digest`);
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  return store;
}

function postgresStore(db: Db, schema: string): PostgresStateStore {
  const ledger = db.table('ledger');
  const transitions = db.table('ledger_transitions');
  const aside = db.table('ledger_aside');
  const toRecord = (row: LedgerRow) => {
    const key = { digestId: row.digest_id, week: row.week, kind: row.kind } as LedgerKey;
    return { key, result: checkRecord(row.record, key) };
  };
  return {
    type: 'postgres',
    name: db.target,

    async get(key) {
      assertSafeKey(key);
      const result = await db.query<LedgerRow>(
        `SELECT digest_id, week, kind, record FROM ${ledger} WHERE digest_id = $1 AND week = $2 AND kind = $3`,
        [key.digestId, key.week, key.kind],
        'reading the ledger',
      );
      const row = result.rows[0];
      if (!row) return null;
      const checked = toRecord(row).result;
      if ('problem' in checked) {
        throw new DigestError('LEDGER_UNREADABLE', `ledger entry ${locationOf(key)} in ${db.target}: ${checked.problem}; \`send --resend\` moves it aside`);
      }
      return checked.record;
    },

    async put(record) {
      assertSafeKey(record);
      const json = JSON.stringify(record);
      await db.query(
        `WITH up AS (
           INSERT INTO ${ledger} (digest_id, week, kind, state, record, updated_at)
           VALUES ($1, $2, $3, $4, $5::jsonb, now())
           ON CONFLICT (digest_id, week, kind) DO UPDATE SET state = EXCLUDED.state, record = EXCLUDED.record, updated_at = now()
           RETURNING digest_id, week, kind, state, record
         )
         INSERT INTO ${transitions} (digest_id, week, kind, state, record) SELECT digest_id, week, kind, state, record FROM up`,
        [record.digestId, record.week, record.kind, record.state, json],
        'writing the ledger',
      );
    },

    async list(digestId) {
      if (digestId !== undefined) assertSafeKey({ digestId });
      const result = await db.query<LedgerRow>(
        `SELECT digest_id, week, kind, record FROM ${ledger} ${digestId !== undefined ? 'WHERE digest_id = $1' : ''}`,
        digestId !== undefined ? [digestId] : [],
        'reading the ledger',
      );
      const records: LedgerRecord[] = [];
      const broken: BrokenEntry[] = [];
      for (const row of result.rows) {
        const { key, result: checked } = toRecord(row);
        if ('problem' in checked) broken.push({ ...key, location: locationOf(key), message: checked.problem });
        else records.push(checked.record);
      }
      return { records: records.sort(compareKeys), broken: broken.sort(compareKeys) };
    },

    async moveAside(key) {
      assertSafeKey(key);
      const result = await db.query<{ id: string }>(
        `WITH moved AS (DELETE FROM ${ledger} WHERE digest_id = $1 AND week = $2 AND kind = $3 RETURNING digest_id, week, kind, record)
         INSERT INTO ${aside} (digest_id, week, kind, record) SELECT digest_id, week, kind, record FROM moved RETURNING id`,
        [key.digestId, key.week, key.kind],
        'moving a ledger entry aside',
      );
      const id = result.rows[0]?.id;
      return id ? `postgres:ledger_aside(${id})` : '';
    },

    acquireLock: (digestId, options) => {
      assertSafeKey({ digestId });
      return acquireRowLock(db, digestId, options);
    },

    migrate: () => db.withClient('applying the schema migrations', (client) => applyMigrations(client, schema)),

    async schemaVersion() {
      const current = await db.withClient('reading the schema version', (client) => readSchemaVersion(client, schema));
      return { current, latest: LATEST_SCHEMA_VERSION };
    },

    close: () => db.close(),
  };
}

export type { PostgresConnection, SslMode } from './connect.js';
export { LATEST_SCHEMA_VERSION, MIGRATIONS, type MigrationResult } from './migrations.js';
