/**
 * The database schema as versioned migrations, applied in order inside one transaction under a
 * transaction-level advisory lock (`pg_advisory_xact_lock`: released at COMMIT, so it works
 * behind PgBouncer's transaction pooling, unlike a session lock). Two processes migrating at
 * once: the second waits, then finds nothing left to do. Append new versions; never edit one
 * that has shipped.
 */
import type pg from 'pg';

export interface Migration {
  version: number;
  name: string;
  /** `{s}` is the quoted schema name. */
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'ledger, transitions, moved-aside entries, send locks',
    sql: `
      CREATE TABLE {s}.ledger (
        digest_id text NOT NULL,
        week text NOT NULL,
        kind text NOT NULL,
        state text NOT NULL,
        record jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (digest_id, week, kind)
      );
      -- Every transition, written in the same statement as the ledger row: the history of a week.
      CREATE TABLE {s}.ledger_transitions (
        id bigserial PRIMARY KEY,
        digest_id text NOT NULL,
        week text NOT NULL,
        kind text NOT NULL,
        state text NOT NULL,
        record jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ledger_transitions_key ON {s}.ledger_transitions (digest_id, week, kind, id);
      CREATE TABLE {s}.ledger_aside (
        id bigserial PRIMARY KEY,
        digest_id text NOT NULL,
        week text NOT NULL,
        kind text NOT NULL,
        record jsonb NOT NULL,
        moved_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE {s}.locks (
        digest_id text PRIMARY KEY,
        token text NOT NULL,
        pid integer NOT NULL,
        host text NOT NULL,
        acquired_at timestamptz NOT NULL,
        renewed_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A fixed advisory-lock key per schema, so migrations of different schemas do not wait on each other. */
const lockKeySql = `SELECT pg_advisory_xact_lock(hashtextextended('alignment-digest:migrate:' || $1, 0))`;

export interface MigrationResult {
  from: number;
  to: number;
  applied: number[];
}

export async function readSchemaVersion(client: pg.ClientBase, schema: string): Promise<number> {
  const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`${quoteIdent(schema)}.schema_migrations`]);
  if (!exists.rows[0]?.t) return 0;
  const result = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${quoteIdent(schema)}.schema_migrations`);
  return result.rows[0]?.v ?? 0;
}

export async function applyMigrations(client: pg.ClientBase, schema: string): Promise<MigrationResult> {
  const s = quoteIdent(schema);
  await client.query('BEGIN');
  try {
    await client.query(lockKeySql, [schema]);
    const present = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (!present.rowCount) await client.query(`CREATE SCHEMA ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const from = await readSchemaVersion(client, schema);
    const applied: number[] = [];
    for (const migration of MIGRATIONS.filter((m) => m.version > from)) {
      await client.query(migration.sql.replaceAll('{s}', s));
      await client.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return { from, to: Math.max(from, ...applied), applied };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
