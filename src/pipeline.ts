/**
 * runDigest's stages in one place: sources → model → render → compose. Commands call these;
 * no other module reaches across stages.
 */
import type { DigestConfig } from './config/schema.js';
import { configRelative, type LoadedConfig } from './config/load.js';
import { buildDigest, knownMetrics } from './model/build-digest.js';
import { lastCompleteWeek, parseIsoWeek, formatWeek } from './model/period.js';
import { historyWindow } from './model/window.js';
import type { Digest } from './model/types.js';
import { createSources, type DigestSources } from './sources/index.js';
import type { RenderedDigest } from './render/types.js';
import { composeMessage } from './deliver/compose.js';
import type { OutgoingMessage } from './deliver/transport.js';
import { usageError } from './errors.js';

/** The report week: `--week` if given, else the last complete week before `now` in the digest's time zone. */
export function chooseWeek(flag: string | undefined, nowMs: number, timezone: string): string {
  if (flag === undefined) return lastCompleteWeek(nowMs, timezone);
  const parsed = parseIsoWeek(flag.trim().toUpperCase());
  if (!parsed) throw usageError(`--week: "${flag}" is not an ISO week (expected e.g. 2026-W47)`);
  return formatWeek(parsed.weekYear, parsed.weekNumber);
}

/** Reads the sources for the week's history window and builds the Digest object. */
export async function collectDigest(loaded: LoadedConfig, digest: DigestConfig, week: string, sources?: DigestSources): Promise<Digest> {
  const { crm, sheet } = sources ?? createSources(digest, { resolvePath: (p) => configRelative(loaded, p), env: process.env });
  const request = { timezone: digest.timezone, window: historyWindow(week, digest.timezone), metrics: knownMetrics(digest) };
  const [crmResult, sheetResult] = await Promise.all([crm.readCrm(request), sheet.readSheet(request)]);
  return buildDigest({ week, config: digest, crm: crmResult.records, sheet: sheetResult.records, issues: [...crmResult.issues, ...sheetResult.issues] });
}

export async function renderForMail(digest: Digest, config: DigestConfig): Promise<RenderedDigest> {
  const { renderDigest } = await import('./render/index.js');
  return renderDigest(digest, {
    footer: config.footer,
    unsubscribeUrl: config.mail.unsubscribeUrl,
    listAddress: config.mail.to.join(', '),
  });
}

export interface PreparedMessage {
  digest: Digest;
  rendered: RenderedDigest;
  message: OutgoingMessage;
}

/** Everything up to the finished message: sources, model, render, compose. */
export async function prepareMessage(
  loaded: LoadedConfig,
  digestConfig: DigestConfig,
  week: string,
  options: { to?: string[] | undefined; date?: Date | undefined } = {},
): Promise<PreparedMessage> {
  const digest = await collectDigest(loaded, digestConfig, week);
  // Start loading nodemailer now: it evaluates while the MJML worker renders.
  void import('./deliver/mime.js');
  const rendered = await renderForMail(digest, digestConfig);
  const message = composeMessage(rendered, { digest: digestConfig, week, allowedDomains: loaded.config.allowedDomains, to: options.to, date: options.date });
  return { digest, rendered, message };
}
