import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/model/build-digest.js';
import { applicableTarget, pacing, statusOf } from '../../src/model/targets.js';
import type { Digest, KpiRow, TargetRow } from '../../src/model/types.js';
import { contact, crm, deal, modelConfig, sheet } from '../helpers/records.js';

const target = (metric: string, period: 'week' | 'month', from: string, value: number, location = ''): TargetRow => ({ metric, period, from, target: value, location });
const kpiRow = (week: string, metric: string, value: number, t: number | null = null): KpiRow => ({ week, metric, value, target: t, location: '' });

const manual = [
  { id: 'event_leads', label: { de: 'Event-Leads', en: 'Event leads' }, unit: 'count' as const, direction: 'higher' as const },
  { id: 'budget_spent', label: 'Budget', unit: 'money' as const, direction: 'lower' as const },
  { id: 'demo_show_rate', label: 'Show rate', unit: 'ratio' as const, direction: 'higher' as const },
];

function build(p: { contacts?: ReturnType<typeof contact>[]; deals?: ReturnType<typeof deal>[]; targets?: TargetRow[]; kpis?: KpiRow[] }): Digest {
  return buildDigest({
    week: '2026-W47',
    config: modelConfig({ kpis: manual }),
    crm: crm({ contacts: p.contacts ?? [], deals: p.deals ?? [] }),
    sheet: sheet({ targets: p.targets ?? [], kpis: p.kpis ?? [] }),
    issues: [],
  });
}
const kpi = (d: Digest, id: string) => d.kpis.find((k) => k.id === id)!;

describe('which target applies', () => {
  const rows = [target('sqls', 'week', '2026-08-03', 12), target('sqls', 'week', '2026-11-22', 15), target('sqls', 'week', '2026-11-23', 99), target('sqls', 'week', '2026-11-22', 16)];
  it('is the latest from on or before the week\'s Sunday; on equal dates the later row', () => {
    expect(applicableTarget(rows, 'sqls', 'week', '2026-11-22')?.target).toBe(16);
    expect(applicableTarget(rows, 'sqls', 'week', '2026-11-15')?.target).toBe(12);
    expect(applicableTarget(rows, 'sqls', 'month', '2026-11-22')).toBeNull();
    expect(applicableTarget(rows, 'sqls', 'week', '2026-08-02')).toBeNull();
  });
});

describe('status', () => {
  const t = { onTrack: 1, atRisk: 0.9 };
  it('on track at 100 %, at risk from 90 %, off track below', () => {
    expect(statusOf(1, t)).toBe('on_track');
    expect(statusOf(27 / 30, t)).toBe('at_risk');
    expect(statusOf(0.8999, t)).toBe('off_track');
    expect(statusOf(null, t)).toBe('on_track');
  });
  it('uses the weekly target (12 SQLs of 15 → 0.8, off track)', () => {
    const contacts = Array.from({ length: 12 }, (_, i) => contact({ sql: `2026-11-1${7 + (i % 3)} 10:00` }));
    const d = build({ contacts, targets: [target('sqls', 'week', '2026-11-01', 15)] });
    expect(kpi(d, 'sqls')).toMatchObject({ value: 12, target: 15, attainment: 0.8, status: 'off_track' });
    expect(d.fixes.some((f) => f.origin === 'kpi' && f.refId === 'sqls')).toBe(true);
  });
  it('lower is better: attainment = target / value; a value of 0 is on track with null attainment', () => {
    const d = build({
      contacts: [contact({ mql: '2026-11-17 09:00', touch: '2026-11-17 19:00' })], // 10 h
      targets: [target('median_first_touch_hours', 'week', '2026-01-01', 8), target('first_touch_sla_breaches', 'week', '2026-01-01', 2)],
    });
    expect(kpi(d, 'median_first_touch_hours')).toMatchObject({ value: 10, attainment: 0.8, status: 'off_track' });
    expect(kpi(d, 'first_touch_sla_breaches')).toMatchObject({ value: 0, attainment: null, status: 'on_track' });
  });
  it('a KPI without a target has status no_target; a manual KPI without a value has no_data', () => {
    const d = build({ targets: [target('event_leads', 'week', '2026-01-01', 10)] });
    expect(kpi(d, 'leads_new').status).toBe('no_target');
    expect(kpi(d, 'event_leads')).toMatchObject({ value: null, target: 10, status: 'no_data' });
  });
  it('a target typed into the KPIs tab is the weekly target of that week', () => {
    const d = build({ kpis: [kpiRow('2026-W47', 'event_leads', 19, 20)], targets: [target('event_leads', 'week', '2026-01-01', 10)] });
    expect(kpi(d, 'event_leads')).toMatchObject({ value: 19, target: 20, attainment: 0.95, status: 'at_risk' });
  });
});

describe('month-to-date pacing', () => {
  it('expected = target × 22 / 30 in W47 2026; pace = MTD / expected; status from pace without a weekly target', () => {
    // 30 leads from 1 to 22 November, one on 23 November (after the week), one on 31 October.
    const contacts = [
      ...Array.from({ length: 30 }, (_, i) => contact({ created: `2026-11-${String(1 + (i % 22)).padStart(2, '0')} 12:00` })),
      contact({ created: '2026-11-23 12:00' }),
      contact({ created: '2026-10-31 23:30' }),
    ];
    const d = build({ contacts, targets: [target('leads_new', 'month', '2026-11-01', 60)] });
    expect(kpi(d, 'leads_new').mtd).toEqual({ value: 30, target: 60, expected: 44, pace: 0.6818 });
    expect(kpi(d, 'leads_new')).toMatchObject({ target: null, attainment: null, status: 'off_track' });
  });
  it('sums manual KPIs over the weeks whose Sunday is in the month (W44 ends 1 Nov)', () => {
    const kpis = [kpiRow('2026-W43', 'event_leads', 100), kpiRow('2026-W44', 'event_leads', 5), kpiRow('2026-W45', 'event_leads', 6), kpiRow('2026-W47', 'event_leads', 7)];
    const d = build({ kpis, targets: [target('event_leads', 'month', '2026-10-01', 30)] });
    // 5 + 6 + 7 = 18; expected 30 × 22 / 30 = 22; pace 18 / 22
    expect(kpi(d, 'event_leads').mtd).toEqual({ value: 18, target: 30, expected: 22, pace: 0.8182 });
    expect(kpi(d, 'event_leads').status).toBe('off_track');
  });
  it('lower-is-better money paces as expected / MTD for the status', () => {
    const d = build({ kpis: [kpiRow('2026-W47', 'budget_spent', 8000)], targets: [target('budget_spent', 'month', '2026-11-01', 10000)] });
    // expected 7333.33; MTD 8000; pace 1.0909 (over budget) → status by 7333.33 / 8000 = 0.9167: at risk
    expect(kpi(d, 'budget_spent').mtd).toEqual({ value: 8000, target: 10000, expected: 7333.33, pace: 1.0909 });
    expect(kpi(d, 'budget_spent').status).toBe('at_risk');
  });
  it('monthly targets on ratios are not applied', () => {
    const d = build({ kpis: [kpiRow('2026-W47', 'demo_show_rate', 0.7)], targets: [target('demo_show_rate', 'month', '2026-11-01', 0.8)] });
    expect(kpi(d, 'demo_show_rate')).toMatchObject({ mtd: null, status: 'no_target' });
  });
  it('pacing is exact at the boundary', () => {
    expect(pacing(44, 60, 22, 30, 'higher').pace).toBe(1);
  });
});

describe('movers', () => {
  it('a change of 20 % or more against the previous week is a change; none when previous is 0', () => {
    const kpis = [
      kpiRow('2026-W46', 'event_leads', 10), kpiRow('2026-W47', 'event_leads', 12),
      kpiRow('2026-W46', 'demo_show_rate', 0.3), kpiRow('2026-W47', 'demo_show_rate', 0.36),
      kpiRow('2026-W46', 'budget_spent', 0), kpiRow('2026-W47', 'budget_spent', 500),
    ];
    const d = build({ kpis });
    const movers = d.changes.filter((c) => c.origin === 'kpi').map((c) => c.refId);
    expect(movers).toEqual(['event_leads', 'demo_show_rate']);
    expect(kpi(d, 'budget_spent').deltaRatio).toBeNull();
    expect(kpi(d, 'event_leads').deltaRatio).toBe(0.2);
  });
});
