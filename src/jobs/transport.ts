/**
 * Builds the configured transport from the config: reads the CA and DKIM files and the SMTP
 * password (from the environment the caller passes, process.env in production).
 */
import { readFile } from 'node:fs/promises';
import { configRelative, type LoadedConfig } from '../config/load.js';
import { configError, DigestError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { readSecret } from '../secrets.js';
import type { Transport } from '../deliver/transport.js';

async function readConfigFile(loaded: LoadedConfig, path: string, what: string): Promise<string> {
  try {
    return await readFile(configRelative(loaded, path), 'utf8');
  } catch (error) {
    throw configError(`delivery.smtp.${what}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, error);
  }
}

export async function createConfiguredTransport(
  loaded: LoadedConfig,
  options: { dryRun?: boolean | undefined; logger?: Logger | undefined; env?: NodeJS.ProcessEnv | undefined } = {},
): Promise<Transport> {
  const { delivery } = loaded.config;
  if (options.dryRun || delivery.transport === 'outbox' || !delivery.smtp) {
    const { createOutboxTransport } = await import('../deliver/outbox.js');
    return createOutboxTransport({ dir: configRelative(loaded, delivery.outboxDir) });
  }
  const smtp = delivery.smtp;
  const env = options.env ?? process.env;
  let password: string | undefined;
  if (smtp.auth) {
    password = readSecret(env, smtp.auth.passwordEnv);
    if (!password) throw new DigestError('SECRET_MISSING', `delivery.smtp.auth: the environment variable ${smtp.auth.passwordEnv} is not set (it holds the SMTP password)`);
  }
  const ca = smtp.caFile ? await readConfigFile(loaded, smtp.caFile, 'caFile') : undefined;
  const dkimPrivateKey = smtp.dkim ? await readConfigFile(loaded, smtp.dkim.privateKeyFile, 'dkim.privateKeyFile') : undefined;
  const { createSmtpTransport } = await import('../deliver/smtp.js');
  return createSmtpTransport({ config: smtp, password, ca, dkimPrivateKey, logger: options.logger });
}
