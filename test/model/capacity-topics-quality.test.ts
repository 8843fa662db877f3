/**
 * Capacity, topics and lead quality, hand-computed. Report week 2026-W47: 16 Nov 00:00 to
 * 23 Nov 00:00 (Europe/Berlin, +01:00). The 30-day lookback starts 720 elapsed hours before the
 * week's end: 24 Oct 00:00 +01:00, which is 24 Oct 01:00 local summer time (CEST, +02:00).
 * The 4-week window of topics and quality starts Monday 26 Oct 00:00.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/model/build-digest.js';
import type { Contact, CrmRecords, Owner } from '../../src/model/types.js';
import { at, contact, crm, modelConfig, sheet } from '../helpers/records.js';

const WEEK = '2026-W47';
const OWNERS: Owner[] = [
  { id: 'o1', name: 'Zoë Ziegler', email: null },
  { id: 'o2', name: 'anna Adler', email: null },
  { id: 'o3', name: 'Émile Brun', email: null },
];

function digest(contacts: Contact[], extra: Partial<CrmRecords> = {}, config = modelConfig()) {
  return buildDigest({ week: WEEK, config, crm: { ...crm({ contacts, owners: OWNERS }), ...extra }, sheet: sheet({}), issues: [] });
}

describe('capacity', () => {
  it('the backlog: MQLs of the lookback without a touch, an SQL or a rejection before the week\'s end', () => {
    const d = digest([
      // Outside: MQL 00:59 local summer time, 1 minute before the lookback starts.
      contact({ created: '2026-10-20 10:00', mql: '2026-10-24 00:59', owner: 'o1' }),
      // Inside: exactly at the lookback's start (01:00 CEST = 00:00 +01:00): age 720 h.
      contact({ created: '2026-10-20 10:00', mql: '2026-10-24 01:00', owner: 'o1' }),
      // Touched exactly at the week's end: not before it, so still backlog (and not touched in the week). Age 24 h.
      contact({ created: '2026-11-20 10:00', mql: '2026-11-22 00:00', touch: '2026-11-23 00:00', owner: 'o2' }),
      // Touched one minute before the week's end: touched in the week, not backlog.
      contact({ created: '2026-11-20 10:00', mql: '2026-11-21 00:00', touch: '2026-11-22 23:59', owner: 'o2' }),
      // Touched before the week: neither backlog nor touched this week.
      contact({ created: '2026-11-01 10:00', mql: '2026-11-02 10:00', touch: '2026-11-03 10:00', owner: 'o3' }),
      // Accepted by sales (SQL) without a touch: not backlog.
      contact({ created: '2026-11-01 10:00', mql: '2026-11-02 10:00', sql: '2026-11-10 10:00', owner: 'o3' }),
      // Rejected by sales: not backlog.
      contact({ created: '2026-11-01 10:00', mql: '2026-11-02 10:00', status: 'UNQUALIFIED', owner: 'o3' }),
      // Untouched, no owner: backlog. Age 48 h.
      contact({ created: '2026-11-18 10:00', mql: '2026-11-21 00:00' }),
      // MQL after the week's end: outside.
      contact({ created: '2026-11-18 10:00', mql: '2026-11-23 00:00' }),
    ]);
    const c = d.capacity!;
    expect(c.backlog).toBe(3);
    expect(c.touched).toBe(1);
    expect(c.backlogMedianAgeHours).toBe(48); // median of 720, 24, 48
    expect(c.backlogWeeks).toBe(3);
    expect(c.status).toBe('bottleneck');
    // Ties by owner name in code-point order: "(nicht zugewiesen)" < "Zoë" < "anna" (a locale sort would put anna first).
    expect(c.byOwner).toEqual([
      { ownerId: null, owner: '(nicht zugewiesen)', count: 1 },
      { ownerId: 'o1', owner: 'Zoë Ziegler', count: 1 },
      { ownerId: 'o2', owner: 'anna Adler', count: 1 },
    ]);
  });

  it('no touch in the week with a backlog is a bottleneck (backlogWeeks null); nothing at all is ok', () => {
    const stuck = digest([contact({ created: '2026-11-10 10:00', mql: '2026-11-11 10:00', owner: 'o1' })]).capacity!;
    expect(stuck).toMatchObject({ backlog: 1, touched: 0, backlogWeeks: null, status: 'bottleneck' });
    expect(stuck.backlogMedianAgeHours).toBe((at('2026-11-23 00:00') - at('2026-11-11 10:00')) / 3_600_000);
    expect(digest([]).capacity).toEqual({ backlog: 0, backlogMedianAgeHours: null, touched: 0, backlogWeeks: null, status: 'ok', byOwner: [] });
  });

  it('bottleneck from backlogWeeks ≥ capacity.bottleneckWeeks; below it ok', () => {
    const touchedTwice = [
      contact({ created: '2026-11-10 10:00', mql: '2026-11-11 10:00', touch: '2026-11-17 10:00' }),
      contact({ created: '2026-11-10 10:00', mql: '2026-11-11 10:00', touch: '2026-11-18 10:00' }),
    ];
    const open = [contact({ created: '2026-11-10 10:00', mql: '2026-11-12 10:00' }), contact({ created: '2026-11-10 10:00', mql: '2026-11-13 10:00' })];
    expect(digest([...touchedTwice, ...open]).capacity).toMatchObject({ backlog: 2, touched: 2, backlogWeeks: 1, status: 'bottleneck' });
    expect(digest([...touchedTwice, ...open.slice(1)]).capacity).toMatchObject({ backlog: 1, touched: 2, backlogWeeks: 0.5, status: 'ok' });
    const lenient = modelConfig({ capacity: { lookbackDays: 30, bottleneckWeeks: 1.5 } });
    expect(digest([...touchedTwice, ...open], {}, lenient).capacity!.status).toBe('ok');
  });

  it('a longer lookback takes older MQLs in', () => {
    const old = [contact({ created: '2026-09-01 10:00', mql: '2026-09-02 10:00' })];
    expect(digest(old).capacity!.backlog).toBe(0);
    expect(digest(old, {}, modelConfig({ capacity: { lookbackDays: 90, bottleneckWeeks: 1 } })).capacity!.backlog).toBe(1);
  });

  it('the top 5 owners by backlog', () => {
    const owners: Owner[] = Array.from({ length: 7 }, (_, i) => ({ id: `p${i}`, name: `Owner ${i}`, email: null }));
    const contacts = owners.flatMap((o, i) => Array.from({ length: i + 1 }, () => contact({ created: '2026-11-10 10:00', mql: '2026-11-11 10:00', owner: o.id })));
    const c = digest(contacts, { owners }).capacity!;
    expect(c.byOwner.map((r) => [r.owner, r.count])).toEqual([['Owner 6', 7], ['Owner 5', 6], ['Owner 4', 5], ['Owner 3', 4], ['Owner 2', 3]]);
  });

  it('is null when the source has no first-touch property', () => {
    expect(digest([], { available: { firstTouch: false } }).capacity).toBeNull();
  });
});

describe('topics', () => {
  it('MQLs and SQLs of the 4 weeks per first conversion, the MQL→SQL rate of that topic\'s MQLs', () => {
    const t = digest([
      // Webinar: 2 MQLs in the window, 1 converts before the week's end; 1 SQL in the window from an older MQL.
      contact({ created: '2026-11-01 10:00', mql: '2026-11-02 10:00', sql: '2026-11-20 10:00', topic: 'Webinar' }),
      contact({ created: '2026-11-01 10:00', mql: '2026-11-03 10:00', sql: '2026-11-23 00:00', topic: 'Webinar' }), // SQL at the week's end: not converted
      contact({ created: '2026-10-01 10:00', mql: '2026-10-02 10:00', sql: '2026-10-26 00:00', topic: ' Webinar ' }), // trimmed: same topic
      // Whitepaper: 1 MQL, 1 SQL, converted.
      contact({ created: '2026-11-01 10:00', mql: '2026-11-04 10:00', sql: '2026-11-05 10:00', topic: 'Whitepaper' }),
      // Ties: "Demo" and "Zoom" and "demo" each 1 MQL, 0 SQLs → code-point order: Demo, Zoom, demo.
      contact({ created: '2026-11-01 10:00', mql: '2026-11-04 10:00', topic: 'Zoom' }),
      contact({ created: '2026-11-01 10:00', mql: '2026-11-04 10:00', topic: 'demo' }),
      contact({ created: '2026-11-01 10:00', mql: '2026-11-04 10:00', topic: 'Demo' }),
      // No topic: counted once though both MQL and SQL lie in the window; blank text is no topic.
      contact({ created: '2026-11-01 10:00', mql: '2026-11-04 10:00', sql: '2026-11-06 10:00' }),
      contact({ created: '2026-11-01 10:00', mql: '2026-11-04 10:00', topic: '  ' }),
      // Outside the window: not counted anywhere.
      contact({ created: '2026-10-01 10:00', mql: '2026-10-25 23:59', topic: 'Alt' }),
      contact({ created: '2026-10-01 10:00', mql: '2026-10-25 23:59' }),
    ]).topics!;
    expect(t.items).toEqual([
      { topic: 'Webinar', mqls: 2, sqls: 2, mqlToSql: 0.5 },
      { topic: 'Whitepaper', mqls: 1, sqls: 1, mqlToSql: 1 },
      { topic: 'Demo', mqls: 1, sqls: 0, mqlToSql: 0 },
      { topic: 'Zoom', mqls: 1, sqls: 0, mqlToSql: 0 },
      { topic: 'demo', mqls: 1, sqls: 0, mqlToSql: 0 },
    ]);
    expect(t.topicsUnknown).toBe(2);
  });

  it('a topic with SQLs but no MQL in the window has a null rate; only the top 5 are listed', () => {
    const contacts = [
      contact({ created: '2026-10-01 10:00', mql: '2026-10-02 10:00', sql: '2026-11-02 10:00', topic: 'Alt' }),
      ...['A', 'B', 'C', 'D', 'E'].map((topic) => contact({ created: '2026-11-01 10:00', mql: '2026-11-04 10:00', topic })),
    ];
    const t = digest(contacts).topics!;
    expect(t.items[0]).toEqual({ topic: 'Alt', mqls: 0, sqls: 1, mqlToSql: null });
    expect(t.items.map((i) => i.topic)).toEqual(['Alt', 'A', 'B', 'C', 'D']);
  });

  it('is null when the source has no first-conversion property', () => {
    expect(digest([], { available: { firstConversion: false } }).topics).toBeNull();
  });
});

describe('lead quality', () => {
  const cohort = (p: { status?: string; reason?: string; source?: string; sql?: string }) =>
    contact({ created: '2026-11-01 10:00', mql: '2026-11-04 10:00', ...p });

  it('rejected MQLs of the 4-week cohort, by source and reason', () => {
    const q = digest([
      cohort({ status: 'UNQUALIFIED', reason: 'kein Budget', source: 'PAID_SEARCH' }),
      cohort({ status: 'BAD_TIMING', reason: 'kein Budget', source: 'PAID_SEARCH' }),
      cohort({ status: 'unqualified', reason: 'Student', source: 'PAID_SOCIAL' }), // case-insensitive
      cohort({ status: 'UNQUALIFIED', source: 'PAID_SOCIAL' }), // no reason → null
      cohort({ status: 'UNQUALIFIED', reason: '  ', source: 'ORGANIC_SEARCH' }), // blank reason → null
      // An SQL time before the week's end: sales accepted it once, so it is not rejected.
      cohort({ status: 'UNQUALIFIED', reason: 'Wettbewerber', source: 'REFERRALS', sql: '2026-11-10 10:00' }),
      // An SQL time after the week's end does not count: rejected. No source → UNKNOWN.
      cohort({ status: 'UNQUALIFIED', reason: 'Student', sql: '2026-11-24 10:00' }),
      cohort({ status: 'OPEN', source: 'PAID_SEARCH' }),
      cohort({ source: 'ORGANIC_SEARCH' }),
      cohort({ source: 'ORGANIC_SEARCH' }),
      // Outside the cohort (MQL before the window): not counted.
      contact({ created: '2026-10-01 10:00', mql: '2026-10-25 10:00', status: 'UNQUALIFIED', source: 'PAID_SEARCH' }),
    ]).quality!;
    expect(q.cohort).toBe(10);
    expect(q.rejected).toBe(6);
    expect(q.rejectionRate).toBe(0.6);
    expect(q.bySource).toEqual([
      { source: 'PAID_SEARCH', cohort: 3, rejected: 2, rate: 0.6667 },
      { source: 'PAID_SOCIAL', cohort: 2, rejected: 2, rate: 1 },
      { source: 'ORGANIC_SEARCH', cohort: 3, rejected: 1, rate: 0.3333 },
      { source: 'UNKNOWN', cohort: 1, rejected: 1, rate: 1 },
    ]);
    // By count; ties in code-point order with the missing reason last.
    expect(q.reasons).toEqual([
      { reason: 'Student', count: 2 },
      { reason: 'kein Budget', count: 2 },
      { reason: null, count: 2 },
    ]);
  });

  it('the rejected statuses are configurable', () => {
    const contacts = [cohort({ status: 'UNQUALIFIED' }), cohort({ status: 'NOT_A_FIT' })];
    expect(digest(contacts).quality!.rejected).toBe(1);
    expect(digest(contacts, {}, modelConfig({ quality: { rejectedStatuses: ['NOT_A_FIT'] } })).quality!.rejected).toBe(1);
    expect(digest(contacts, {}, modelConfig({ quality: { rejectedStatuses: ['NOT_A_FIT', 'UNQUALIFIED'] } })).quality!.rejected).toBe(2);
  });

  it('an empty cohort has a null rate; no reasons list when the source has no reason property', () => {
    expect(digest([]).quality).toEqual({ cohort: 0, rejected: 0, rejectionRate: null, bySource: [], reasons: [] });
    const q = digest([cohort({ status: 'UNQUALIFIED' })], { available: { disqualificationReason: false } }).quality!;
    expect([q.rejected, q.reasons]).toEqual([1, []]);
  });

  it('is null when the source has no lead-status property; capacity then rejects nobody', () => {
    const contacts = [cohort({ status: 'UNQUALIFIED' })];
    expect(digest(contacts).capacity!.backlog).toBe(0);
    const d = digest(contacts, { available: { leadStatus: false } });
    expect(d.quality).toBeNull();
    expect(d.capacity!.backlog).toBe(1);
  });
});
