import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/model/build-digest.js';
import type { Digest, KpiResult } from '../../src/model/types.js';
import { contact, crm, deal, modelConfig, sheet } from '../helpers/records.js';

function digestOf(records: Parameters<typeof crm>[0], week = '2026-W47', config = modelConfig()): Digest {
  return buildDigest({ week, config, crm: crm(records), sheet: sheet({}), issues: [] });
}
const kpi = (d: Digest, id: string): KpiResult => d.kpis.find((k) => k.id === id)!;

describe('counts in the week [Monday 00:00, next Monday 00:00) local time', () => {
  const d = digestOf({
    contacts: [
      contact({ created: '2026-11-16 00:00' }), // first instant of W47
      contact({ created: '2026-11-16 00:30' }), // Sunday 23:30 UTC, still W47
      contact({ created: '2026-11-22 23:59:59' }),
      contact({ created: '2026-11-23 00:00' }), // W48: end is exclusive
      contact({ created: '2026-11-15 23:59', mql: '2026-11-16 08:00', sql: '2026-11-20 10:00' }),
      contact({ created: '2026-11-10 10:00', mql: '2026-11-12 10:00', sql: '2026-11-17 10:00' }),
    ],
  });
  it('leads, MQLs and SQLs', () => {
    expect(kpi(d, 'leads_new').value).toBe(3);
    expect(kpi(d, 'mqls').value).toBe(1);
    expect(kpi(d, 'sqls').value).toBe(2);
    expect(d.funnel).toMatchObject({ leads_new: 3, mqls: 1, sqls: 2 });
  });
  it('previous week and delta', () => {
    expect(kpi(d, 'leads_new').previous).toBe(2);
    expect(kpi(d, 'leads_new').delta).toBe(1);
    expect(kpi(d, 'leads_new').deltaRatio).toBe(0.5);
    expect(kpi(d, 'leads_new').trend).toEqual([0, 0, 0, 0, 0, 0, 2, 3]);
  });
});

describe('DST weeks', () => {
  it('counts a 167-hour week (2026-W13) without losing the last hour', () => {
    const d = digestOf({ contacts: [contact({ created: '2026-03-29 23:30' }), contact({ created: '2026-03-23 00:10' }), contact({ created: '2026-03-30 00:00' })] }, '2026-W13');
    expect(kpi(d, 'leads_new').value).toBe(2);
  });
  it('counts a 169-hour week (2026-W43), including the repeated hour', () => {
    const d = digestOf({ contacts: [contact({ created: '2026-10-25 02:30' }), contact({ created: '2026-10-25 23:59' }), contact({ created: '2026-10-26 00:00' })] }, '2026-W43');
    expect(kpi(d, 'leads_new').value).toBe(2);
  });
  it('measures the SLA in elapsed hours across the autumn DST night', () => {
    // MQL Saturday 24 Oct 12:00 CEST; 24 elapsed hours later is Sunday 11:00 CET (clocks went back).
    const d = digestOf({
      contacts: [
        contact({ mql: '2026-10-24 12:00', touch: '2026-10-25 11:00' }), // exactly 24 h: no breach
        contact({ mql: '2026-10-24 12:00', touch: '2026-10-25 11:30' }), // 24.5 h: breach
        contact({ mql: '2026-10-24 12:00', touch: '2026-10-25 12:00' }), // 25 h although the wall clock says 24: breach
      ],
    }, '2026-W43');
    expect(kpi(d, 'first_touch_sla_breaches').value).toBe(2);
    expect(kpi(d, 'median_first_touch_hours').value).toBe(24.5);
  });
});

describe('first-touch SLA and median', () => {
  const d = digestOf({
    owners: [{ id: 'o1', name: 'Jörg Schäfer', email: null }],
    contacts: [
      contact({ mql: '2026-11-16 09:00', touch: '2026-11-16 11:00', owner: 'o1' }), // 2 h
      contact({ mql: '2026-11-17 09:00', touch: '2026-11-18 09:00:01', owner: 'o1' }), // 24 h + 1 s: breach
      contact({ mql: '2026-11-18 09:00', owner: 'o1' }), // untouched, deadline before week end: breach
      contact({ mql: '2026-11-22 12:00' }), // untouched, deadline after week end: no breach yet
      contact({ mql: '2026-11-22 20:00', touch: '2026-11-24 08:00' }), // touched after week end, 36 h late: breach
      contact({ mql: '2026-11-21 10:00', touch: '2026-11-21 08:00' }), // touched before MQL: -2 h, no breach
    ],
  });
  it('counts breaches by the SPEC rule', () => {
    expect(kpi(d, 'first_touch_sla_breaches').value).toBe(3);
    expect(d.slaBreachesByOwner).toEqual([{ ownerId: 'o1', owner: 'Jörg Schäfer', email: null, count: 2 }, { ownerId: null, owner: '(nicht zugewiesen)', email: null, count: 1 }]);
  });
  it('takes the median over the touched MQLs of the week', () => {
    // hours: 2, 24.0003, 36, -2 → sorted -2, 2, 24.0003, 36 → median (2 + 24.0003) / 2
    expect(kpi(d, 'median_first_touch_hours').value).toBe(13); // hours are kept to two decimals
  });
  it('is null without touched MQLs', () => {
    expect(kpi(digestOf({ contacts: [contact({ mql: '2026-11-18 10:00' })] }), 'median_first_touch_hours').value).toBeNull();
  });
});

describe('MQL→SQL rate over the 4-week cohort', () => {
  it('counts cohort members with an SQL time before the week end, in any order', () => {
    const d = digestOf({
      contacts: [
        contact({ mql: '2026-10-26 00:00', sql: '2026-11-02 10:00' }), // first instant of W44: in the cohort, converted
        contact({ mql: '2026-10-25 23:59', sql: '2026-11-02 10:00' }), // W43: not in the cohort
        contact({ mql: '2026-11-10 10:00', sql: '2026-11-09 10:00' }), // SQL before MQL: converted
        contact({ mql: '2026-11-18 10:00', sql: '2026-11-23 00:00' }), // SQL at week end: not converted
        contact({ mql: '2026-11-20 10:00' }),
      ],
    });
    expect(kpi(d, 'mql_to_sql_rate').value).toBe(0.5);
    expect(kpi(d, 'mql_to_sql_rate').unit).toBe('ratio');
  });
  it('is null when there is no cohort', () => {
    expect(kpi(digestOf({}), 'mql_to_sql_rate').value).toBeNull();
    expect(kpi(digestOf({}), 'win_rate').value).toBeNull();
  });
});

describe('deals, money and stages', () => {
  const stages = [
    { pipelineId: '78452113', stageId: '132457801', label: 'Offen', outcome: 'open' as const },
    { pipelineId: '78452113', stageId: '132457806', label: 'Gewonnen', outcome: 'won' as const },
    { pipelineId: '78452113', stageId: '132457807', label: 'Verloren', outcome: 'lost' as const },
  ];
  const P = { pipelineId: '78452113' };
  const records = {
    stages,
    deals: [
      deal({ ...P, name: 'A', amount: 10000, created: '2026-11-16 10:00', closed: '2026-11-18 10:00', stageId: '132457806' }),
      deal({ ...P, name: 'B', amount: 5000, currency: 'CHF', created: '2026-11-02 10:00', closed: '2026-11-19 10:00', stageId: '132457806' }),
      deal({ ...P, name: 'C', amount: 7000, currency: 'USD', amountHome: 6440.5, created: '2026-11-03 10:00', closed: '2026-11-20 10:00', stageId: '132457806' }),
      deal({ ...P, name: 'D', amount: null, created: '2026-11-17 10:00', closed: '2026-11-21 10:00', stageId: '132457806' }),
      deal({ ...P, name: 'E', amount: 3000, currency: 'GBP', created: '2026-11-17 11:00', closed: '2026-11-21 11:00', stageId: '132457807' }),
      deal({ ...P, name: 'F', amount: 2000, created: '2026-10-20 10:00', closed: '2026-10-27 10:00', stageId: '132457807' }),
      deal({ ...P, name: 'G', amount: 4000, created: '2026-11-18 10:00', closed: '2026-11-30 10:00', stageId: '132457801' }), // open, expected close date
    ],
  };
  const d = digestOf(records, '2026-W47', modelConfig({ exchangeRates: { CHF: 1.06 } }));
  it('counts won and lost by the pipeline\'s stage metadata, not by stage names', () => {
    expect(kpi(d, 'deals_won').value).toBe(4);
    expect(kpi(d, 'deals_lost').value).toBe(1);
    expect(kpi(d, 'deals_created').value).toBe(4);
  });
  it('sums home-currency amounts: CRM home amount, same currency, then configured rate', () => {
    // 10000 + 5000 × 1.06 + 6440.5 = 21740.5 (D has no amount)
    expect(kpi(d, 'revenue_won').value).toBe(21740.5);
    // created: A 10000, D none, E GBP without a rate, G 4000
    expect(kpi(d, 'pipeline_created').value).toBe(14000);
    expect(kpi(d, 'avg_deal_size').value).toBeCloseTo(21740.5 / 3, 2);
  });
  it('reports deals without a usable amount as data issues', () => {
    const messages = d.dataIssues.map((i) => `${i.location}: ${i.message}`);
    expect(messages.some((m) => m.includes('"D" has no amount'))).toBe(true);
    expect(messages.some((m) => m.includes('"E" is in GBP') && m.includes('exchangeRates.GBP'))).toBe(true);
  });
  it('computes the win rate over four weeks', () => {
    // W44–W47: won A, B, C, D; lost E, F (27 Oct is W44) → 4 / 6
    expect(kpi(d, 'win_rate').value).toBe(0.6667);
  });
  it('lists wins largest first with the original currency', () => {
    expect(d.wins.map((w) => w.name)).toEqual(['A', 'C', 'B', 'D']);
    expect(d.wins[2]).toMatchObject({ amount: 5300, currency: 'EUR', originalAmount: 5000, originalCurrency: 'CHF' });
    expect(d.wins[3]!.amount).toBeNull();
  });
  it('credits sources with SQLs, won deals and revenue', () => {
    const s = digestOf({
      contacts: [contact({ sql: '2026-11-17 10:00', source: 'ORGANIC_SEARCH' }), contact({ sql: '2026-11-18 10:00', source: 'ORGANIC_SEARCH' }), contact({ sql: '2026-11-18 10:00', source: 'REFERRALS' })],
      deals: [deal({ amount: 900, created: '2026-11-01 10:00', closed: '2026-11-18 10:00', stageId: 'won', source: 'REFERRALS' }), deal({ amount: 100, created: '2026-11-01 10:00', closed: '2026-11-18 10:00', stageId: 'won', source: 'PAID_SEARCH' })],
    });
    expect(s.sources).toEqual([
      { source: 'ORGANIC_SEARCH', sqls: 2, dealsWon: 0, revenueWon: 0 },
      { source: 'REFERRALS', sqls: 1, dealsWon: 1, revenueWon: 900 },
      { source: 'PAID_SEARCH', sqls: 0, dealsWon: 1, revenueWon: 100 },
    ]);
  });
});
