/**
 * The highlights rule and the summary counts (SPEC "What the digest shows: read in one minute")
 * on hand-made cases: ties, deals without amount, monthly-only KPIs, no success notes, more
 * than N of everything, and the origins other parts fill in (capacity, definitions, SLA).
 */
import { describe, expect, it } from 'vitest';
import { buildHighlights, rankWins, type HighlightsInput } from '../../src/model/highlights.js';
import { buildDigest } from '../../src/model/build-digest.js';
import { createNumberFormatter } from '../../src/model/number-format.js';
import { words } from '../../src/model/labels.js';
import type { KpiResult, NoteRow } from '../../src/model/types.js';
import { fix, kpi, note, win } from '../fixtures/digests.js';
import { definitionChangeItem } from '../../src/model/definitions.js';
import { contact, crm, deal, modelConfig, sheet } from '../helpers/records.js';

/** A changed definition as build-digest puts it first into `changes`. */
const definition = (term: string, text: string) => definitionChangeItem({ term, definition: text, from: '2026-11-16', owner: null, changedThisWeek: true });

const f = createNumberFormatter('de-DE', 'EUR', words('de'));
const input = (p: Partial<HighlightsInput>): HighlightsInput => ({
  wins: [], kpis: [], movers: new Set(), successes: [], changes: [], fixes: [], slaBreaches: 0,
  capacity: null, perSection: 3, format: f, language: 'de', ...p,
});
const titles = (list: { title: string }[]) => list.map((h) => h.title);
const eur = (n: number) => f.money(n);

const onTrack = (id: string, attainment: number | null, p: Partial<KpiResult> = {}) =>
  kpi({ id, label: id, value: 10, target: 10, attainment, status: 'on_track', ...p });
const offTrack = (id: string, attainment: number | null, p: Partial<KpiResult> = {}) =>
  kpi({ id, label: id, value: 5, target: 10, attainment, status: 'off_track', ...p });

describe('successes', () => {
  it('the largest won deal, then success notes in sheet order, then the other deals, then on-track KPIs', () => {
    const { highlights } = buildHighlights(input({
      perSection: 10,
      wins: [win('Klein', 1000), win('Groß', 50000), win('Mittel', 20000)],
      successes: [note('Notiz A'), note('Notiz B')],
      kpis: [onTrack('k1', 1.1), onTrack('k2', 1.5)],
    }));
    expect(titles(highlights.successes)).toEqual(['Groß', 'Notiz A', 'Notiz B', 'Mittel', 'Klein', 'k2', 'k1']);
    expect(highlights.successes[0]).toEqual({ origin: 'deal', title: 'Groß', refId: 'deal-gro-', figure: eur(50000) });
    expect(highlights.successes[1]).toEqual({ origin: 'note', title: 'Notiz A', refId: null, figure: null });
    expect(highlights.successes[5]).toEqual({ origin: 'kpi', title: 'k2', refId: 'k2', figure: '10 (Ziel 10)' });
  });

  it('ranks deals without an amount after all others, ties by earlier close time', () => {
    const wins = [
      win('Ohne Betrag früh', null, { closedAt: '2026-11-16T09:00:00.000+01:00' }),
      win('Gleich spät', 5000, { closedAt: '2026-11-20T09:00:00.000+01:00' }),
      win('Ohne Betrag spät', null, { closedAt: '2026-11-21T09:00:00.000+01:00' }),
      win('Gleich früh', 5000, { closedAt: '2026-11-17T09:00:00.000+01:00' }),
    ];
    expect(rankWins(wins).map((w) => w.name)).toEqual(['Gleich früh', 'Gleich spät', 'Ohne Betrag früh', 'Ohne Betrag spät']);
    const only = buildHighlights(input({ wins: [win('Ohne Betrag', null)] })).highlights.successes[0];
    expect(only).toEqual({ origin: 'deal', title: 'Ohne Betrag', refId: 'deal-ohne-betrag', figure: null });
  });

  it('without success notes: the deals, then the KPIs; the largest deal still first', () => {
    const { highlights } = buildHighlights(input({ wins: [win('B', 10), win('A', 20)], kpis: [onTrack('k', 1.2)] }));
    expect(titles(highlights.successes)).toEqual(['A', 'B', 'k']);
  });

  it('ranks on-track KPIs by attainment, by MTD pace for monthly-only targets, those without either last, ties in scorecard order', () => {
    const monthly = (id: string, pace: number, direction: 'higher' | 'lower' = 'higher') =>
      kpi({ id, label: id, target: null, attainment: null, status: 'on_track', direction, mtd: { value: 10, target: 30, expected: 10, pace } });
    const kpis = [
      onTrack('tie-1', 1.2), monthly('pace-1.3', 1.3), onTrack('zero-lower', null, { direction: 'lower', value: 0, target: 2 }),
      onTrack('tie-2', 1.2), monthly('lower-pace-0.5', 0.5, 'lower'), onTrack('best', 2),
      kpi({ id: 'not-on-track', label: 'x', status: 'at_risk', target: 10, attainment: 0.95 }),
    ];
    const { highlights } = buildHighlights(input({ kpis, perSection: 10 }));
    // lower-is-better pace 0.5 plays attainment 2.0: tied with "best" (2), scorecard order decides
    expect(titles(highlights.successes)).toEqual(['lower-pace-0.5', 'best', 'pace-1.3', 'tie-1', 'tie-2', 'zero-lower']);
    expect(highlights.successes.find((h) => h.refId === 'pace-1.3')!.figure).toBe(`Tempo ${f.percent(1.3, 0)}`);
  });
});

describe('changes', () => {
  it('changed definitions (sheet order), then change notes, then movers by |deltaRatio|, ties in scorecard order', () => {
    const mover = (id: string, deltaRatio: number) => kpi({ id, label: id, deltaRatio });
    const { highlights } = buildHighlights(input({
      perSection: 10,
      changes: [definition('MQL', 'ab 65 Punkten'), definition('SQL', 'nach Erstgespräch'), note('Neue Preisliste'), note('SQLs', { origin: 'kpi', refId: 'b' })],
      kpis: [mover('a', 0.25), mover('b', -0.5), mover('c', 0.25), mover('d', 0.9)],
      movers: new Set(['a', 'b', 'c']),
    }));
    expect(titles(highlights.changes)).toEqual(['MQL: ab 65 Punkten', 'SQL: nach Erstgespräch', 'Neue Preisliste', 'b', 'a', 'c']);
    expect(highlights.changes[0]).toEqual({ origin: 'definition', title: 'MQL: ab 65 Punkten', refId: 'MQL', figure: null });
    expect(highlights.changes[3]).toEqual({ origin: 'kpi', title: 'b', refId: 'b', figure: f.change(-0.5) });
  });
});

describe('fixes', () => {
  it('capacity, open fix notes of the week, carried-over ones (oldest first), off-track KPIs ascending, then SLA', () => {
    const { highlights } = buildHighlights(input({
      perSection: 10,
      capacity: { status: 'bottleneck', backlogWeeks: 1.8261 },
      fixes: [
        fix('Diese Woche', { due: '2026-11-27' }), fix('Erledigt', { status: 'done' }), fix('Ohne Termin'),
        fix('Seit W44', { openSince: '2026-W44', due: '2026-11-01' }), fix('Seit W45', { openSince: '2026-W45' }),
        { ...fix('SQLs'), origin: 'kpi', refId: 'sqls' },
      ],
      kpis: [offTrack('mild', 0.85), offTrack('none', null, { target: null, mtd: null }), offTrack('worst', 0.4), offTrack('mild-2', 0.85)],
      slaBreaches: 4,
    }));
    expect(titles(highlights.fixes)).toEqual([
      words('de').capacity, 'Diese Woche', 'Ohne Termin', 'Seit W44', 'Seit W45', 'worst', 'mild', 'mild-2', 'none', 'SLA-Verstöße Erstkontakt',
    ]);
    expect(highlights.fixes[0]).toEqual({ origin: 'capacity', title: words('de').capacity, refId: null, figure: '1,8 Wochen' });
    expect(highlights.fixes[1]!.figure).toBe(f.date('2026-11-27'));
    expect(highlights.fixes[2]!.figure).toBeNull();
    expect(highlights.fixes[9]).toEqual({ origin: 'sla', title: 'SLA-Verstöße Erstkontakt', refId: null, figure: '4' });
  });

  it('the capacity figure: the backlog rounded to one decimal as the planning section shows it, the unit by its value in both languages', () => {
    const en = createNumberFormatter('en-GB', 'EUR', words('en'));
    const figure = (backlogWeeks: number, language: 'de' | 'en' = 'de') =>
      buildHighlights(input({ capacity: { status: 'bottleneck', backlogWeeks }, language, format: language === 'de' ? f : en })).highlights.fixes[0]!.figure;
    expect([figure(1), figure(0.96), figure(1.04), figure(2), figure(0.5), figure(1.25)]).toEqual(['1 Woche', '1 Woche', '1 Woche', '2 Wochen', '0,5 Wochen', '1,3 Wochen']);
    expect([figure(1, 'en'), figure(1.5, 'en'), figure(0.5, 'en')]).toEqual(['1 week', '1.5 weeks', '0.5 weeks']);
  });

  it('no capacity item when it is ok or unknown, no SLA item without breaches', () => {
    for (const capacity of [null, { status: 'ok' as const, backlogWeeks: 0.2 }]) {
      const r = buildHighlights(input({ capacity, fixes: [fix('A')] }));
      expect(r.highlights.fixes.map((h) => h.origin)).toEqual(['note']);
      expect(r.summary.fixes).toBe(1);
    }
  });
});

describe('more than N of everything', () => {
  it('takes the first N of each list; the summary still counts them all', () => {
    const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
    const args = input({
      wins: many(6, (i) => win(`Deal ${i}`, 1000 * (i + 1))),
      successes: many(5, (i) => note(`Erfolg ${i}`)),
      changes: [definition('MQL', 'neu'), ...many(5, (i) => note(`Änderung ${i}`))],
      fixes: many(5, (i) => fix(`Baustelle ${i}`)),
      kpis: [...many(4, (i) => onTrack(`on${i}`, 1.1)), ...many(4, (i) => offTrack(`off${i}`, 0.5))],
      movers: new Set(['on0', 'off0']),
      slaBreaches: 2,
      capacity: { status: 'bottleneck', backlogWeeks: null },
    });
    const three = buildHighlights(args);
    expect(titles(three.highlights.successes)).toEqual(['Deal 5', 'Erfolg 0', 'Erfolg 1']);
    expect(titles(three.highlights.changes)).toEqual(['MQL: neu', 'Änderung 0', 'Änderung 1']);
    expect(three.highlights.fixes.map((h) => h.origin)).toEqual(['capacity', 'note', 'note']);
    expect(three.highlights.fixes[0]!.figure).toBeNull();
    // successes = notes + won deals; changes = notes + definitions; fixes = open notes + off-track + capacity + SLA
    expect(three.summary).toEqual({ successes: 11, changes: 6, fixes: 5 + 4 + 1 + 1 });
    expect(buildHighlights({ ...args, perSection: 1 }).highlights.successes).toHaveLength(1);
  });

  it('never counts on-track KPIs, movers or done fixes', () => {
    const r = buildHighlights(input({ kpis: [onTrack('a', 1.2), kpi({ id: 'm', label: 'm', deltaRatio: 0.5 })], movers: new Set(['m']), fixes: [fix('x', { status: 'done' })] }));
    expect(r.summary).toEqual({ successes: 0, changes: 0, fixes: 0 });
    expect(titles(r.highlights.successes)).toEqual(['a']);
    expect(titles(r.highlights.changes)).toEqual(['m']);
    expect(r.highlights.fixes).toEqual([]);
  });
});

describe('the Digest object', () => {
  const nr = (kind: NoteRow['kind'], title: string, week = '2026-W47', status: NoteRow['status'] = 'open'): NoteRow => ({
    week, kind, team: 'both', author: 'Anke', title, details: null, link: null, owner: 'Jörg', due: null, status, location: '',
  });

  it('carries status, summary and highlights with figures; SLA breaches count once; an untouched backlog is a capacity fix first', () => {
    const d = buildDigest({
      week: '2026-W47',
      config: modelConfig({ highlights: { perSection: 10 } }),
      crm: crm({
        contacts: [contact({ created: '2026-11-16 08:00', mql: '2026-11-16 09:00' }), contact({ created: '2026-11-16 08:00', mql: '2026-11-17 09:00' })],
        deals: [deal({ name: 'Großauftrag', amount: 48000, created: '2026-11-02 10:00', closed: '2026-11-18 10:00', stageId: 'won' })],
      }),
      sheet: sheet({ notes: [nr('success', 'Messe'), nr('change', 'Preisliste'), nr('fix', 'Routing'), nr('fix', 'Alt', '2026-W45'), nr('fix', 'Fertig', '2026-W47', 'done')] }),
      issues: [],
    });
    expect(d.status).toEqual({ weekComplete: true, allowedIncomplete: false, incompleteSources: [] });
    expect(d.highlights.successes[0]).toEqual({ origin: 'deal', title: 'Großauftrag', refId: expect.any(String), figure: eur(48000) });
    expect(d.highlights.fixes.at(-1)).toMatchObject({ origin: 'sla', figure: '2' });
    // Both MQLs wait untouched and nobody was touched this week: sales is the bottleneck, the
    // first fix (no figure: backlog ÷ 0 touches has no number of weeks).
    expect(d.capacity).toMatchObject({ backlog: 2, touched: 0, backlogWeeks: null, status: 'bottleneck' });
    expect(d.highlights.fixes[0]).toMatchObject({ origin: 'capacity', refId: null, figure: null });
    const offTrack = d.kpis.filter((k) => k.status === 'off_track').length;
    expect(d.summary).toEqual({ successes: 2, changes: 1, fixes: 2 + offTrack + 1 + 1 });
    // digest.json keeps the complete lists, KPI items included
    expect(d.successes.some((s) => s.origin === 'deal')).toBe(true);
  });
});
