/** Everything a ledger-backed send needs, built from the loaded config: logger, ledger, transport. */
import { configRelative, type LoadedConfig } from '../config/load.js';
import type { Io } from '../cli/io.js';
import { createLogger, type Logger } from '../log/logger.js';
import { assertAlertRecipients } from './alerts.js';
import { configuredSecrets, createConfiguredTransport } from './factory.js';
import { createFileLedger } from './ledger.js';
import type { SendContext } from './send-once.js';

export async function openLogger(loaded: LoadedConfig | null, io: Io | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Logger> {
  return createLogger({ io, secrets: loaded ? configuredSecrets(loaded, env) : [] });
}

export async function openDelivery(
  loaded: LoadedConfig,
  options: { io?: Io | undefined; logger?: Logger | undefined; dryRun?: boolean | undefined; env?: NodeJS.ProcessEnv | undefined } = {},
): Promise<SendContext> {
  const env = options.env ?? process.env;
  // The ops address obeys the recipient guard too: refuse before anything is read or sent.
  for (const digest of loaded.config.digests) {
    assertAlertRecipients(digest, loaded.config.delivery.alertTo, loaded.config.allowedDomains);
    if (digest.review) {
      const { assertAllowedRecipients } = await import('./recipients.js');
      assertAllowedRecipients(digest.review.to, loaded.config.allowedDomains);
    }
  }
  const logger = options.logger ?? (await openLogger(loaded, options.io, env));
  const stateDir = configRelative(loaded, loaded.config.delivery.stateDir);
  const transport = await createConfiguredTransport(loaded, { dryRun: options.dryRun, logger, env });
  return { loaded, ledger: createFileLedger(stateDir), transport, logger, stateDir };
}
