/**
 * runDigest's stages in one place: sources → model → render → compose. Commands call these;
 * no other module reaches across stages.
 */
import type { DigestConfig } from './config/schema.js';
import { configRelative, type LoadedConfig } from './config/load.js';
import { buildDigest, knownMetrics } from './model/build-digest.js';
import { checkCrmRecords } from './model/crm-records.js';
import { lastCompleteWeek, parseIsoWeek, formatWeek, weekPeriod, type WeekPeriod } from './model/period.js';
import { historyWindow, sourceWindows } from './model/window.js';
import type { CrmRecords, Digest, SheetRecords } from './model/types.js';
import { createSources, type DigestSources } from './sources/index.js';
import type { RenderContext, RenderedDigest } from './render/types.js';
import { composeMessage } from './deliver/compose.js';
import type { OutgoingMessage } from './deliver/transport.js';
import { usageError } from './errors.js';

/** The report week: `--week` if given, else the last complete week before `now` in the digest's time zone. */
export function chooseWeek(flag: string | undefined, nowMs: number, timezone: string): string {
  return flag === undefined ? lastCompleteWeek(nowMs, timezone) : parseWeekFlag(flag);
}

const WEEK_YEARS = { min: 1971, max: 2100 };

/** A `--week` value as an ISO week (`2026-w47` → `2026-W47`); a usage error otherwise. */
export function parseWeekFlag(flag: string): string {
  const parsed = parseIsoWeek(flag.trim().toUpperCase());
  if (!parsed) throw usageError(`--week: "${flag}" is not an ISO week (expected e.g. 2026-W47)`);
  // The digest's history reaches back a year and dates are read for 1970–2100 only.
  if (parsed.weekYear < WEEK_YEARS.min || parsed.weekYear > WEEK_YEARS.max) {
    throw usageError(`--week: "${flag}" is outside the years ${WEEK_YEARS.min}–${WEEK_YEARS.max} a digest can cover`);
  }
  return formatWeek(parsed.weekYear, parsed.weekNumber);
}

/** The report week as a Period: chosen once (from `--week` or the clock) and passed down from here. */
export function choosePeriod(flag: string | undefined, nowMs: number, timezone: string): WeekPeriod {
  return weekPeriod(chooseWeek(flag, nowMs, timezone), timezone);
}

/** Reads the sources for the week's history window and builds the Digest object. */
export async function collectDigest(loaded: LoadedConfig, digest: DigestConfig, period: WeekPeriod, sources?: DigestSources): Promise<Digest> {
  return (await collectDigestWithRecords(loaded, digest, period, sources)).digest;
}

/** The Digest and the raw records it was built from (the freshness guard looks at the records). */
export async function collectDigestWithRecords(
  loaded: LoadedConfig,
  digest: DigestConfig,
  period: WeekPeriod,
  sources?: DigestSources,
  /** The caller's clock (a job's, which `run --now` moves); by default the wall clock. */
  nowMs: number = Date.now(),
): Promise<{ digest: Digest; records: { crm: CrmRecords; sheet: SheetRecords } }> {
  const { week } = period;
  const { crm, sheet } = sources ?? await createSources(digest, { resolvePath: (p) => configRelative(loaded, p), env: process.env });
  const reach = { basisWeeks: digest.planning.basisWeeks, lookbackDays: digest.capacity.lookbackDays };
  const request = { timezone: digest.timezone, window: historyWindow(week, digest.timezone, reach), windows: sourceWindows(week, digest.timezone, reach), metrics: knownMetrics(digest) };
  // Every CRM source's records pass the same checks (duplicates, non-finite numbers).
  const [crmResult, sheetResult] = await Promise.all([crm.readCrm(request).then(checkCrmRecords), sheet.readSheet(request)]);
  const built = buildDigest({ week, config: digest, crm: crmResult.records, sheet: sheetResult.records, issues: [...crmResult.issues, ...sheetResult.issues] });
  // The model is pure; whether the week is over is the clock's answer.
  built.status.weekComplete = period.endMs <= nowMs;
  return { digest: built, records: { crm: crmResult.records, sheet: sheetResult.records } };
}

/** What render needs from the digest's config besides the Digest. */
export function renderContext(config: DigestConfig, sheetGids: SheetRecords['tabGids'] | null = null): RenderContext {
  return {
    sections: config.sections,
    // The tab gids from the Sheets metadata: "… weitere im Sheet" links to the tab.
    sheetGids,
    footer: config.footer,
    unsubscribeUrl: config.mail.unsubscribeUrl,
    listAddress: config.mail.to.join(', '),
  };
}

export async function renderForMail(
  digest: Digest,
  config: DigestConfig,
  options: { templatesDir?: string; sheetGids?: SheetRecords['tabGids'] } = {},
): Promise<RenderedDigest> {
  const { sheetGids, ...renderOptions } = options;
  const [{ renderDigest }, { drawDigestCharts }] = await Promise.all([import('./render/index.js'), import('./render/charts/index.js')]);
  const charts = await drawDigestCharts(digest, renderOptions);
  return renderDigest(digest, renderContext(config, sheetGids ?? null), { ...renderOptions, charts });
}

export interface PreparedMessage {
  digest: Digest;
  rendered: RenderedDigest;
  message: OutgoingMessage;
  /** The raw records behind the digest (for the guards before sending). */
  records?: { crm: CrmRecords; sheet: SheetRecords } | undefined;
}

/** Everything up to the finished message: sources, model, render, compose. */
export async function prepareMessage(
  loaded: LoadedConfig,
  digestConfig: DigestConfig,
  period: WeekPeriod,
  options: {
    to?: string[] | undefined;
    date?: Date | undefined;
    /** A variant of the real message (the editors' review draft): its own Message-ID suffix. */
    variant?: string | undefined;
    /** Changes the rendered message before compose (the review draft adds its notice). */
    decorate?: ((rendered: RenderedDigest, digest: Digest) => RenderedDigest | Promise<RenderedDigest>) | undefined;
    /** The caller's clock, for whether the week is over (see collectDigestWithRecords). */
    nowMs?: number | undefined;
    /** Sees the digest and its records before anything is rendered (the guards refuse here). */
    beforeRender?: ((digest: Digest, records: { crm: CrmRecords; sheet: SheetRecords }) => void) | undefined;
  } = {},
): Promise<PreparedMessage> {
  const { week } = period;
  const { digest, records } = await collectDigestWithRecords(loaded, digestConfig, period, undefined, options.nowMs);
  options.beforeRender?.(digest, records);
  const plain = await renderForMail(digest, digestConfig, { sheetGids: records.sheet.tabGids });
  const rendered = options.decorate ? await options.decorate(plain, digest) : plain;
  const message = composeMessage(rendered, { digest: digestConfig, week, allowedDomains: loaded.config.allowedDomains, to: options.to, date: options.date, variant: options.variant });
  return { digest, rendered, message, records };
}
