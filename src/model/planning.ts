/**
 * The month's lead need (SPEC "Planning the funnel together"): the won target of the MTD month,
 * backwards through the basis rates of the last `basisWeeks` weeks to SQLs, MQLs and leads;
 * MTD actuals against what should be there by now; marketing's forecast and the gap.
 *
 * A steady-state funnel without lag: this month's leads are assumed to convert at the basis
 * rates within the month. Needs are exact integer ceilings of fractions of whole counts, so no
 * floating-point rate ever sits between two ceilings.
 */
import type { DataIssue, ForecastRow, Planning, PlanningMetric, SheetRecords, Status } from './types.js';
import { closedIn, crmMetric, sumAmounts, type CrmFacts } from './crm-metrics.js';
import { roundTo } from './number-format.js';
import { applicableTarget, statusOf, type Thresholds } from './targets.js';
import { basisRange, type MonthRange, type Range } from './window.js';
import type { WeekPeriod } from './period.js';
import { weekPeriod, weeksEndingWith } from './period.js';

export interface PlanningInput {
  facts: CrmFacts;
  report: WeekPeriod;
  month: MonthRange;
  targets: SheetRecords['targets'];
  forecast: readonly ForecastRow[];
  basisWeeks: number;
  thresholds: Thresholds;
  issues: DataIssue[];
}

const round = (n: number | null, digits: number): number | null => (n === null ? null : roundTo(n, digits));

/** A finite decimal as an exact fraction p / 10^d (d ≤ 6: sheet targets never need more). */
function fraction(x: number): { num: bigint; den: bigint } {
  for (let d = 0; d <= 6; d++) {
    const scaled = x * 10 ** d;
    if (Number.isInteger(scaled) || d === 6) return { num: BigInt(Math.round(scaled)), den: 10n ** BigInt(d) };
  }
  throw new Error('unreachable');
}

/** ceil(a × b ÷ c) for a ≥ 0 and whole b, c > 0, exactly. */
export function ceilOfProduct(a: number, b: number, c: number): number {
  const { num, den } = fraction(a);
  const top = num * BigInt(b);
  const bottom = den * BigInt(c);
  return Number((top + bottom - 1n) / bottom);
}

/** Σ of the weekly counts over the basis weeks (each week counted by the SPEC's rule). */
function basisSums(facts: CrmFacts, report: WeekPeriod, basisWeeks: number) {
  const sum = { leads_new: 0, mqls: 0, sqls: 0, deals_won: 0 };
  for (const week of weeksEndingWith(report.week, basisWeeks)) {
    const r = weekPeriod(week, report.timezone);
    for (const id of ['leads_new', 'mqls', 'sqls', 'deals_won'] as const) sum[id] += crmMetric(id, facts, r, r) ?? 0;
  }
  return sum;
}

/** Won deals of the basis weeks with a usable amount, and the sum of those amounts. */
function wonAmounts(facts: CrmFacts, basis: Range): { deals: number; sum: number } {
  const { sum, counted } = sumAmounts(facts, closedIn(facts, basis, 'won'));
  return { deals: counted, sum };
}

type WonTarget = { value: number; from: Planning['wonTargetFrom'] } | null;

function wonTargetOf(input: PlanningInput, basis: Range): WonTarget {
  const { targets, report, issues } = input;
  const deals = applicableTarget(targets, 'deals_won', 'month', report.sunday);
  const revenue = deals ? null : applicableTarget(targets, 'revenue_won', 'month', report.sunday);
  let target: WonTarget = null;
  if (deals) target = { value: deals.target, from: 'deals_won' };
  else if (revenue) {
    const won = wonAmounts(input.facts, basis);
    if (won.deals === 0 || won.sum <= 0) {
      issues.push({
        source: 'sheet', location: revenue.location, severity: 'warning',
        message: `no deal with an amount was won in the ${input.basisWeeks} planning weeks, so the revenue target cannot be turned into a number of deals; no lead need this month`,
      });
      return null;
    }
    // ceil(target ÷ average won amount), the quotient rounded to 6 decimals first, so float
    // noise (13.000000000000002) never adds a deal.
    const quotient = Math.round(((revenue.target * won.deals) / won.sum) * 1e6) / 1e6;
    target = { value: Math.ceil(quotient), from: 'revenue_won' };
  }
  if (target && !(target.value > 0)) {
    const row = deals ?? revenue!;
    issues.push({ source: 'sheet', location: row.location, severity: 'warning', message: `the monthly ${row.metric} target gives a won target of ${target.value}; planning needs a won target above 0` });
    return null;
  }
  return target;
}

export function buildPlanning(input: PlanningInput): Planning | null {
  const { facts, report, month } = input;
  const basis = basisRange(report.week, report.timezone, input.basisWeeks);
  const won = wonTargetOf(input, basis);
  if (!won) return null;

  const s = basisSums(facts, report, input.basisWeeks);
  const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
  // Backwards through the funnel: each need from the one below it and two whole sums.
  // A rate of null (denominator 0) or 0 (numerator 0) ends the chain.
  const step = (below: number | null, num: number, den: number) => (below === null || num === 0 || den === 0 ? null : ceilOfProduct(below, den, num));
  const sqls = step(won.value, s.deals_won, s.sqls);
  const mqls = step(sqls, s.sqls, s.mqls);
  const leads = step(mqls, s.mqls, s.leads_new);
  const need: Planning['need'] = { leads_new: leads, mqls, sqls };

  const mtd = {
    leads_new: crmMetric('leads_new', facts, month, month) ?? 0,
    mqls: crmMetric('mqls', facts, month, month) ?? 0,
    sqls: crmMetric('sqls', facts, month, month) ?? 0,
    deals_won: crmMetric('deals_won', facts, month, month) ?? 0,
  };
  const per = <T>(fn: (id: PlanningMetric) => T): Record<PlanningMetric, T> => ({ leads_new: fn('leads_new'), mqls: fn('mqls'), sqls: fn('sqls') });
  const expected = per((id) => (need[id] === null ? null : round((need[id]! * month.elapsedDays) / month.daysInMonth, 2)));
  // One division (MTD × days ÷ (need × elapsed)) keeps exact ratios exact.
  const pace = per((id) => (need[id] === null ? null : round((mtd[id] * month.daysInMonth) / (need[id]! * month.elapsedDays), 4)));
  const status = per((id): Status => (pace[id] === null ? 'no_target' : statusOf(pace[id], input.thresholds)));
  const forecast = per((id) => forecastFor(input.forecast, month.month, id));
  const gap = per((id) => (forecast[id] === null || need[id] === null ? null : round(forecast[id]! - need[id]!, 2)));

  return {
    month: month.month,
    basisWeeks: input.basisWeeks,
    rates: { leadToMql: round(ratio(s.mqls, s.leads_new), 4), mqlToSql: round(ratio(s.sqls, s.mqls), 4), sqlToWon: round(ratio(s.deals_won, s.sqls), 4) },
    wonTarget: won.value,
    wonTargetFrom: won.from,
    need,
    mtd,
    expected,
    pace,
    status,
    forecast,
    gap,
  };
}

/** The month's forecast for a metric: for a repeated (month, metric) the later row wins. */
function forecastFor(rows: readonly ForecastRow[], month: string, metric: PlanningMetric): number | null {
  let value: number | null = null;
  for (const row of rows) if (row.month === month && row.metric === metric) value = row.forecast;
  return value;
}
