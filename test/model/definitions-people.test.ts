import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/model/build-digest.js';
import type { DefinitionRow, NoteRow, PeopleRow } from '../../src/model/types.js';
import { crm, modelConfig, sheet } from '../helpers/records.js';

// 2026-W47 runs Monday 16 … Sunday 22 November 2026.
const def = (term: string, definition: string, from: string, owner: string | null = 'Timo'): DefinitionRow => ({ term, definition, from, owner, location: `Definitions!A${from}` });
const person = (week: string, title: string, seats: number | null = null): PeopleRow => ({ week, kind: 'shadowing', title, when: null, who: 'Jürgen', link: null, seats, location: `People!C-${title}` });
const changeNote: NoteRow = { week: '2026-W47', kind: 'change', team: 'both', author: 'Timo', title: 'Neue Preisliste', details: null, link: null, owner: null, due: null, status: 'open', location: 'Notes!E2' };

function build(definitions: DefinitionRow[], week = '2026-W47', affects: Record<string, string[]> = {}, people: PeopleRow[] = []) {
  return buildDigest({ week, config: modelConfig({ definitions: { affects } }), crm: crm({}), sheet: sheet({ definitions, people, notes: [changeNote] }), issues: [] });
}
const MQL_OLD = def('MQL', 'ab 50 Punkten', '2026-01-01');

describe('definitions: which row is in force for the week', () => {
  it.each([
    ['from = Monday of the week', '2026-11-16', true],
    ['from = Sunday of the week', '2026-11-22', true],
  ])('%s: in force and changed this week', (_, from, changed) => {
    const d = build([MQL_OLD, def('MQL', 'ab 65 Punkten', from)]);
    expect(d.definitions).toEqual([{ term: 'MQL', definition: 'ab 65 Punkten', from, owner: 'Timo', changedThisWeek: changed }]);
  });

  it('from = next Monday: not yet in force, the old one holds, nothing changed', () => {
    const d = build([MQL_OLD, def('MQL', 'ab 65 Punkten', '2026-11-23')]);
    expect(d.definitions).toEqual([{ term: 'MQL', definition: 'ab 50 Punkten', from: '2026-01-01', owner: 'Timo', changedThisWeek: false }]);
    expect(d.changes.map((c) => c.origin)).toEqual(['note']);
    // … and in the next week it is the change.
    expect(build([MQL_OLD, def('MQL', 'ab 65 Punkten', '2026-11-23')], '2026-W48').definitions[0]).toMatchObject({ definition: 'ab 65 Punkten', changedThisWeek: true });
  });

  it('from = the Sunday before the week: in force, but the change was last week', () => {
    const d = build([MQL_OLD, def('MQL', 'ab 65 Punkten', '2026-11-15')]);
    expect(d.definitions[0]).toMatchObject({ definition: 'ab 65 Punkten', changedThisWeek: false });
    expect(build([MQL_OLD, def('MQL', 'ab 65 Punkten', '2026-11-15')], '2026-W46').definitions[0]).toMatchObject({ changedThisWeek: true });
  });

  it('on equal dates the later row in the sheet wins', () => {
    const d = build([MQL_OLD, def('MQL', 'ab 60 Punkten', '2026-11-18'), def('MQL', 'ab 65 Punkten', '2026-11-18')]);
    expect(d.definitions[0]).toMatchObject({ definition: 'ab 65 Punkten', changedThisWeek: true });
  });

  it('two changes of one term in one week: the later holds, one change item', () => {
    const d = build([MQL_OLD, def('MQL', 'ab 65 Punkten', '2026-11-19'), def('MQL', 'ab 60 Punkten', '2026-11-16')]);
    expect(d.definitions).toEqual([{ term: 'MQL', definition: 'ab 65 Punkten', from: '2026-11-19', owner: 'Timo', changedThisWeek: true }]);
    expect(d.changes.filter((c) => c.origin === 'definition')).toHaveLength(1);
  });

  it('two terms changed in one week: two change items, first in the changes, in the sheet order of their changing rows', () => {
    const d = build([def('SQL', 'alt', '2026-01-01'), MQL_OLD, def('MQL', 'ab 65 Punkten', '2026-11-20', 'Anke'), def('SQL', 'Budget bestätigt', '2026-11-17')]);
    expect(d.changes).toEqual([
      { origin: 'definition', title: 'MQL: ab 65 Punkten', details: null, team: null, author: 'Anke', link: null, refId: 'MQL' },
      { origin: 'definition', title: 'SQL: Budget bestätigt', details: null, team: null, author: 'Timo', link: null, refId: 'SQL' },
      expect.objectContaining({ origin: 'note', title: 'Neue Preisliste' }),
    ]);
    // One entry per term, in the sheet order of each term's first row.
    expect(d.definitions.map((e) => e.term)).toEqual(['SQL', 'MQL']);
    // The highlights lead with them, and they count in the summary's changes.
    expect(d.highlights.changes.slice(0, 2)).toEqual([
      { origin: 'definition', title: 'MQL: ab 65 Punkten', refId: 'MQL', figure: null },
      { origin: 'definition', title: 'SQL: Budget bestätigt', refId: 'SQL', figure: null },
    ]);
    expect(d.summary.changes).toBe(3);
  });

  it("a term's first row is an introduction, not a change (no change item)", () => {
    const d = build([def('SLA', 'Erstkontakt in 24 h', '2026-11-18')]);
    expect(d.definitions).toEqual([{ term: 'SLA', definition: 'Erstkontakt in 24 h', from: '2026-11-18', owner: 'Timo', changedThisWeek: false }]);
    expect(d.changes.map((c) => c.origin)).toEqual(['note']);
  });

  it('terms match case-insensitively; the entry shows the spelling of the row in force', () => {
    const d = build([def('mql', 'ab 50 Punkten', '2026-01-01'), def(' MQL ', 'ab 65 Punkten', '2026-11-17')]);
    expect(d.definitions).toHaveLength(1);
    expect(d.definitions[0]).toMatchObject({ definition: 'ab 65 Punkten', changedThisWeek: true });
    expect(d.changes[0]).toMatchObject({ origin: 'definition', refId: 'MQL' });
  });

  it('the change shows only in its week: the week after, the definition holds without a change', () => {
    const rows = [MQL_OLD, def('MQL', 'ab 65 Punkten', '2026-11-16')];
    expect(build(rows, '2026-W46').definitions[0]).toMatchObject({ definition: 'ab 50 Punkten', changedThisWeek: false });
    expect(build(rows, '2026-W47').definitions[0]).toMatchObject({ changedThisWeek: true });
    expect(build(rows, '2026-W48').definitions[0]).toMatchObject({ definition: 'ab 65 Punkten', changedThisWeek: false });
    expect(build(rows, '2026-W48').changes.map((c) => c.origin)).toEqual([]);
  });

  it('a term only defined from a later date is not listed yet; no rows, no definitions', () => {
    expect(build([def('SLA', 'später', '2026-12-01')]).definitions).toEqual([]);
    expect(build([]).definitions).toEqual([]);
  });

  it('definitions.affects marks the affected metrics in the week of the change only (keys matched case-insensitively)', () => {
    const rows = [MQL_OLD, def('MQL', 'ab 65 Punkten', '2026-11-16')];
    const affects = { mql: ['mqls', 'mql_to_sql_rate'], SQL: ['sqls'] };
    const d = build(rows, '2026-W47', affects);
    const marked = Object.fromEntries(d.kpis.map((k) => [k.id, k.definitionChanged]));
    expect(marked).toMatchObject({ mqls: ['MQL'], mql_to_sql_rate: ['MQL'], sqls: [], leads_new: [] });
    expect(build(rows, '2026-W48', affects).kpis.every((k) => k.definitionChanged!.length === 0)).toBe(true);
  });
});

describe('people', () => {
  const rows = [
    person('2026-W46', 'letzte Woche'),
    person('2026-W48', 'nächste Woche A', 0),
    person('2026-W47', 'diese Woche A', 2),
    person('2026-W49', 'übernächste Woche'),
    person('2026-W47', 'diese Woche B'),
    person('2026-W48', 'nächste Woche B'),
  ];

  it("holds the report week's entries, then the next week's, each in sheet order; nothing else", () => {
    const d = build([], '2026-W47', {}, rows);
    expect(d.people.map((p) => p.title)).toEqual(['diese Woche A', 'diese Woche B', 'nächste Woche A', 'nächste Woche B']);
    expect(d.people[0]).toEqual({ week: '2026-W47', kind: 'shadowing', title: 'diese Woche A', when: null, who: 'Jürgen', link: null, seats: 2 });
    expect(d.people[2]!.seats).toBe(0);
  });

  it('keeps every entry of the two weeks in digest.json (the email caps at 4)', () => {
    const many = Array.from({ length: 7 }, (_, i) => person(i < 4 ? '2026-W47' : '2026-W48', `Eintrag ${i}`));
    expect(build([], '2026-W47', {}, many).people).toHaveLength(7);
  });

  it('the next week across the year end: W53 → W01', () => {
    const d = build([], '2026-W53', {}, [person('2027-W01', 'Neujahr'), person('2026-W53', 'Silvester')]);
    expect(d.people.map((p) => p.title)).toEqual(['Silvester', 'Neujahr']);
  });
});
