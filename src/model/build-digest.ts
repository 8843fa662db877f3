/**
 * The digest model: one pure function from (week, records, config) to the Digest object.
 * No I/O and no clock: the week is an input.
 */
import type { DigestConfig } from '../config/schema.js';
import type { CrmRecords, DataIssue, Deal, Digest, SheetRecords, Team, Unit, VoiceGroup, Win } from './types.js';
import { CRM_METRICS, type CrmMetricId } from './metric-catalog.js';
import { CRM_LABELS, languageOf, words } from './labels.js';
import { createNumberFormatter, usableLocale } from './number-format.js';
import { closedIn, createdIn, crmMetric, slaBreachesIn, sqlsIn, type CrmFacts } from './crm-metrics.js';
import { homeAmount, knowsStage, missingAmountReason, stageOutcomes, type MoneyRules } from './deal-facts.js';
import { buildKpi, manualValues, type MetricDefinition, type ScorecardInput } from './kpis.js';
import { changes, fixes, successes } from './items.js';
import { isoInZone, weekPeriod, type WeekPeriod } from './period.js';
import { monthToDate, rollingRange, trendWeeks } from './window.js';
import { planningTogether, type PlanningSettings } from './planning-together.js';

export type ModelConfig = Pick<
  DigestConfig,
  | 'id' | 'title' | 'locale' | 'timezone' | 'currency' | 'exchangeRates' | 'kpis' | 'crmMetrics'
  | 'statusThresholds' | 'moverThreshold' | 'firstTouchSlaHours' | 'carryOverWeeks' | 'topSources'
> & PlanningSettings;

export interface DigestInput {
  week: string;
  config: ModelConfig;
  crm: CrmRecords;
  sheet: SheetRecords;
  /** Data issues the sources reported; the model adds its own. */
  issues: readonly DataIssue[];
}

/** Every metric id the digest knows (CRM and manual), with its unit. */
export function knownMetrics(config: Pick<ModelConfig, 'kpis'>): Map<string, Unit> {
  const map = new Map<string, Unit>(Object.entries(CRM_METRICS).map(([id, m]) => [id, m.unit]));
  for (const kpi of config.kpis) map.set(kpi.id, kpi.unit);
  return map;
}

export function buildDigest(input: DigestInput): Digest {
  const { config, crm, sheet } = input;
  const tz = config.timezone;
  const language = languageOf(config.locale);
  const report = weekPeriod(input.week, tz);
  const weeks = trendWeeks(report.week, tz);
  const rolling = weeks.map((w) => rollingRange(w.week, tz));
  const month = monthToDate(report);
  const money: MoneyRules = { homeCurrency: config.currency, exchangeRates: config.exchangeRates };
  const facts: CrmFacts = {
    contacts: crm.contacts,
    deals: crm.deals,
    outcome: stageOutcomes(crm.stages),
    homeAmount: (d) => homeAmount(d, money),
    slaMs: config.firstTouchSlaHours * 3_600_000,
  };
  const issues: DataIssue[] = [...input.issues, ...dealIssues(facts, crm, report, money)];
  const ownerName = ownerLookup(crm, words(language).unassigned);

  const scorecard: ScorecardInput = { weeks, month, targets: sheet.targets, thresholds: config.statusThresholds, moverThreshold: config.moverThreshold };
  const definitions: MetricDefinition[] = [
    ...config.crmMetrics.map((id): MetricDefinition => ({
      id, label: CRM_LABELS[language][id], unit: CRM_METRICS[id].unit, direction: CRM_METRICS[id].direction, origin: 'crm',
      weekValue: (i) => crmMetric(id, facts, weeks[i]!, rolling[i]!),
      monthToDate: () => crmMetric(id, facts, month, month),
    })),
    ...config.kpis.map((kpi): MetricDefinition => {
      const byWeek = manualValues(sheet.kpis, kpi.id);
      const label = typeof kpi.label === 'string' ? kpi.label : kpi.label[language];
      return {
        id: kpi.id, label, unit: kpi.unit, direction: kpi.direction, origin: 'sheet',
        weekValue: (i) => byWeek.get(weeks[i]!.week)?.value ?? null,
        monthToDate: () => sumOfMonth(weeks, month.month, byWeek),
        rowTarget: byWeek.get(report.week)?.target ?? null,
      };
    }),
  ];
  const scored = definitions.map((def) => buildKpi(def, scorecard));

  const wins = wonDeals(facts, report, config.currency, ownerName, tz);
  const teams = new Map<string, Team>([
    ...Object.entries(CRM_METRICS).map(([id, m]) => [id, m.team] as [string, Team]),
    ...config.kpis.filter((k) => k.team).map((k) => [k.id, k.team!] as [string, Team]),
  ]);
  const ctx = {
    week: report.week, locale: config.locale, carryOverWeeks: config.carryOverWeeks,
    teamOf: (id: string) => teams.get(id) ?? null,
    format: createNumberFormatter(usableLocale(config.locale), config.currency, words(language)),
  };

  const count = (id: CrmMetricId) => crmMetric(id, facts, report, report) ?? 0;
  const together = planningTogether({ facts, crm, sheet, report, settings: config, thresholds: config.statusThresholds, ownerName, issues });
  return {
    digestId: config.id,
    title: config.title,
    week: report.week,
    locale: config.locale,
    currency: config.currency,
    period: { start: isoInZone(report.startMs, tz), end: isoInZone(report.endMs, tz), timezone: tz },
    kpis: scored.map((s) => s.kpi),
    funnel: { leads_new: count('leads_new'), mqls: count('mqls'), sqls: count('sqls'), deals_created: count('deals_created'), deals_won: count('deals_won') },
    successes: successes(wins, scored, sheet.notes, ctx),
    changes: changes(scored, sheet.notes, ctx),
    fixes: fixes(scored, sheet.notes, ctx),
    wins,
    sources: leadSources(facts, report, config.topSources),
    slaBreachesByOwner: countBy(slaBreachesIn(facts, report), (c) => ownerName(c.ownerId)).map(([owner, n]) => ({ owner, count: n })),
    voice: voiceGroups(sheet, report.week),
    dataIssues: issues,
    ...together,
  };
}

/** Manual KPIs: the sum of the weekly values of the weeks whose Sunday falls in the month. */
function sumOfMonth(weeks: readonly WeekPeriod[], month: string, byWeek: Map<string, { value: number }>): number | null {
  const values = weeks.filter((w) => w.sunday.startsWith(month)).map((w) => byWeek.get(w.week)?.value).filter((v) => v !== undefined);
  return values.length ? values.reduce((a, b) => a + b, 0) : null;
}

function ownerLookup(crm: CrmRecords, unassigned: string): (id: string | null) => string {
  const names = new Map(crm.owners.map((o) => [o.id, o.name]));
  return (id) => (id === null ? unassigned : names.get(id) ?? id);
}

function wonDeals(facts: CrmFacts, report: WeekPeriod, currency: string, ownerName: (id: string | null) => string, tz: string): Win[] {
  return closedIn(facts, report, 'won')
    .map((d): Win => {
      const amount = facts.homeAmount(d);
      const foreign = d.currency !== null && d.currency !== currency;
      return {
        id: d.id, name: d.name || d.id, amount, currency,
        originalAmount: foreign ? d.amount : null, originalCurrency: foreign ? d.currency : null,
        owner: d.ownerId === null ? null : ownerName(d.ownerId), source: d.source, closedAt: isoInZone(d.closedAt!, tz),
      };
    })
    .sort((a, b) => (b.amount ?? -Infinity) - (a.amount ?? -Infinity) || a.name.localeCompare(b.name));
}

/** Top sources by SQLs in the week, with the deals won from each and their revenue. */
function leadSources(facts: CrmFacts, report: WeekPeriod, top: number): Digest['sources'] {
  const rows = new Map<string, Digest['sources'][number]>();
  const row = (source: string | null) => {
    const key = source || 'UNKNOWN';
    if (!rows.has(key)) rows.set(key, { source: key, sqls: 0, dealsWon: 0, revenueWon: 0 });
    return rows.get(key)!;
  };
  for (const c of sqlsIn(facts, report)) row(c.source).sqls++;
  for (const d of closedIn(facts, report, 'won')) {
    const r = row(d.source);
    r.dealsWon++;
    r.revenueWon = Math.round((r.revenueWon + (facts.homeAmount(d) ?? 0)) * 100) / 100;
  }
  return [...rows.values()]
    .sort((a, b) => b.sqls - a.sqls || b.revenueWon - a.revenueWon || b.dealsWon - a.dealsWon || a.source.localeCompare(b.source))
    .slice(0, top);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function voiceGroups(sheet: SheetRecords, week: string): VoiceGroup[] {
  const groups = new Map<string, VoiceGroup>();
  for (const v of sheet.voice) {
    if (v.week !== week) continue;
    if (!groups.has(v.topic)) groups.set(v.topic, { topic: v.topic, quotes: [] });
    groups.get(v.topic)!.quotes.push({ quote: v.quote, author: v.author, source: v.source });
  }
  return [...groups.values()].sort((a, b) => b.quotes.length - a.quotes.length);
}

/** Deals the report week sums over but cannot: no usable amount, or a stage no pipeline defines. */
function dealIssues(facts: CrmFacts, crm: CrmRecords, report: WeekPeriod, money: MoneyRules): DataIssue[] {
  const issues: DataIssue[] = [];
  const relevant = new Set<Deal>([...createdIn(facts, report), ...closedIn(facts, report, 'won')]);
  for (const deal of relevant) {
    if (facts.homeAmount(deal) === null) {
      issues.push({ source: 'crm', location: `deal ${deal.id}`, severity: 'warning', message: `"${deal.name}" ${missingAmountReason(deal, money)}; it counts in the deal counts but not in the sums` });
    }
  }
  const unknown = new Set(crm.deals.filter((d) => d.closedAt !== null && !knowsStage(crm.stages, d)).map((d) => d.stageId));
  for (const stage of unknown) {
    issues.push({ source: 'crm', location: `stage ${stage}`, severity: 'warning', message: `deals are in stage "${stage}", which no pipeline defines; they count as open` });
  }
  return issues;
}

