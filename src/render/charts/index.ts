/**
 * The digest's charts as inline PNG images: an 8-week sparkline per KPI (target line, last
 * value marked, gaps for missing weeks) and the week's funnel. A pure function of the Digest
 * and the locale strings (plus the bundled font files); `renderDigest({ charts })` places them.
 *
 * Each image's `alt` carries the numbers (formatted like the email), so a screen reader or a
 * client with images off still gets the trend.
 */
import type { Digest, KpiResult } from '../../model/types.js';
import { CRM_LABELS } from '../../model/labels.js';
import { createFormatter, usableLocale, weekLabel } from '../format.js';
import { languageOf, type Strings } from '../strings.js';
import { loadTemplates } from '../templates.js';
import type { Charts, PlannedImage } from '../view-model.js';
import { rasterise } from './raster.js';
import { funnelSvg, trendSvg, type FunnelBar } from './svg.js';
import { kpiLabel } from '../view-sections.js';
import { planningChart } from './planning.js';

export { TREND_SIZE, FUNNEL_WIDTH, funnelHeight } from './svg.js';
export { SCALE } from './raster.js';

const FUNNEL_STEPS = ['leads_new', 'mqls', 'sqls', 'deals_created', 'deals_won'] as const;

/** A Content-ID from a KPI id: letters, digits, `.`, `_` and `-` only. */
const cidPart = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '-');

export function drawCharts(input: Digest, s: Strings): Charts {
  const digest = { ...input, locale: usableLocale(input.locale) };
  const f = createFormatter(digest.locale, digest.currency, s);
  const week = weekLabel(digest.week, s);
  const kpis: Record<string, PlannedImage> = {};
  for (const kpi of digest.kpis) {
    const svg = trendSvg(kpi.trend, kpi.target);
    if (!svg) continue;
    const cid = `trend-${cidPart(kpi.id)}@digest`;
    kpis[kpi.id] = image(cid, `trend-${cidPart(kpi.id)}.png`, svg, false, trendAlt(kpi, s, f, week));
  }
  const counts = FUNNEL_STEPS.map((id) => digest.funnel[id] ?? 0);
  const bars: FunnelBar[] = FUNNEL_STEPS.map((id, i) => ({ label: CRM_LABELS[s.language][id], count: counts[i]!, countText: f.count(counts[i]) }));
  const funnel = funnelSvg(bars);
  const planning = planningChart(digest, s, f);
  return {
    kpis,
    ...(funnel ? { funnel: image('funnel@digest', 'funnel.png', funnel, true, funnelAlt(bars, counts, s, f)) } : {}),
    ...(planning ? { planning: image('planning@digest', 'planning.png', planning.svg, true, planning.alt) } : {}),
  };
}

/** Loads the locale strings of a templates folder (cached) and draws the charts. */
export async function drawDigestCharts(digest: Digest, options: { templatesDir?: string } = {}): Promise<Charts> {
  const { strings } = await loadTemplates(options.templatesDir);
  return drawCharts(digest, strings[languageOf(digest.locale)]);
}

function image(cid: string, filename: string, svg: string, withText: boolean, alt: string): PlannedImage {
  return { cid, filename, contentType: 'image/png', alt, draw: () => rasterise(svg, withText).png };
}

type Formatter = ReturnType<typeof createFormatter>;

function trendAlt(kpi: KpiResult, s: Strings, f: Formatter, week: string): string {
  const values = kpi.trend.map((v) => (typeof v === 'number' && Number.isFinite(v) ? f.value(v, kpi.unit) : s.t('charts.noValue'))).join('; ');
  const text = s.t('charts.trendValues', { label: kpiLabel(kpi, s), count: kpi.trend.length, week, values });
  return kpi.target === null ? text : s.t('charts.trendTarget', { values: text, target: f.value(kpi.target, kpi.unit) });
}

function funnelAlt(bars: FunnelBar[], counts: number[], s: Strings, f: Formatter): string {
  const steps = bars.map((b, i) => {
    const prev = i > 0 ? counts[i - 1]! : 0;
    return i > 0 && prev > 0
      ? s.t('charts.funnelStepWithRate', { label: b.label, count: b.countText, rate: f.percent(counts[i]! / prev, 0) })
      : s.t('charts.funnelStep', { label: b.label, count: b.countText });
  });
  return s.t('charts.funnelValues', { steps: steps.join(' → ') });
}
