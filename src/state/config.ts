/**
 * Config of the state store (`state`): the folder by default (it uses `delivery.stateDir` and
 * `delivery.lockStaleSeconds`, as before), or PostgreSQL with the connection URL in an
 * environment variable. Also the lease rule: a lease must outlast the longest SMTP send
 * (every attempt timing out, plus the waits between attempts), so a holder never loses the
 * lock in the middle of the one transaction it cannot interrupt.
 */
import * as v from 'valibot';
import type { DeliveryConfig } from '../deliver/config.js';

const described = <S extends v.GenericSchema>(schema: S, description: string) => v.pipe(schema, v.description(description));
const withDefault = <S extends v.GenericSchema>(schema: S, fallback: v.InferInput<S>, description: string) =>
  v.pipe(v.optional(schema, fallback as never), v.description(description));
const text = v.pipe(v.string(), v.minLength(1, 'must not be empty'));

const fileStateSchema = v.strictObject({
  type: described(v.literal('file'), 'the ledger and the lock as files in delivery.stateDir (the default)'),
});

const postgresStateSchema = v.strictObject({
  type: described(v.literal('postgres'), 'the ledger and the lock in PostgreSQL: for replicas and deploys without a lasting folder'),
  urlEnv: withDefault(
    v.pipe(v.string(), v.regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. DIGEST_DATABASE_URL')),
    'DIGEST_DATABASE_URL',
    'environment variable that holds the postgres:// connection URL (never the URL itself: it carries the password)',
  ),
  ssl: withDefault(
    v.strictObject({
      mode: described(
        v.optional(v.picklist(['disable', 'require', 'verify-ca', 'verify-full'])),
        "TLS as libpq means it: disable, require (encrypted, not verified), verify-ca, verify-full; when set, the URL's own ssl parameters are ignored; unset: the URL decides, by node-postgres's rules (docs/state.md)",
      ),
      caFile: described(v.optional(text), 'PEM file with the CA of the database server (managed databases with a private CA), relative to the config file'),
    }),
    {},
    'TLS to the database',
  ),
  leaseSeconds: described(
    v.optional(v.pipe(v.number(), v.integer(), v.minValue(10, 'must be at least 10'))),
    'how long the send lock lasts without renewal (renewed every third of it while a send runs); default: the longest SMTP send (timeouts × attempts plus the waits) plus a minute; must not be shorter than that',
  ),
  schema: withDefault(
    v.pipe(v.string(), v.regex(/^[a-z_][a-z0-9_]*$/, 'a plain PostgreSQL identifier (lower-case letters, digits, _)')),
    'public',
    'database schema that holds the tables (created by the migrations when missing)',
  ),
});

export const stateSchema = withDefault(
  v.variant('type', [fileStateSchema, postgresStateSchema]),
  { type: 'file' },
  'where the send ledger and the send lock live: a folder (default) or PostgreSQL (docs/state.md)',
);

export type StateConfig = v.InferOutput<typeof stateSchema>;
export type PostgresStateConfig = Extract<StateConfig, { type: 'postgres' }>;

/**
 * The longest an SMTP send can take before it gives up: every attempt waiting out the
 * connection, greeting and socket timeouts, plus the longest wait between attempts. 0 for the
 * outbox (a local write).
 */
export function longestSendMs(delivery: DeliveryConfig): number {
  const smtp = delivery.transport === 'smtp' ? delivery.smtp : undefined;
  if (!smtp) return 0;
  const perAttempt = smtp.connectionTimeoutMs + smtp.greetingTimeoutMs + smtp.socketTimeoutMs;
  return smtp.retry.attempts * perAttempt + (smtp.retry.attempts - 1) * smtp.retry.maxDelayMs;
}

/**
 * The lease of the configured store. The folder: its stale timeout, but never shorter than the
 * longest send plus a minute. The database: `state.leaseSeconds` (validated to be longer than
 * the longest send), else the longest send plus a minute, at least two minutes.
 */
export function leaseMsFor(config: { delivery: DeliveryConfig; state: StateConfig }): number {
  const computed = longestSendMs(config.delivery) + 60_000;
  if (config.state.type === 'file') return Math.max(config.delivery.lockStaleSeconds * 1000, computed);
  if (config.state.leaseSeconds !== undefined) return config.state.leaseSeconds * 1000;
  return Math.max(120_000, computed);
}

/** The cross-field rule for `validate`: an explicit database lease must outlast the longest send. */
export function leaseProblem(config: { delivery: DeliveryConfig; state: StateConfig }): { path: string; message: string } | null {
  if (config.state.type !== 'postgres' || config.state.leaseSeconds === undefined) return null;
  const needed = longestSendMs(config.delivery);
  const lease = config.state.leaseSeconds * 1000;
  if (lease > needed) return null;
  return {
    path: 'state.leaseSeconds',
    message: `${lease / 1000} s is not longer than the longest SMTP send (${Math.ceil(needed / 1000)} s: ${config.delivery.smtp?.retry.attempts} attempts × the connection, greeting and socket timeouts, plus the waits between them); raise it or lower the timeouts`,
  };
}
