/** Everything a job needs, built once from the loaded config: logger, state store, transport, clock. */
import { configRelative, type LoadedConfig } from '../config/load.js';
import type { Io } from '../cli/io.js';
import { assertAllowedRecipients } from '../deliver/recipients.js';
import type { Transport } from '../deliver/transport.js';
import { createLogger, type Logger } from '../log/logger.js';
import { createFileStateStore } from '../state/file/index.js';
import type { StateStore } from '../state/types.js';
import { assertAlertRecipients, type AlertContext } from './alerts.js';
import { createConfiguredTransport } from './transport.js';

export interface JobContext extends AlertContext {
  loaded: LoadedConfig;
  store: StateStore;
  transport: Transport;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** The wall clock (tests may pin it). */
  clock: () => number;
}

export interface JobOptions {
  io?: Io | undefined;
  logger?: Logger | undefined;
  dryRun?: boolean | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  clock?: (() => number) | undefined;
}

export async function openJobContext(loaded: LoadedConfig, options: JobOptions = {}): Promise<JobContext> {
  const env = options.env ?? process.env;
  // The ops and editors' addresses obey the recipient guard too: refuse before anything is read or sent.
  for (const digest of loaded.config.digests) {
    assertAlertRecipients(digest, loaded.config.delivery.alertTo, loaded.config.allowedDomains);
    if (digest.review) assertAllowedRecipients(digest.review.to, loaded.config.allowedDomains);
  }
  const logger = options.logger ?? (await createLogger({ io: options.io }));
  const transport = await createConfiguredTransport(loaded, { dryRun: options.dryRun, logger, env });
  const store = createFileStateStore(configRelative(loaded, loaded.config.delivery.stateDir));
  return { loaded, store, transport, logger, env, clock: options.clock ?? Date.now };
}

export async function closeJobContext(ctx: JobContext): Promise<void> {
  ctx.transport.close?.();
  await ctx.store.close();
}
