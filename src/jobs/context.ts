/** Everything a job needs, built once from the loaded config: logger, state store, transport, clock. */
import { configRelative, type LoadedConfig } from '../config/load.js';
import type { Io } from '../cli/io.js';
import { assertAllowedRecipients } from '../deliver/recipients.js';
import type { Transport } from '../deliver/transport.js';
import { createLogger, type Logger } from '../log/logger.js';
import { assertSafeSwitch, openStateStore } from '../state/index.js';
import type { StateStore } from '../state/types.js';
import { DigestError } from '../errors.js';
import { mayAlertNow } from './alert-throttle.js';
import { assertAlertRecipients, sendAlert, type AlertContext } from './alerts.js';
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
  const transport = await createConfiguredTransport(loaded, { logger, env });
  const resolvePath = (path: string) => configRelative(loaded, path);
  const clock = options.clock ?? Date.now;
  let store: StateStore;
  try {
    store = await openStateStore(loaded.config, env, resolvePath);
  } catch (error) {
    // No ledger to remember the alert: a state store that cannot be opened alerts once an hour per digest.
    const alerts: AlertContext = { loaded, transport, logger, env, clock };
    for (const digest of loaded.config.digests) {
      if (error instanceof DigestError && error.spec.alert && mayAlertNow(digest.id, error.code, clock())) {
        await sendAlert({ digestId: digest.id, week: '-', code: error.code, headline: 'digest not sent: the state store cannot be opened', reason: error.message }, digest, alerts);
      }
    }
    transport.close?.();
    throw error;
  }
  // A database store that is still empty while the folder holds a ledger: the import was forgotten.
  await assertSafeSwitch(store, resolvePath(loaded.config.delivery.stateDir)).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  return { loaded, store, transport, logger, env, clock };
}

export async function closeJobContext(ctx: JobContext): Promise<void> {
  ctx.transport.close?.();
  await ctx.store.close();
}
