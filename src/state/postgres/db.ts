/** The pool with every query's failure translated into a registry error, and schema-qualified table names. */
import pg from 'pg';
import { poolConfig, rememberUrlSecrets, describeTarget, toDigestError, type PostgresConnection } from './connect.js';
import { quoteIdent } from './migrations.js';

export interface Db {
  readonly target: string;
  readonly pool: pg.Pool;
  /** `"schema".name` */
  table(name: string): string;
  /** One statement (one implicit transaction); a failure is a registry error naming what was being done. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[], doing: string): Promise<pg.QueryResult<R>>;
  /** A client of its own, for statements that must share a transaction (migrations). */
  withClient<T>(doing: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function openDb(connection: PostgresConnection, schema: string): Db {
  rememberUrlSecrets(connection.url);
  const pool = new pg.Pool(poolConfig(connection));
  // An idle client whose server went away emits 'error' on the pool; without a listener Node
  // would crash the process. The next query reports the outage as STATE_UNREACHABLE.
  pool.on('error', () => undefined);
  const target = describeTarget(connection.url);
  const fail = (error: unknown, doing: string) => toDigestError(error, target, doing);
  let closed = false;
  return {
    target,
    pool,
    table: (name) => `${quoteIdent(schema)}.${quoteIdent(name)}`,
    async query<R extends pg.QueryResultRow>(sql: string, params: unknown[], doing: string) {
      try {
        return await pool.query<R>(sql, params);
      } catch (error) {
        throw fail(error, doing);
      }
    },
    async withClient(doing, fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw fail(error, doing);
      }
      try {
        const result = await fn(client);
        client.release();
        return result;
      } catch (error) {
        // A client that failed mid-transaction may be broken: drop it rather than reuse it.
        client.release(error instanceof Error ? error : true);
        throw fail(error, doing);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end().catch(() => undefined);
    },
  };
}
