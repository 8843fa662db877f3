import { describe, expect, it } from 'vitest';
import { csvToTab } from '../../src/sources/files/index.js';
import { parseSheetTabs } from '../../src/sources/sheet/tabs.js';
import type { DataIssue, Unit } from '../../src/model/types.js';
import { TZ } from '../helpers/records.js';

const metrics = new Map<string, Unit>([['sqls', 'count'], ['event_leads', 'count'], ['win_rate', 'ratio'], ['budget_spent', 'money']]);

function parse(files: { kpis?: string; targets?: string; notes?: string; voice?: string }) {
  const issues: DataIssue[] = [];
  const tabs = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, csvToTab(`${k[0]!.toUpperCase()}${k.slice(1)}`, v, issues)]));
  const result = parseSheetTabs(tabs, { timezone: TZ, decimalStyle: 'point', metrics, source: 'sheet' });
  return { ...result.records, issues: [...issues, ...result.issues] };
}
const located = (issues: DataIssue[]) => issues.map((i) => `${i.location}: ${i.message}`);

describe('notes tab', () => {
  const csv = [
    'Woche,Art,Team,Autor,Titel,Beschreibung,Link,Verantwortlich,Fällig,Status',
    'KW 47/2026,Erfolg,Marketing,Anke,Messe: 40 Leads,"Zeile 1\nZeile 2",https://example.com/x,,,',
    '2026-W47,Erfog,Vertrieb,Jörg,Tippfehler,,,,,',
    '2026-W47,Baustelle,Beide,Jörg,Routing,,javascript:alert(1),Jörg,30.11.2026,offen',
    '2026-W47,change,,,,,,,,',
    '2026-W47,Nachbesserung,Sales,Jörg,Fällig kaputt,,,,morgen,erledigt',
    ',,,,,,,,,',
    '#REF!,Erfolg,Marketing,Anke,Kaputte Woche,,,,,',
    '2026-W47,Änderung,Vertriebsteam,Kai,Neues CRM-Feld',
  ].join('\n');
  const r = parse({ notes: csv });

  it('reads good rows with German headers and words, in any column order', () => {
    expect(r.notes.map((n) => [n.kind, n.team, n.title, n.status])).toEqual([
      ['success', 'marketing', 'Messe: 40 Leads', 'open'],
      ['fix', 'both', 'Routing', 'open'],
      ['fix', 'sales', 'Fällig kaputt', 'done'],
      ['change', 'both', 'Neues CRM-Feld', 'open'],
    ]);
    expect(r.notes[0]!.details).toBe('Zeile 1\nZeile 2');
    expect(r.notes[1]).toMatchObject({ owner: 'Jörg', due: '2026-11-30', link: null });
  });

  it('names tab, row and column for every bad cell', () => {
    expect(located(r.issues)).toEqual([
      'Notes!B3: unknown kind "Erfog" (use success, change, fix); the row is skipped',
      'Notes!G4: link "javascript:alert(1)" is not allowed (only https:, http: and mailto: links); the cell is ignored',
      'Notes!C5: no team given; counted as both teams',
      'Notes!E5: missing title; the row is skipped',
      'Notes!I6: "morgen" is not a date (use 2026-11-18 or 18.11.2026); the cell is ignored',
      'Notes!A8: error cell #REF!; the row is skipped',
      'Notes!C9: unknown team "Vertriebsteam" (use marketing, sales, both); the cell is ignored',
    ]);
  });
});

describe('KPIs and targets tabs', () => {
  it('reads values, flags unknown metrics, text in number columns and duplicates (the later row wins)', () => {
    const r = parse({
      kpis: ['metric,week,value,target,comment', 'event_leads,2026-W47,12,15,ok', 'event_leads,KW47 2026,14', 'webinars,2026-W47,3', 'budget_spent,2026-W47,zwölf', 'budget_spent,2026-W47,#DIV/0!', 'sqls,2026-W47,12'].join('\n'),
    });
    expect(r.kpis).toEqual([{ week: '2026-W47', metric: 'event_leads', value: 14, target: null, location: 'Kpis!C3' }]);
    expect(located(r.issues)).toEqual([
      'Kpis!A4: unknown metric "webinars" (declare it under kpis in the config); the row is skipped',
      'Kpis!C5: "zwölf" is not a number; the row is skipped',
      'Kpis!C6: error cell #DIV/0!; the row is skipped',
      'Kpis!A7: "sqls" is computed from the CRM; put its targets into the Targets tab; the row is skipped',
      'Kpis!C3: duplicate value for event_leads in 2026-W47 (also at Kpis!C2); this later row is used',
    ]);
  });

  it('refuses monthly targets on ratios, unknown periods and unknown metrics', () => {
    const r = parse({
      targets: ['Metrik,Zeitraum,Gültig ab,Ziel', 'sqls,Woche,2026-11-01,15', 'sqls,Monat,01.11.2026,60', 'win_rate,month,2026-11-01,0.3', 'sqls,quarter,2026-11-01,100', 'mqls,week,2026-11-01,40'].join('\n'),
    });
    expect(r.targets.map((t) => [t.metric, t.period, t.from, t.target])).toEqual([
      ['sqls', 'week', '2026-11-01', 15],
      ['sqls', 'month', '2026-11-01', 60],
    ]);
    expect(located(r.issues)).toEqual([
      'Targets!B4: a monthly target needs a count or money metric; "win_rate" is a ratio; the row is skipped',
      'Targets!B5: unknown period "quarter" (use week, month); the row is skipped',
      'Targets!A6: unknown metric "mqls" (declare it under kpis in the config); the row is skipped',
    ]);
  });

  it('reports a missing required column once and keeps the other tabs', () => {
    const r = parse({ kpis: 'week,metric\n2026-W47,sqls', voice: 'Woche,Thema,Zitat,Autor,Quelle\n2026-W47,Preise,"Zu teuer, sagt der Kunde",Kim,call' });
    expect(r.kpis).toEqual([]);
    expect(r.voice).toHaveLength(1);
    expect(r.voice[0]!.quote).toBe('Zu teuer, sagt der Kunde');
    expect(located(r.issues)[0]).toMatch(/^Kpis!1: missing column "value"/);
  });

  it('cuts over-long text with a warning', () => {
    const r = parse({ voice: `week,topic,quote,author\n2026-W47,Preise,${'x'.repeat(1200)},Kim` });
    expect(r.voice[0]!.quote).toHaveLength(1000);
    expect(located(r.issues)).toEqual(['Voice!C2: text is 1200 characters long; cut to 1000']);
  });
});
