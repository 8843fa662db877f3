/**
 * Connecting to the state database: the pool options from the URL and the TLS settings, a
 * name for messages that never carries the user's password, and the translation of driver
 * errors into registry codes. Nothing here puts the URL or the password into a message, and both are
 * remembered by the one scrubber before the first connection.
 */
import pg from 'pg';
import { DigestError } from '../../errors.js';
import { rememberSecret } from '../../secrets.js';

export type SslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

export interface PostgresConnection {
  url: string;
  /** From `state.ssl.mode`; when unset, the URL's own `sslmode` decides (node-postgres rules). */
  sslMode?: SslMode | undefined;
  /** PEM text of the CA (`state.ssl.caFile`, already read). */
  ca?: string | undefined;
  /** Client-side limit for one statement; a database that hangs is unreachable, not a hang. */
  queryTimeoutMs?: number | undefined;
  connectTimeoutMs?: number | undefined;
}

/** The URL parameters through which node-postgres configures TLS; dropped when `state.ssl` decides. */
const URL_SSL_PARAMS = ['ssl', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'uselibpqcompat', 'sslnegotiation'];

/** `postgres:host:port/database`: for messages and `validate`; no user, no password. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `postgres:${u.hostname || 'localhost'}${u.port ? `:${u.port}` : ''}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return 'postgres:(unparsable URL)';
  }
}

/** Tells the one scrubber (src/secrets.ts) the URL and its password, as written and decoded. */
export function rememberUrlSecrets(url: string): void {
  rememberSecret(url);
  try {
    const u = new URL(url);
    if (u.password) {
      rememberSecret(u.password);
      rememberSecret(decodeURIComponent(u.password));
    }
  } catch {
    // an unparsable URL is refused before it is used
  }
}

function sslOption(mode: SslMode, ca: string | undefined): pg.PoolConfig['ssl'] {
  switch (mode) {
    case 'disable':
      return false;
    // libpq's meaning: encrypt, verify nothing, unless a CA is given (then like verify-ca).
    case 'require':
      return ca ? { ca, checkServerIdentity: () => undefined } : { rejectUnauthorized: false };
    case 'verify-ca':
      return { ca, checkServerIdentity: () => undefined };
    case 'verify-full':
      return ca ? { ca } : {};
  }
}

export function poolConfig(connection: PostgresConnection): pg.PoolConfig {
  let connectionString = connection.url;
  let ssl: pg.PoolConfig['ssl'] | undefined;
  if (connection.sslMode) {
    const u = new URL(connection.url);
    for (const key of URL_SSL_PARAMS) u.searchParams.delete(key);
    connectionString = u.toString();
    ssl = sslOption(connection.sslMode, connection.ca);
  } else if (connection.ca) {
    ssl = { ca: connection.ca };
  }
  return {
    connectionString,
    ...(ssl !== undefined ? { ssl } : {}),
    max: 4,
    application_name: 'alignment-digest',
    connectionTimeoutMillis: connection.connectTimeoutMs ?? 10_000,
    query_timeout: connection.queryTimeoutMs ?? 30_000,
    idleTimeoutMillis: 10_000,
    keepAlive: true,
  };
}

/** SQLSTATEs that mean the user, password or database is refused: fixing the config helps. */
const CREDENTIAL_STATES = new Set(['28P01', '28000', '3D000', '42501']);
/** Network-level error codes of Node: the server is not there (now). */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** A driver error as a registry error, named after the target (DigestError scrubs the URL's secrets). */
export function toDigestError(error: unknown, target: string, doing: string): DigestError {
  if (error instanceof DigestError) return error;
  const e = error as { code?: string; message?: string };
  const message = e?.message ?? String(error);
  const where = `the state database ${target}`;
  if (e?.code && CREDENTIAL_STATES.has(e.code)) {
    return new DigestError('STATE_CREDENTIALS', `${where} refused ${doing}: ${message}`, { cause: error });
  }
  if (e?.code === '42P01' || e?.code === '3F000') {
    return new DigestError('STATE_SCHEMA', `${where} has no digest tables (${doing}): ${message}; run \`digest migrate\``, { cause: error });
  }
  if (e?.code && NETWORK.has(e.code)) {
    return new DigestError('STATE_UNREACHABLE', `${where} cannot be reached (${doing}): ${message}`, { cause: error });
  }
  if (/certificate|SSL|TLS|self[- ]signed/i.test(message)) {
    return new DigestError('STATE_UNREACHABLE', `${where}: TLS failed (${doing}): ${message}; check state.ssl.mode and state.ssl.caFile`, { cause: error });
  }
  // Connection exceptions (08…), shutdowns and restarts (57P…), timeouts and dropped sockets.
  return new DigestError('STATE_UNREACHABLE', `${where} failed (${doing}): ${message}${e?.code ? ` (${e.code})` : ''}`, { cause: error });
}
