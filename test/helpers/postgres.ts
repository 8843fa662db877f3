/**
 * The throw-away PostgreSQL cluster of the state-store tests (shared with the bench, hence a
 * script): see scripts/pg-cluster.mjs. Missing server binaries fail the tests with a clear
 * message; nothing is skipped.
 */
export { startPostgres, freshSchema, postgresBinDir, type PostgresCluster } from '../../scripts/pg-cluster.mjs';
