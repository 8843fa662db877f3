import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFilesSource, csvToTab } from '../../src/sources/files/index.js';
import { parseSheetTabs } from '../../src/sources/sheet/tabs.js';
import type { DataIssue, Unit } from '../../src/model/types.js';
import { TZ } from '../helpers/records.js';

const metrics = new Map<string, Unit>([['sqls', 'count'], ['event_leads', 'count']]);

function parse(files: { definitions?: string; people?: string }) {
  const issues: DataIssue[] = [];
  const names = { definitions: 'Definitions', people: 'People' } as const;
  const tabs = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, csvToTab(names[k as keyof typeof names], v, issues)]));
  const result = parseSheetTabs(tabs, { timezone: TZ, decimalStyle: 'point', metrics, source: 'sheet' });
  return { ...result.records, issues: [...issues, ...result.issues] };
}
const located = (issues: DataIssue[]) => issues.map((i) => `${i.severity} ${i.location}: ${i.message}`);

describe('Definitions tab', () => {
  it('reads the German headers (Begriff, Definition, ab, Verantwortlich) in any order; dates as 2026-11-16 or 16.11.2026', () => {
    const r = parse({ definitions: 'Verantwortlich,ab,Begriff,Definition\nTimo,16.11.2026,MQL,ab 65 Punkten\n,2026-01-01,SQL,"Budget, Bedarf, Zeitplan"' });
    expect(r.definitions).toEqual([
      { term: 'MQL', definition: 'ab 65 Punkten', from: '2026-11-16', owner: 'Timo', location: 'Definitions!C2' },
      { term: 'SQL', definition: 'Budget, Bedarf, Zeitplan', from: '2026-01-01', owner: null, location: 'Definitions!C3' },
    ]);
    expect(r.issues).toEqual([]);
  });

  it('English headers work too', () => {
    expect(parse({ definitions: 'term,definition,from,owner\nSLA,24 h,2026-09-01,Leonie' }).definitions).toHaveLength(1);
  });

  it('bad rows are located data issues; the good rows are kept', () => {
    const r = parse({ definitions: ['Begriff,Definition,ab,Verantwortlich', 'MQL,ab 65,morgen,Timo', ',ohne Begriff,2026-11-16,', 'SQL,,2026-11-16,', 'SLA,24 h,2026-09-01,'].join('\n') });
    expect(r.definitions.map((d) => d.term)).toEqual(['SLA']);
    expect(located(r.issues)).toEqual([
      'error Definitions!C2: "morgen" is not a date (use 2026-11-18 or 18.11.2026); the row is skipped',
      'error Definitions!A3: missing term; the row is skipped',
      'error Definitions!B4: missing definition; the row is skipped',
    ]);
  });

  it('a missing required column leaves the section out (a located error) but does not make the digest incomplete', () => {
    const r = parse({ definitions: 'Begriff,Definition\nMQL,ab 65', people: 'Woche,Titel\n2026-W47,Mittagessen' });
    expect(r.definitions).toEqual([]);
    expect(r.people).toEqual([]);
    expect(r.issues).toEqual([
      { source: 'sheet', location: 'Definitions!1', severity: 'error', message: expect.stringContaining('missing column "from"') },
      { source: 'sheet', location: 'People!1', severity: 'error', message: expect.stringContaining('missing column "kind"') },
    ]);
  });

  it('an empty tab is like a missing one: no rows, no issue', () => {
    const r = parse({ definitions: '', people: ',,,\n,,,' });
    expect([r.definitions, r.people, r.issues]).toEqual([[], [], []]);
  });
});

describe('People tab', () => {
  const header = 'Woche,Art,Titel,wann,wer,Link,Plätze';

  it('reads the German headers and the kind aliases', () => {
    const kinds = ['Hospitation', 'Mitlaufen', 'Mittagessen', 'Essen', 'Neu', 'Willkommen', 'Sonstiges', 'shadowing', 'LUNCH', 'welcome', 'other'];
    const r = parse({ people: [header, ...kinds.map((k) => `2026-W47,${k},Titel ${k},,,,`)].join('\n') });
    expect(r.people.map((p) => p.kind)).toEqual(['shadowing', 'shadowing', 'lunch', 'lunch', 'welcome', 'welcome', 'other', 'shadowing', 'lunch', 'welcome', 'other']);
    expect(r.issues).toEqual([]);
  });

  it('a whole row: week forms, a date or free text in when, who, link, seats', () => {
    const r = parse({ people: [header, 'KW 47/2026,Hospitation,Kundentermin begleiten,19.11.2026,Jürgen,https://example.com/slot,2', '2026-11-20,Essen,Mittagessen,"Freitag, 12:30",,,0'].join('\n') });
    expect(r.people).toEqual([
      { week: '2026-W47', kind: 'shadowing', title: 'Kundentermin begleiten', when: '2026-11-19', who: 'Jürgen', link: 'https://example.com/slot', seats: 2, location: 'People!C2' },
      { week: '2026-W47', kind: 'lunch', title: 'Mittagessen', when: 'Freitag, 12:30', who: null, link: null, seats: 0, location: 'People!C3' },
    ]);
  });

  it('seats that are not a whole number ≥ 0 are a data issue; the entry stays with seats null', () => {
    const r = parse({ people: [header, '2026-W47,Hospitation,A,,,,-1', '2026-W47,Hospitation,B,,,,1.5', '2026-W47,Hospitation,C,,,,zwei', '2026-W47,Hospitation,D,,,,3'].join('\n') });
    expect(r.people.map((p) => [p.title, p.seats])).toEqual([['A', null], ['B', null], ['C', null], ['D', 3]]);
    expect(located(r.issues)).toEqual([
      'warning People!G2: seats "-1" is not a whole number of free seats (0 or more; 0 = booked out); the cell is ignored',
      'warning People!G3: seats "1.5" is not a whole number of free seats (0 or more; 0 = booked out); the cell is ignored',
      'warning People!G4: seats "zwei" is not a whole number of free seats (0 or more; 0 = booked out); the cell is ignored',
    ]);
  });

  it('bad rows are located: unknown kind, bad week, missing title; a link that is not https/http/mailto is dropped with a warning', () => {
    const r = parse({ people: [header, '2026-W47,Kaffeeklatsch,A,,,,', 'nächste Woche,Neu,B,,,,', '2026-W47,Neu,,,,,', '2026-W47,Neu,D,,,javascript:alert(1),'].join('\n') });
    expect(r.people.map((p) => [p.title, p.link])).toEqual([['D', null]]);
    expect(located(r.issues)).toEqual([
      'error People!B2: unknown kind "Kaffeeklatsch" (use shadowing, lunch, welcome, other); the row is skipped',
      'error People!A3: "nächste Woche" is not a week (use 2026-W47, KW 47/2026 or a date in the week); the row is skipped',
      'error People!C4: missing title; the row is skipped',
      'warning People!F5: link "javascript:alert(1)" is not allowed (only https:, http: and mailto: links); the cell is ignored',
    ]);
  });
});

describe('files source: definitions.csv and people.csv are optional', () => {
  const base = {
    'kpis.csv': 'week,metric,value\n2026-W47,event_leads,3',
    'targets.csv': 'metric,period,from,target',
    'notes.csv': 'week,kind,team,author,title',
    'voice.csv': 'week,topic,quote,author',
  };
  const request = { timezone: TZ, window: { startMs: 0, endMs: Date.parse('2030-01-01') }, metrics };
  async function folder(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'digest-optional-'));
    await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(dir, name), text)));
    return dir;
  }

  it('without them: no rows and no issue at all (the digest is not incomplete)', async () => {
    const { records, issues } = await createFilesSource({ path: await folder(base) }).readSheet(request);
    expect(records.definitions).toEqual([]);
    expect(records.people).toEqual([]);
    expect(issues).toEqual([]);
  });

  it('with them: read like the other tabs, issues located in the file', async () => {
    const dir = await folder({ ...base, 'definitions.csv': 'Begriff;Definition;ab\nMQL;ab 65;16.11.2026', 'people.csv': 'Woche,Art,Titel,Plätze\n2026-W47,Neu,Willkommen Lena,x' });
    const { records, issues } = await createFilesSource({ path: dir }).readSheet(request);
    expect(records.definitions).toEqual([{ term: 'MQL', definition: 'ab 65', from: '2026-11-16', owner: null, location: 'definitions.csv!A2' }]);
    expect(records.people.map((p) => [p.title, p.seats])).toEqual([['Willkommen Lena', null]]);
    expect(located(issues)).toEqual(['warning people.csv!D2: seats "x" is not a whole number of free seats (0 or more; 0 = booked out); the cell is ignored']);
  });
});
