/**
 * The heartbeat: a GET to the monitor's success URL after a run that ended well, to its failure
 * URL after one that did not (default `<success URL>/fail`, the healthchecks.io convention), so
 * a job that stops running at all is noticed by the monitor. A monitor that is down never fails
 * the run: it is logged.
 */
import type { HeartbeatConfig } from '../deliver/config.js';
import { pingHeartbeat, urlForMessages } from '../deliver/http-notify.js';
import type { Logger } from '../log/logger.js';
import { readSecret, scrub } from '../secrets.js';

export function heartbeatUrls(config: HeartbeatConfig, env: NodeJS.ProcessEnv): { success: string; failure: string } | null {
  const success = readSecret(env, config.urlEnv);
  if (!success) return null;
  const failure = (config.failUrlEnv ? readSecret(env, config.failUrlEnv) : undefined) ?? `${success.replace(/\/+$/, '')}/fail`;
  return { success, failure };
}

export async function beat(config: HeartbeatConfig | undefined, ok: boolean, ctx: { env: NodeJS.ProcessEnv; logger: Logger; ping?: typeof pingHeartbeat }): Promise<void> {
  if (!config) return;
  const urls = heartbeatUrls(config, ctx.env);
  if (!urls) {
    ctx.logger.error({ env: config.urlEnv }, `the heartbeat is configured but ${config.urlEnv} is not set`);
    return;
  }
  const url = ok ? urls.success : urls.failure;
  try {
    await (ctx.ping ?? pingHeartbeat)(url, { timeoutMs: config.timeoutMs });
    ctx.logger.info({ monitor: urlForMessages(url), ok }, 'heartbeat sent');
  } catch (error) {
    ctx.logger.error({ monitor: urlForMessages(url), err: scrub((error as Error).message) }, 'the heartbeat did not go through');
  }
}
