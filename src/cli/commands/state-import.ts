/**
 * `digest state import`: copies the folder ledger (delivery.stateDir) into the PostgreSQL state
 * store, so a switch of stores never sends a week again. Safe to repeat.
 */
import { configRelative, loadConfig } from '../../config/load.js';
import { createFileStateStore, importFolderLedger, openStateStore } from '../../state/index.js';
import { EXIT, usageError } from '../../errors.js';
import type { Io } from '../io.js';

interface ImportOptions {
  config?: string;
  /** The folder to import from; default delivery.stateDir. */
  from?: string;
}

export async function run(options: ImportOptions, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const loaded = await loadConfig(options.config);
  if (loaded.config.state.type !== 'postgres') {
    throw usageError('`digest state import` copies the folder ledger into PostgreSQL: set state.type: postgres in the config first');
  }
  const folder = configRelative(loaded, options.from ?? loaded.config.delivery.stateDir);
  const store = await openStateStore(loaded.config, env, (p) => configRelative(loaded, p));
  try {
    const report = await importFolderLedger(createFileStateStore(folder), store);
    io.out(`${folder} → ${store.name}: ${report.copied} copied, ${report.unchanged} already there, ${report.replaced} replaced (sent in the folder), ${report.kept} kept (newer in the database)`);
    for (const entry of report.broken) io.err(`not imported: ${entry.location}: ${entry.message}`);
    return report.broken.length ? EXIT.delivery : EXIT.ok;
  } finally {
    await store.close();
  }
}
