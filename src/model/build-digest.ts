/**
 * The digest model: one pure function from (week, records, config) to the Digest object.
 * No I/O and no clock: the week is an input.
 */
import type { DigestConfig } from '../config/schema.js';
import type { CrmRecords, DataIssue, Digest, OwnerCount, SheetRecords, Team, Unit, VoiceGroup, Win } from './types.js';
import { CRM_METRICS, type CrmMetricId } from './metric-catalog.js';
import { CRM_LABELS, languageOf, words } from './labels.js';
import { createNumberFormatter, roundTo, usableLocale } from './number-format.js';
import { closedIn, crmMetric, slaBreachesIn, sqlsIn, type CrmFacts } from './crm-metrics.js';
import { homeAmount, stageJudge, type MoneyRules } from './deal-facts.js';
import { dealIssues } from './deal-issues.js';
import { ownerDirectory, type OwnerDirectory } from './owners.js';
import { buildKpi, manualValues, type MetricDefinition, type ScorecardInput } from './kpis.js';
import { changes, fixes, successes } from './items.js';
import { buildHighlights, rankWins } from './highlights.js';
import { isoInZone, weekPeriod, type WeekPeriod } from './period.js';
import { monthToDate, rollingRange, sourceWindows, trendWeeks } from './window.js';
import { affectedMetrics, changedDefinitions, definitionChangeItem, definitionsForWeek } from './definitions.js';
import { peopleForWeek } from './people.js';
import { PLANNING_DEFAULTS, planningTogether, type PlanningSettings } from './planning-together.js';
import { UNKNOWN_SOURCE } from './quality.js';

export type ModelConfig = Pick<
  DigestConfig,
  | 'id' | 'title' | 'locale' | 'timezone' | 'currency' | 'exchangeRates' | 'kpis' | 'crmMetrics'
  | 'statusThresholds' | 'moverThreshold' | 'firstTouchSlaHours' | 'carryOverWeeks' | 'topSources'
  | 'definitions'
> & Partial<Pick<DigestConfig, 'highlights'>> & PlanningSettings;

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
  const judge = stageJudge(crm.stages);
  const facts: CrmFacts = {
    contacts: crm.contacts,
    deals: crm.deals,
    outcome: judge.outcome,
    homeAmount: (d) => homeAmount(d, money),
    slaMs: config.firstTouchSlaHours * 3_600_000,
  };
  const owners = ownerDirectory(crm.owners, words(language));

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

  const wins = wonDeals(facts, report, config.currency, owners, tz);
  const slaByOwner = countByOwner(slaBreachesIn(facts, report).map((c) => owners.ref(c.ownerId)));
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
  const changedTerms = changedDefinitions(sheet.definitions, report);
  const affected = affectedMetrics(changedTerms.map((d) => d.term), config.definitions.affects);
  const planningIssues: DataIssue[] = [];
  const together = planningTogether({ facts, crm, sheet, report, settings: config, thresholds: config.statusThresholds, owner: (id) => owners.ref(id), issues: planningIssues });
  const kpis = scored.map((s) => ({ ...s.kpi, definitionChanged: affected.get(s.kpi.id) ?? [] }));
  const lists = {
    successes: successes(wins, scored, sheet.notes, ctx),
    // Changed definitions lead the changes (SPEC: definition changes, then change notes).
    changes: [...changedTerms.map(definitionChangeItem), ...changes(scored, sheet.notes, ctx)],
    fixes: fixes(scored, sheet.notes, ctx),
  };
  // The deals checked are the ones the sources were asked for: the planning basis and the
  // capacity look-back as configured, not the defaults.
  const reach = { basisWeeks: config.planning?.basisWeeks ?? PLANNING_DEFAULTS.basisWeeks, lookbackDays: config.capacity?.lookbackDays ?? PLANNING_DEFAULTS.lookbackDays };
  const issues = [...input.issues, ...dealIssues(facts, report, sourceWindows(report.week, tz, reach), money, judge), ...planningIssues, ...owners.issues()];
  const { highlights, summary } = buildHighlights({
    wins, kpis, movers: new Set(scored.filter((s) => s.moved).map((s) => s.kpi.id)), ...lists,
    slaBreaches: slaByOwner.reduce((sum, r) => sum + r.count, 0),
    capacity: together.capacity,
    perSection: config.highlights?.perSection ?? 3, format: ctx.format, language,
  });
  return {
    digestId: config.id,
    title: config.title,
    week: report.week,
    locale: config.locale,
    currency: config.currency,
    period: { start: isoInZone(report.startMs, tz), end: isoInZone(report.endMs, tz), timezone: tz },
    kpis,
    funnel: { leads_new: count('leads_new'), mqls: count('mqls'), sqls: count('sqls'), deals_created: count('deals_created'), deals_won: count('deals_won') },
    ...lists,
    wins,
    sources: leadSources(facts, report, config.topSources),
    slaBreachesByOwner: slaByOwner,
    voice: voiceGroups(sheet, report.week),
    dataIssues: issues,
    definitions: definitionsForWeek(sheet.definitions, report),
    people: peopleForWeek(sheet.people, report.week),
    // The pipeline sets weekComplete from the clock and allowedIncomplete from the send flags.
    status: { weekComplete: true, allowedIncomplete: false, incompleteSources: issues.filter((i) => i.incomplete).map((i) => i.location) },
    summary,
    highlights,
    ...together,
  };
}

/** Manual KPIs: the sum of the weekly values of the weeks whose Sunday falls in the month. */
function sumOfMonth(weeks: readonly WeekPeriod[], month: string, byWeek: Map<string, { value: number }>): number | null {
  const values = weeks.filter((w) => w.sunday.startsWith(month)).map((w) => byWeek.get(w.week)?.value).filter((v) => v !== undefined);
  return values.length ? values.reduce((a, b) => a + b, 0) : null;
}

/** The week's won deals in the SPEC's order (largest first, no amount last, ties by earlier close), as the email lists them. */
function wonDeals(facts: CrmFacts, report: WeekPeriod, currency: string, owners: OwnerDirectory, tz: string): Win[] {
  return rankWins(closedIn(facts, report, 'won')
    .map((d): Win => {
      const amount = facts.homeAmount(d);
      const foreign = d.currency !== null && d.currency !== currency;
      const owner = d.ownerId === null ? null : owners.ref(d.ownerId);
      return {
        id: d.id, name: d.name || d.id, amount, currency,
        originalAmount: foreign ? d.amount : null, originalCurrency: foreign ? d.currency : null,
        owner: owner?.owner ?? null, ownerId: d.ownerId, ownerEmail: owner?.email ?? null, source: d.source, closedAt: isoInZone(d.closedAt!, tz),
      };
    }));
}

/** Top sources by SQLs in the week, with the deals won from each and their revenue. */
function leadSources(facts: CrmFacts, report: WeekPeriod, top: number): Digest['sources'] {
  const rows = new Map<string, Digest['sources'][number]>();
  const row = (source: string | null) => {
    const key = source || UNKNOWN_SOURCE;
    if (!rows.has(key)) rows.set(key, { source: key, sqls: 0, dealsWon: 0, revenueWon: 0 });
    return rows.get(key)!;
  };
  for (const c of sqlsIn(facts, report)) row(c.source).sqls++;
  for (const d of closedIn(facts, report, 'won')) {
    const r = row(d.source);
    r.dealsWon++;
    r.revenueWon = roundTo(r.revenueWon + (facts.homeAmount(d) ?? 0), 2);
  }
  return [...rows.values()]
    .sort((a, b) => b.sqls - a.sqls || b.revenueWon - a.revenueWon || b.dealsWon - a.dealsWon || a.source.localeCompare(b.source))
    .slice(0, top);
}

/** Rows per owner id (two owners of the same name are two rows), most first, then by name and id. */
function countByOwner(refs: readonly { ownerId: string | null; owner: string; email: string | null }[]): OwnerCount[] {
  const rows = new Map<string | null, OwnerCount>();
  for (const ref of refs) {
    const row = rows.get(ref.ownerId);
    if (row) row.count++;
    else rows.set(ref.ownerId, { ...ref, count: 1 });
  }
  return [...rows.values()].sort((a, b) => b.count - a.count || a.owner.localeCompare(b.owner) || String(a.ownerId).localeCompare(String(b.ownerId)));
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
