/**
 * "Planning the funnel together", hand-computed: the won target (both paths), the need with its
 * exact ceilings, pace and status, forecast and gap. Report week 2026-W47 (16–22 Nov 2026,
 * Europe/Berlin): MTD is 1–22 November, 22 of 30 days; the 12 basis weeks are W36 … W47.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/model/build-digest.js';
import { ceilOfProduct } from '../../src/model/planning.js';
import type { Contact, Deal, ForecastRow, TargetRow } from '../../src/model/types.js';
import { contact, crm, deal, modelConfig, sheet } from '../helpers/records.js';

const WEEK = '2026-W47';
const target = (metric: string, value: number, from = '2026-11-01'): TargetRow => ({ metric, period: 'month', from, target: value, location: `Targets!D${metric.length}` });
const forecast = (metric: ForecastRow['metric'], value: number, month = '2026-11'): ForecastRow => ({ month, metric, forecast: value, note: null, location: 'Forecast!C2' });

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/**
 * October (W41): 10 leads, 4 of them MQL, 3 of those SQL, 2 deals won (10.000 € and 20.000 €).
 * November (W46): 6 leads, 2 MQL, 1 SQL, 1 deal won (30.000 €).
 * Basis sums: leads 16, MQLs 6, SQLs 4, won 3. MTD: leads 6, MQLs 2, SQLs 1, won 1.
 */
function funnel(): { contacts: Contact[]; deals: Deal[] } {
  const october = times(10, (i) => contact({ created: '2026-10-06 10:00', ...(i < 4 ? { mql: '2026-10-07 10:00' } : {}), ...(i < 3 ? { sql: '2026-10-08 10:00', touch: '2026-10-07 11:00' } : {}) }));
  const november = times(6, (i) => contact({ created: '2026-11-10 10:00', ...(i < 2 ? { mql: '2026-11-11 10:00' } : {}), ...(i < 1 ? { sql: '2026-11-12 10:00', touch: '2026-11-11 11:00' } : {}) }));
  const deals = [
    deal({ created: '2026-09-01 10:00', closed: '2026-10-09 10:00', stageId: 'won', amount: 10000 }),
    deal({ created: '2026-09-01 10:00', closed: '2026-10-09 11:00', stageId: 'won', amount: 20000 }),
    deal({ created: '2026-10-01 10:00', closed: '2026-11-12 10:00', stageId: 'won', amount: 30000 }),
  ];
  return { contacts: [...october, ...november], deals };
}

function digest(p: { contacts?: Contact[]; deals?: Deal[]; targets?: TargetRow[]; forecast?: ForecastRow[] }) {
  const base = funnel();
  return buildDigest({
    week: WEEK,
    config: modelConfig(),
    crm: crm({ contacts: p.contacts ?? base.contacts, deals: p.deals ?? base.deals }),
    sheet: { ...sheet({ targets: p.targets ?? [] }), forecast: p.forecast ?? [] },
    issues: [],
  });
}

describe('planning: the won target and the need', () => {
  it('works the monthly deals_won target back through the 12-week rates, ceiling each step', () => {
    const p = digest({ targets: [target('deals_won', 5)] }).planning!;
    expect(p.month).toBe('2026-11');
    expect(p.basisWeeks).toBe(12);
    expect(p.wonTarget).toBe(5);
    expect(p.wonTargetFrom).toBe('deals_won');
    expect(p.rates).toEqual({ leadToMql: 0.375, mqlToSql: 0.6667, sqlToWon: 0.75 });
    // sqls = ceil(5 × 4 / 3) = ceil(6.67) = 7; mqls = ceil(7 × 6 / 4) = ceil(10.5) = 11;
    // leads = ceil(11 × 16 / 6) = ceil(29.33) = 30.
    expect(p.need).toEqual({ leads_new: 30, mqls: 11, sqls: 7 });
    expect(p.mtd).toEqual({ leads_new: 6, mqls: 2, sqls: 1, deals_won: 1 });
    // expected = need × 22 / 30; pace = MTD / expected
    expect(p.expected).toEqual({ leads_new: 22, mqls: 8.07, sqls: 5.13 });
    expect(p.pace).toEqual({ leads_new: 0.2727, mqls: 0.2479, sqls: 0.1948 });
    expect(p.status).toEqual({ leads_new: 'off_track', mqls: 'off_track', sqls: 'off_track' });
  });

  it('with a revenue target only: ceil(revenue target ÷ average won amount)', () => {
    // Average won amount (10.000 + 20.000 + 30.000) / 3 = 20.000; 70.000 / 20.000 = 3.5 → 4.
    const p = digest({ targets: [target('revenue_won', 70000, '2026-10-01')] }).planning!;
    expect([p.wonTarget, p.wonTargetFrom]).toEqual([4, 'revenue_won']);
    // sqls = ceil(4 × 4 / 3) = 6; mqls = ceil(6 × 6 / 4) = 9; leads = ceil(9 × 16 / 6) = 24.
    expect(p.need).toEqual({ leads_new: 24, mqls: 9, sqls: 6 });
  });

  it('the deals_won target wins over a revenue target in force at the same time', () => {
    const p = digest({ targets: [target('revenue_won', 70000), target('deals_won', 5)] }).planning!;
    expect([p.wonTarget, p.wonTargetFrom]).toEqual([5, 'deals_won']);
  });

  it('the revenue quotient is rounded to 6 decimals before the ceiling: float noise adds no deal', () => {
    const deals = [
      deal({ created: '2026-09-01 10:00', closed: '2026-10-09 10:00', stageId: 'won', amount: 10000.01 }),
      deal({ created: '2026-09-01 10:00', closed: '2026-10-09 11:00', stageId: 'won', amount: 20000.01 }),
    ];
    // 45.000,03 × 2 / 30.000,02 is exactly 3; in floating point it is 3.0000000000000004.
    expect(Math.ceil((45000.03 * 2) / (10000.01 + 20000.01))).toBe(4);
    expect(digest({ deals, targets: [target('revenue_won', 45000.03)] }).planning!.wonTarget).toBe(3);
  });

  it('revenue path: won deals without an amount do not enter the average', () => {
    const deals = [...funnel().deals, deal({ created: '2026-09-01 10:00', closed: '2026-10-20 10:00', stageId: 'won', amount: null })];
    // Still 60.000 / 3 deals with an amount: 70.000 → 3.5 → 4. But Σ won is 4 for the rates now.
    const p = digest({ deals, targets: [target('revenue_won', 70000)] }).planning!;
    expect(p.wonTarget).toBe(4);
    expect(p.rates.sqlToWon).toBe(1); // 4 won / 4 SQLs
    expect(p.need.sqls).toBe(4);
  });

  it('needs are exact integer ceilings, never through a floating-point rate', () => {
    // 1 won ÷ (1 won / 49 SQLs) = 49.00000000000001 in floating point, exactly 49.
    expect(Math.ceil(1 / (1 / 49))).toBe(50);
    expect(ceilOfProduct(1, 49, 1)).toBe(49);
    expect(ceilOfProduct(9, 10, 3)).toBe(30);
    expect(ceilOfProduct(14.5, 3, 2)).toBe(22); // 21.75 → 22
    expect(ceilOfProduct(0.1, 3, 1)).toBe(1); // 0.3 → 1
  });

  it('a month with no won target has no planning', () => {
    const d = digest({ targets: [target('leads_new', 220)] });
    expect(d.planning).toBeNull();
    // The capacity block does not depend on planning.
    expect(d.capacity).not.toBeNull();
  });

  it('a won target of 0 is a data issue and gives no planning', () => {
    const d = digest({ targets: [target('deals_won', 0)] });
    expect(d.planning).toBeNull();
    expect(d.dataIssues.some((i) => /won target of 0/.test(i.message))).toBe(true);
  });

  it('a revenue target without any won deal with an amount in the basis weeks gives no planning (a data issue)', () => {
    const d = digest({ deals: [], targets: [target('revenue_won', 70000)] });
    expect(d.planning).toBeNull();
    expect(d.dataIssues.some((i) => /revenue target cannot be turned/.test(i.message))).toBe(true);
  });

  it('a null or zero rate nulls that need and every need above it; their status is no_target', () => {
    // No deal won in the basis weeks: sqlToWon = 0 → all three needs null.
    const noWins = digest({ deals: [], targets: [target('deals_won', 5)] }).planning!;
    expect(noWins.rates.sqlToWon).toBe(0);
    expect(noWins.need).toEqual({ leads_new: null, mqls: null, sqls: null });
    expect(noWins.expected).toEqual({ leads_new: null, mqls: null, sqls: null });
    expect(noWins.pace).toEqual({ leads_new: null, mqls: null, sqls: null });
    expect(noWins.status).toEqual({ leads_new: 'no_target', mqls: 'no_target', sqls: 'no_target' });

    // Leads without a create date in the basis weeks (none created): leadToMql null → only leads null.
    const noLeads = funnel().contacts.map((c) => ({ ...c, createdAt: null }));
    const p = digest({ contacts: noLeads, targets: [target('deals_won', 5)] }).planning!;
    expect(p.rates.leadToMql).toBeNull();
    expect(p.need).toEqual({ leads_new: null, mqls: 11, sqls: 7 });
    expect(p.status.leads_new).toBe('no_target');
  });

  it('a pace stored as 1.0000 is on track, never at risk', () => {
    // Every basis rate is 1, so need.sqls = 30; 22 SQLs MTD → pace 22 × 30 / (30 × 22) = 1.
    const contacts = [
      ...times(30, () => contact({ created: '2026-10-06 10:00', mql: '2026-10-07 10:00', sql: '2026-10-08 10:00', touch: '2026-10-07 11:00' })),
      ...times(22, () => contact({ created: '2026-11-02 10:00', mql: '2026-11-03 10:00', sql: '2026-11-04 10:00', touch: '2026-11-03 11:00' })),
    ];
    const deals = times(52, () => deal({ created: '2026-09-01 10:00', closed: '2026-10-09 10:00', stageId: 'won', amount: 1000 }));
    const p = digest({ contacts, deals, targets: [target('deals_won', 30)] }).planning!;
    expect(p.need.sqls).toBe(30);
    expect(p.pace.sqls).toBe(1);
    expect(p.status.sqls).toBe('on_track');
  });
});

describe('planning: forecast and gap', () => {
  it('gap = forecast − need, negative when marketing expects fewer than sales needs; the later row wins', () => {
    const p = digest({
      targets: [target('deals_won', 5)],
      forecast: [forecast('leads_new', 25), forecast('sqls', 9), forecast('leads_new', 28), forecast('mqls', 40, '2026-10')],
    }).planning!;
    expect(p.forecast).toEqual({ leads_new: 28, mqls: null, sqls: 9 });
    expect(p.gap).toEqual({ leads_new: -2, mqls: null, sqls: 2 });
  });
});
