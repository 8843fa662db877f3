/**
 * "Planning together" as the templates read it: the month's lead need against MTD actuals
 * with the agreed monthly target and marketing's forecast beside it, the 12-week basis rates,
 * the sales-capacity signal (shown even without a need), the topics that convert (beside the
 * sources) and lead quality (in the fixes). Pure; every figure formatted here, every word from
 * the locale strings.
 */
import type { Capacity, Digest, KpiResult, Planning, PlanningMetric, Quality, Topics } from '../model/types.js';
import { CRM_LABELS } from '../model/labels.js';
import { shownBacklogWeeks } from '../model/capacity.js';
import { DASH, monthName, type Formatter } from './format.js';
import { oneLine } from './safe.js';
import type { Strings } from './strings.js';
import type { ChartView } from './view-types.js';
import { sourceLabel, STATUS_SYMBOLS } from './view-sections.js';

/** Top of the funnel first, as the reader scans it. */
export const PLANNING_ROWS: readonly PlanningMetric[] = ['leads_new', 'mqls', 'sqls'];
/**
 * What the email names, within the one-minute length budget; digest.json keeps the top 5 of
 * each list: the owners the backlog waits with, the topics that convert, the sources and
 * reasons of rejected leads.
 */
export const EMAIL_TOP = { owners: 2, topics: 3, sources: 2, reasons: 2 } as const;

export interface PlanningRowView {
  label: string;
  /** `186 von 272`: MTD against the month's need. */
  progress: string;
  /** `vereinbart 220`: the sheet's monthly target for the same metric, when there is one. */
  agreed: string | null;
  /** `Prognose 250`: marketing's forecast for the step, when there is one. */
  forecast: string | null;
  statusSymbol: string;
  statusWord: string;
}

export interface CapacityView {
  /** `Engpass im Vertrieb` / `Vertrieb hat Kapazität`, with symbol. */
  headline: string;
  tone: string;
  facts: string;
  /** The plain call to action when the status is `bottleneck`. */
  advice: string | null;
  owners: string | null;
}

export interface PlanningView {
  heading: string;
  /** Null when the digest has no planning (no won target): then only the capacity shows. */
  target: string | null;
  rows: PlanningRowView[];
  /** `▲ Neue Leads gefährdet · ▲ MQLs gefährdet · ✔ SQLs im Plan` (symbol and word). */
  statusLine: string | null;
  /** `Bedarf 272 Neue Leads, vereinbart 220`: the need beside the sheet's monthly target, where there is one. */
  agreedLine: string | null;
  /** `Prognose Marketing: Neue Leads 250 (-22) · …`, or null without a forecast. */
  forecast: string | null;
  rates: string | null;
  chart: ChartView | null;
  capacity: CapacityView | null;
}

export interface TopicsView {
  heading: string;
  /** `Fallstudie: SAP-Integration 15 (62 %) · …`: the top topics in one line, for the compact email. */
  line: string;
}

export interface QualityView {
  heading: string;
  summary: string;
  /** `Bezahlte Suche 5 von 20 · …`: the sources in one line, for the compact email. */
  sources: string | null;
  reasons: string | null;
}

interface Ctx {
  s: Strings;
  f: Formatter;
  /** For month names; the formatter's locale. */
  locale: string;
}

const agreedTarget = (kpis: readonly KpiResult[], id: PlanningMetric): number | null => kpis.find((k) => k.id === id)?.mtd?.target ?? null;

/** The whole section; null when there is neither planning nor capacity to show. */
export function planningView(digest: Digest, ctx: Ctx, chart: ChartView | null): PlanningView | null {
  const { s } = ctx;
  const p = digest.planning;
  // Shown even without planning; a week with no MQL backlog and no touch has nothing to say.
  const quiet = digest.capacity !== null && digest.capacity.backlog === 0 && digest.capacity.touched === 0;
  const capacity = digest.capacity && !(quiet && !p) ? capacityView(digest.capacity, ctx) : null;
  if (!p && !capacity) return null;
  return {
    heading: s.t('sections.planning'),
    target: p ? targetLine(p, ctx) : null,
    rows: p ? PLANNING_ROWS.map((id) => planningRow(p, id, agreedTarget(digest.kpis, id), ctx)) : [],
    // Each item stays on one line (no break between symbol, step and word).
    statusLine: p ? PLANNING_ROWS.map((id) => s.t('planning.stepStatus', { symbol: STATUS_SYMBOLS[p.status[id]], label: CRM_LABELS[s.language][id], status: s.t(`status.${p.status[id]}`) }).replace(/ /g, '\u00a0')).join(' · ') : null,
    agreedLine: p ? agreedLine(p, digest.kpis, ctx) : null,
    forecast: p ? forecastLine(p, ctx) : null,
    rates: p ? ratesLine(p, ctx) : null,
    chart: p ? chart : null,
    capacity,
  };
}

function targetLine(p: Planning, { s, f, locale }: Ctx): string {
  const key = p.wonTargetFrom === 'revenue_won' ? 'planning.targetFromRevenue' : 'planning.target';
  return s.t(key, { count: p.wonTarget, won: f.count(p.wonTarget), month: monthName(p.month, locale) });
}

function agreedLine(p: Planning, kpis: readonly KpiResult[], { s, f }: Ctx): string | null {
  const lines = PLANNING_ROWS.flatMap((id) => {
    const agreed = agreedTarget(kpis, id);
    return agreed === null || p.need[id] === null ? [] : [s.t('planning.agreedGap', { need: f.count(p.need[id]), label: CRM_LABELS[s.language][id], agreed: f.count(agreed) })];
  });
  return lines.length ? lines.join(' · ') : null;
}

function forecastLine(p: Planning, { s, f }: Ctx): string | null {
  const items = PLANNING_ROWS.filter((id) => p.forecast[id] !== null).map((id) => {
    const vars = { label: CRM_LABELS[s.language][id], value: f.count(p.forecast[id]) };
    return p.gap[id] === null ? s.t('planning.forecastItemNoGap', vars) : s.t('planning.forecastItem', { ...vars, gap: f.delta(p.gap[id], 'count') });
  });
  return items.length ? s.t('planning.forecasts', { items: items.join(' · ') }) : null;
}

function planningRow(p: Planning, id: PlanningMetric, agreed: number | null, { s, f }: Ctx): PlanningRowView {
  const status = p.status[id];
  return {
    label: CRM_LABELS[s.language][id],
    progress: s.t('planning.progress', { mtd: f.count(p.mtd[id]), need: f.count(p.need[id]) }),
    agreed: agreed === null ? null : s.t('planning.agreed', { value: f.count(agreed) }),
    forecast: p.forecast[id] === null ? null
      : p.gap[id] === null ? s.t('planning.rowForecast', { value: f.count(p.forecast[id]) })
      : s.t('planning.rowForecastGap', { value: f.count(p.forecast[id]), gap: f.delta(p.gap[id], 'count') }),
    statusSymbol: STATUS_SYMBOLS[status],
    statusWord: s.t(`status.${status}`),
  };
}

function ratesLine(p: Planning, { s, f }: Ctx): string {
  return s.t('planning.rates', {
    weeks: p.basisWeeks,
    leadToMql: f.percent(p.rates.leadToMql, 0),
    mqlToSql: f.percent(p.rates.mqlToSql, 0),
    sqlToWon: f.percent(p.rates.sqlToWon, 0),
  });
}

export function capacityView(c: Capacity, { s, f }: Ctx): CapacityView {
  const bottleneck = c.status === 'bottleneck';
  const owners = c.byOwner.length
    ? c.byOwner.slice(0, EMAIL_TOP.owners).map((o) => s.t('capacity.owner', { owner: oneLine(o.owner) || DASH, count: f.count(o.count) })).join(' · ')
    : null;
  return {
    headline: `${bottleneck ? STATUS_SYMBOLS.off_track : STATUS_SYMBOLS.on_track} ${s.t(bottleneck ? 'capacity.bottleneck' : 'capacity.ok')}`,
    tone: bottleneck ? 'off' : 'ok',
    facts: [
      [s.t('capacity.backlog', { count: c.backlog, backlog: f.count(c.backlog) }), c.backlogMedianAgeHours === null ? null : s.t('capacity.age', { age: f.hours(c.backlogMedianAgeHours) })].filter((x) => x !== null).join(' '),
      s.t('capacity.touched', { count: c.touched, touched: f.count(c.touched) }),
      c.backlogWeeks === null ? null : s.t('capacity.weeks', { count: shownBacklogWeeks(c.backlogWeeks), weeks: f.count(shownBacklogWeeks(c.backlogWeeks)) }),
    ].filter((x) => x !== null).join(' · '),
    advice: bottleneck ? s.t('capacity.advice') : null,
    owners: owners && c.backlog > 0 ? s.t('capacity.owners', { owners }) : null,
  };
}

/** Topics beside the lead sources; null when the source has no first conversions or nothing converted. */
export function topicsView(t: Topics | null, { s, f }: Ctx): TopicsView | null {
  if (!t || t.items.length === 0) return null;
  const shown = t.items.slice(0, EMAIL_TOP.topics).map((i) => s.t('topics.item', { topic: oneLine(i.topic) || DASH, sqls: f.count(i.sqls), rate: f.percent(i.mqlToSql, 0) }));
  return { heading: s.t('topics.heading'), line: shown.join(' · ') };
}

/** Lead quality in the fixes; null when nothing was rejected (or the source has no lead status). */
export function qualityView(q: Quality | null, { s, f }: Ctx): QualityView | null {
  if (!q || q.rejected === 0) return null;
  const reasons = q.reasons.slice(0, EMAIL_TOP.reasons).map((r) => s.t('quality.reason', { reason: r.reason === null ? s.t('quality.noReason') : oneLine(r.reason) || DASH, count: f.count(r.count) }));
  return {
    heading: s.t('quality.heading'),
    summary: s.t('quality.summary', { rejected: f.count(q.rejected), cohort: f.count(q.cohort), rate: f.percent(q.rejectionRate, 0) }),
    sources: q.bySource.length ? q.bySource.slice(0, EMAIL_TOP.sources).map((r) => s.t('quality.bySource', { source: sourceLabel(r.source, s) ?? DASH, rejected: f.count(r.rejected), cohort: f.count(r.cohort) })).join(' · ') : null,
    reasons: reasons.length ? s.t('quality.reasons', { reasons: reasons.join(' · ') }) : null,
  };
}
