import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/model/build-digest.js';
import type { NoteRow, VoiceRow } from '../../src/model/types.js';
import { crm, deal, modelConfig, sheet } from '../helpers/records.js';

const note = (week: string, kind: NoteRow['kind'], title: string, status: NoteRow['status'] = 'open'): NoteRow => ({
  week, kind, team: 'both', author: 'Anke', title, details: null, link: null, owner: 'Jörg', due: '2026-11-30', status, location: '',
});
const voice = (topic: string, quote: string): VoiceRow => ({ week: '2026-W47', topic, quote, author: 'Kim', source: 'call', location: '' });

function build(notes: NoteRow[], voiceRows: VoiceRow[] = [], carryOverWeeks = 8) {
  return buildDigest({ week: '2026-W47', config: modelConfig({ carryOverWeeks }), crm: crm({}), sheet: sheet({ notes, voice: voiceRows }), issues: [] });
}

describe('notes', () => {
  it('sorts this week\'s notes into successes, changes and fixes', () => {
    const d = build([note('2026-W47', 'success', 'Messe Hannover: 40 Leads'), note('2026-W47', 'change', 'Neue Preisliste'), note('2026-W47', 'fix', 'Lead-Routing kaputt'), note('2026-W46', 'success', 'alt')]);
    expect(d.successes.map((s) => s.title)).toEqual(['Messe Hannover: 40 Leads']);
    expect(d.changes.map((s) => s.title)).toEqual(['Neue Preisliste']);
    expect(d.fixes).toEqual([expect.objectContaining({ title: 'Lead-Routing kaputt', owner: 'Jörg', due: '2026-11-30', openSince: null, origin: 'note' })]);
  });

  it('carries open fixes from W−8 … W−1, oldest first; done fixes and older ones never carry', () => {
    const d = build([
      note('2026-W45', 'fix', 'W45 offen'),
      note('2026-W39', 'fix', 'W39 offen (W−8)'),
      note('2026-W38', 'fix', 'W38 offen (W−9)'),
      note('2026-W44', 'fix', 'W44 erledigt', 'done'),
      note('2026-W48', 'fix', 'nächste Woche'),
      note('2026-W47', 'fix', 'diese Woche erledigt', 'done'),
    ]);
    expect(d.fixes.map((f) => [f.title, f.openSince, f.status])).toEqual([
      ['diese Woche erledigt', null, 'done'],
      ['W39 offen (W−8)', '2026-W39', 'open'],
      ['W45 offen', '2026-W45', 'open'],
    ]);
  });

  it('the carry-over span is configurable', () => {
    const d = build([note('2026-W45', 'fix', 'W45'), note('2026-W46', 'fix', 'W46')], [], 1);
    expect(d.fixes.map((f) => f.title)).toEqual(['W46']);
  });
});

describe('won deals and voice', () => {
  it('won deals are successes, largest first, credited to owner and source', () => {
    const d = buildDigest({
      week: '2026-W47', config: modelConfig(), sheet: sheet({}), issues: [],
      crm: crm({
        owners: [{ id: '7', name: 'Björn Krüger', email: null }],
        deals: [
          deal({ name: 'Klein', amount: 1000, created: '2026-11-01 10:00', closed: '2026-11-17 10:00', stageId: 'won', ownerId: '7', source: 'REFERRALS' }),
          deal({ name: 'Groß', amount: 50000, created: '2026-11-01 10:00', closed: '2026-11-18 10:00', stageId: 'won', ownerId: '7', source: 'ORGANIC_SEARCH' }),
        ],
      }),
    });
    const deals = d.successes.filter((s) => s.origin === 'deal');
    expect(deals.map((s) => [s.title, s.author, s.team])).toEqual([['Groß', 'Björn Krüger', 'sales'], ['Klein', 'Björn Krüger', 'sales']]);
    expect(deals[0]!.details).toContain('ORGANIC_SEARCH');
    expect(d.wins[0]).toMatchObject({ name: 'Groß', owner: 'Björn Krüger', source: 'ORGANIC_SEARCH', closedAt: '2026-11-18T10:00:00.000+01:00' });
  });

  it('groups this week\'s quotes by topic, largest group first', () => {
    const d = build([], [voice('Preise', 'Zu teuer'), voice('SAP', 'Wann kommt SAP?'), voice('SAP', 'SAP-Export fehlt'), { ...voice('Alt', 'x'), week: '2026-W46' }]);
    expect(d.voice).toEqual([
      { topic: 'SAP', quotes: [{ quote: 'Wann kommt SAP?', author: 'Kim', source: 'call' }, { quote: 'SAP-Export fehlt', author: 'Kim', source: 'call' }] },
      { topic: 'Preise', quotes: [{ quote: 'Zu teuer', author: 'Kim', source: 'call' }] },
    ]);
  });

  it('has the SPEC\'s shape', () => {
    const d = build([]);
    expect(Object.keys(d)).toEqual(expect.arrayContaining(['digestId', 'week', 'locale', 'currency', 'period', 'kpis', 'funnel', 'successes', 'changes', 'fixes', 'wins', 'sources', 'slaBreachesByOwner', 'voice', 'dataIssues']));
    expect(d.period).toEqual({ start: '2026-11-16T00:00:00.000+01:00', end: '2026-11-23T00:00:00.000+01:00', timezone: 'Europe/Berlin' });
    expect(d.kpis).toHaveLength(13);
    for (const k of d.kpis) expect(k.trend).toHaveLength(8);
  });
});
