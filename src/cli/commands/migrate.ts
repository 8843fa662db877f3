/** `digest migrate`: applies the pending schema migrations of the state database (the same ones `run` applies at start). */
import { configRelative, loadConfig } from '../../config/load.js';
import { openStateStore } from '../../state/index.js';
import { EXIT, usageError } from '../../errors.js';
import type { Io } from '../io.js';

interface MigrateOptions {
  config?: string;
}

export async function run(options: MigrateOptions, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const loaded = await loadConfig(options.config);
  if (loaded.config.state.type !== 'postgres') {
    throw usageError('`digest migrate` is for the PostgreSQL state store; this config keeps the state in a folder (state.type: file), which needs no migrations');
  }
  const store = await openStateStore(loaded.config, env, (p) => configRelative(loaded, p), { migrate: false });
  try {
    if (store.type !== 'postgres') return EXIT.ok;
    const result = await store.migrate();
    io.out(
      result.applied.length
        ? `${store.name}: schema version ${result.from} → ${result.to} (applied ${result.applied.join(', ')})`
        : `${store.name}: schema version ${result.to}, up to date`,
    );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
