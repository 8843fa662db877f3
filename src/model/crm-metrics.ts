/**
 * The CRM metrics of the SPEC, each a pure function of the records and a time range
 * ([startMs, endMs), end exclusive). Rates take the 4-week range of their week.
 */
import type { Contact, Deal } from './types.js';
import type { CrmMetricId } from './metric-catalog.js';
import { inRange, type Range } from './window.js';

const HOUR_MS = 3_600_000;

export interface CrmFacts {
  contacts: readonly Contact[];
  deals: readonly Deal[];
  /** Outcome of a deal's stage (from the pipeline definitions). */
  outcome: (deal: Deal) => 'open' | 'won' | 'lost';
  /** The deal's amount in the home currency, or null when it has no usable amount. */
  homeAmount: (deal: Deal) => number | null;
  slaMs: number;
}

export const createdIn = (f: CrmFacts, r: Range) => f.deals.filter((d) => inRange(d.createdAt, r));
export const closedIn = (f: CrmFacts, r: Range, outcome: 'won' | 'lost') =>
  f.deals.filter((d) => inRange(d.closedAt, r) && f.outcome(d) === outcome);
export const mqlsIn = (f: CrmFacts, r: Range) => f.contacts.filter((c) => inRange(c.mqlAt, r));
export const sqlsIn = (f: CrmFacts, r: Range) => f.contacts.filter((c) => inRange(c.sqlAt, r));

export function sumAmounts(f: CrmFacts, deals: readonly Deal[]): { sum: number; counted: number } {
  let sum = 0;
  let counted = 0;
  for (const d of deals) {
    const amount = f.homeAmount(d);
    if (amount === null) continue;
    sum += amount;
    counted++;
  }
  return { sum, counted };
}

/**
 * A breach: touched strictly later than MQL + SLA, or untouched while MQL + SLA is strictly
 * before the range's end. Elapsed time, so a DST night does not stretch the SLA.
 */
export function isSlaBreach(c: Contact, slaMs: number, endMs: number): boolean {
  if (c.mqlAt === null) return false;
  const deadline = c.mqlAt + slaMs;
  return c.firstTouchAt === null ? deadline < endMs : c.firstTouchAt > deadline;
}

export function slaBreachesIn(f: CrmFacts, r: Range): Contact[] {
  return mqlsIn(f, r).filter((c) => isSlaBreach(c, f.slaMs, r.endMs));
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One CRM metric over a range. `rolling` is the 4-week range used by the two rates. */
export function crmMetric(id: CrmMetricId, f: CrmFacts, r: Range, rolling: Range): number | null {
  switch (id) {
    case 'leads_new':
      return f.contacts.filter((c) => inRange(c.createdAt, r)).length;
    case 'mqls':
      return mqlsIn(f, r).length;
    case 'sqls':
      return sqlsIn(f, r).length;
    case 'mql_to_sql_rate': {
      const cohort = mqlsIn(f, rolling);
      if (cohort.length === 0) return null;
      return cohort.filter((c) => c.sqlAt !== null && c.sqlAt < rolling.endMs).length / cohort.length;
    }
    case 'deals_created':
      return createdIn(f, r).length;
    case 'pipeline_created':
      return sumAmounts(f, createdIn(f, r)).sum;
    case 'deals_won':
      return closedIn(f, r, 'won').length;
    case 'revenue_won':
      return sumAmounts(f, closedIn(f, r, 'won')).sum;
    case 'deals_lost':
      return closedIn(f, r, 'lost').length;
    case 'win_rate': {
      const won = closedIn(f, rolling, 'won').length;
      const lost = closedIn(f, rolling, 'lost').length;
      return won + lost === 0 ? null : won / (won + lost);
    }
    case 'avg_deal_size': {
      const { sum, counted } = sumAmounts(f, closedIn(f, r, 'won'));
      return counted === 0 ? null : sum / counted;
    }
    case 'first_touch_sla_breaches':
      return slaBreachesIn(f, r).length;
    case 'median_first_touch_hours':
      return median(
        mqlsIn(f, r)
          .filter((c) => c.firstTouchAt !== null)
          .map((c) => (c.firstTouchAt! - c.mqlAt!) / HOUR_MS),
      );
  }
}
