/**
 * The state store the config asks for: the folder (default) or PostgreSQL. The job layer and
 * the commands open it here and see only the port (./types.ts).
 */
import { readFile } from 'node:fs/promises';
import { DigestError, configError } from '../errors.js';
import { readSecret } from '../secrets.js';
import type { DeliveryConfig } from '../deliver/config.js';
import { createFileStateStore, type FileStateStore, type FileStoreOptions } from './file/index.js';
// The PostgreSQL adapter (and with it pg, ~35 ms to load) only for a config that asks for it.
import type { PostgresStateStore } from './postgres/index.js';
import type { StateConfig } from './config.js';

export interface StateStoreConfig {
  delivery: DeliveryConfig;
  state: StateConfig;
}

export interface OpenStateOptions {
  /** Apply pending database migrations at open (default true); `validate` passes false to only read. */
  migrate?: boolean;
  /** Only for the folder store: an injected file-system layer and clock (tests). */
  file?: FileStoreOptions;
}

export type AnyStateStore = FileStateStore | PostgresStateStore;

/** The database URL from the environment variable the config names; never echoed. */
export function databaseUrl(state: Extract<StateConfig, { type: 'postgres' }>, env: NodeJS.ProcessEnv): string {
  const url = readSecret(env, state.urlEnv);
  if (!url) {
    throw new DigestError('SECRET_MISSING', `state.urlEnv: set the environment variable ${state.urlEnv} to the postgres:// URL of the state database`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw configError(`state.urlEnv: the value of ${state.urlEnv} is not a URL (expected postgres://user:password@host:5432/database)`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw configError(`state.urlEnv: the value of ${state.urlEnv} must start with postgres:// or postgresql://`);
  }
  return url;
}

/**
 * Opens the configured store. `resolvePath` turns a config-relative path (delivery.stateDir,
 * state.ssl.caFile) into an absolute one.
 */
export async function openStateStore(
  config: StateStoreConfig,
  env: NodeJS.ProcessEnv,
  resolvePath: (path: string) => string,
  options: OpenStateOptions = {},
): Promise<AnyStateStore> {
  const state = config.state;
  if (state.type === 'file') return createFileStateStore(resolvePath(config.delivery.stateDir), options.file);
  const url = databaseUrl(state, env);
  let ca: string | undefined;
  if (state.ssl.caFile) {
    const path = resolvePath(state.ssl.caFile);
    try {
      ca = await readFile(path, 'utf8');
    } catch (error) {
      throw configError(`state.ssl.caFile: cannot read ${path}: ${(error as Error).message}`, error);
    }
  }
  const { openPostgresStateStore } = await import('./postgres/index.js');
  return openPostgresStateStore({ url, sslMode: state.ssl.mode, ca }, { schema: state.schema, migrate: options.migrate ?? true });
}

export { createFileStateStore } from './file/index.js';
export { importFolderLedger, assertSafeSwitch } from './switch.js';

/**
 * For `digest validate`: connects without migrating and says what it found, one line each;
 * throws the registry error when the store cannot be reached or its schema is newer than ours.
 */
export async function describeStateStore(config: StateStoreConfig, env: NodeJS.ProcessEnv, resolvePath: (path: string) => string): Promise<string[]> {
  const store = await openStateStore(config, env, resolvePath, { migrate: false });
  try {
    if (store.type === 'file') return [`state ${store.name}: folder store`];
    const { current, latest } = await store.schemaVersion();
    const note = current === latest ? 'up to date' : `${latest - current} migration(s) pending: \`run\` applies them at start, or run \`digest migrate\``;
    return [`state ${store.name}: reachable, schema version ${current} of ${latest} (${note})`];
  } finally {
    await store.close();
  }
}
