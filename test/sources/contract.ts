/**
 * The source contract: every adapter, run on the sample data set (served by its fake), must
 * yield what the files source yields from `data/sample/`. Sheet sources return the same
 * records (locations differ by naming: `Notes!C7` vs `notes.csv!C7`); CRM sources may return
 * only the history window, so they must produce the same digest, week after week.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest, knownMetrics } from '../../src/model/build-digest.js';
import { checkCrmRecords } from '../../src/model/crm-records.js';
import { historyWindow, sourceWindows } from '../../src/model/window.js';
import type { CrmRecords, DataIssue, Digest, SheetRecords } from '../../src/model/types.js';
import { createFilesSource } from '../../src/sources/files/index.js';
import type { CrmSource, SheetSource, SourceRequest } from '../../src/sources/types.js';
import { SAMPLE } from '../helpers/cli.js';
import { modelConfig } from '../helpers/records.js';

/** The sample's manual KPIs, as in digest.config.example.yaml. */
export const SAMPLE_MODEL_CONFIG = modelConfig({
  id: 'dach',
  exchangeRates: { CHF: 1.06, USD: 0.92 },
  kpis: [
    { id: 'event_leads', label: 'Event-Leads', unit: 'count', direction: 'higher' },
    { id: 'webinar_signups', label: 'Webinar-Anmeldungen', unit: 'count', direction: 'higher' },
    { id: 'content_published', label: 'Inhalte', unit: 'count', direction: 'higher' },
    { id: 'budget_spent', label: 'Budget', unit: 'money', direction: 'lower' },
    { id: 'demo_show_rate', label: 'Demo-Quote', unit: 'ratio', direction: 'higher' },
  ],
});

export function sampleRequest(week: string): SourceRequest {
  return { timezone: SAMPLE_MODEL_CONFIG.timezone, window: historyWindow(week, SAMPLE_MODEL_CONFIG.timezone), windows: sourceWindows(week, SAMPLE_MODEL_CONFIG.timezone), metrics: knownMetrics(SAMPLE_MODEL_CONFIG) };
}

const withoutLocation = <T extends { location?: string }>(rows: T[]) => rows.map(({ location: _, ...rest }) => rest);
const issueText = (issues: DataIssue[]) => issues.map((i) => `${i.severity} ${i.message}`).sort();

export function digestOf(week: string, crm: CrmRecords, sheet: SheetRecords): Digest {
  return buildDigest({ week, config: SAMPLE_MODEL_CONFIG, crm, sheet, issues: [] });
}

export interface Started<S> {
  source: S;
  /** Requests the adapter made so far, if its fake counts them. */
  requests?: () => number;
  close?: () => Promise<void>;
}

export function sheetSourceContract(name: string, start: () => Promise<Started<SheetSource>>): void {
  describe(`${name}: sheet source contract`, () => {
    let started: Started<SheetSource>;
    beforeAll(async () => {
      started = await start();
    });
    afterAll(async () => started?.close?.());

    it('returns the same records and issues as the files source on the sample data', async () => {
      const request = sampleRequest('2026-W47');
      const expected = await createFilesSource({ path: SAMPLE }).readSheet(request);
      const actual = await started.source.readSheet(request);
      for (const tab of ['kpis', 'targets', 'notes', 'voice', 'definitions', 'people', 'forecast'] as const) {
        expect(withoutLocation(actual.records[tab] as { location?: string }[]), tab).toEqual(withoutLocation(expected.records[tab] as { location?: string }[]));
      }
      expect(issueText(actual.issues)).toEqual(issueText(expected.issues));
    });

    it('yields the same definitions and people in the digest as the files source, and both are in the sample', async () => {
      const request = sampleRequest('2026-W47');
      const files = createFilesSource({ path: SAMPLE });
      const crm = (await files.readCrm(request)).records;
      const expected = digestOf('2026-W47', crm, (await files.readSheet(request)).records);
      const actual = digestOf('2026-W47', crm, (await started.source.readSheet(request)).records);
      expect(actual.definitions).toEqual(expected.definitions);
      expect(actual.people).toEqual(expected.people);
      expect(actual.changes.filter((c) => c.origin === 'definition')).toEqual(expected.changes.filter((c) => c.origin === 'definition'));
      expect(actual.definitions.some((d) => d.changedThisWeek)).toBe(true);
      expect(new Set(actual.people.map((p) => p.week))).toEqual(new Set(['2026-W47', '2026-W48']));
    });
  });
}

export function crmSourceContract(name: string, start: () => Promise<Started<CrmSource>>): void {
  describe(`${name}: CRM source contract`, () => {
    let started: Started<CrmSource>;
    let sheet: SheetRecords;
    beforeAll(async () => {
      started = await start();
      sheet = (await createFilesSource({ path: SAMPLE }).readSheet(sampleRequest('2026-W47'))).records;
    });
    afterAll(async () => started?.close?.());

    it.each(['2026-W47', '2026-W45', '2026-W43'])('yields the same digest as the files source for %s', async (week) => {
      const request = sampleRequest(week);
      // As the pipeline does: every source's records pass the same checks before the model.
      const expected = checkCrmRecords(await createFilesSource({ path: SAMPLE }).readCrm(request));
      const actual = checkCrmRecords(await started.source.readCrm(request));
      const { dataIssues: expectedIssues, ...expectedDigest } = digestOf(week, expected.records, sheet);
      const { dataIssues: actualIssues, ...actualDigest } = digestOf(week, actual.records, sheet);
      expect(actualDigest).toEqual(expectedDigest);
      expect(issueText([...actual.issues, ...actualIssues])).toEqual(issueText([...expected.issues, ...expectedIssues]));
      // The planning blocks are compared above; they must be there to compare.
      for (const block of ['capacity', 'topics', 'quality'] as const) expect(actualDigest[block], block).not.toBeNull();
      if (week === '2026-W47') expect(actualDigest.planning?.need.leads_new).toBeGreaterThan(0);
    });
  });
}

/** The four sheet tabs as CSV text; a missing key is a missing tab (or file). */
export type SheetCsv = Partial<Record<'kpis' | 'targets' | 'notes' | 'voice', string>>;

/** The same bad rows for every adapter: each line is one kind of bad input people make. */
export const BAD_SHEET: Required<SheetCsv> = {
  kpis: [
    'week,metric,value,target',
    '2026-W47,event_leads,14,12',
    '2026-W47,no_such_metric,3,',
    '2026-W47,webinar_signups,zwölf,',
    '2026-W47,content_published,-2,-1',
    '2026-W47,budget_spent,1e309,',
    '2026-W46,event_leads,9,-5',
    '2026-W46,event_leads,10,',
    'KW 60/2026,event_leads,1,',
  ].join('\n'),
  targets: [
    'metric,period,from,target',
    'sqls,month,2026-11-01,60',
    'demo_show_rate,month,2026-11-01,0.5',
    'event_leads,week,gestern,12',
    'event_leads,week,2026-11-02,-12',
  ].join('\n'),
  notes: [
    'week,kind,team,author,title,details,link,owner,due,status',
    '2026-W47,success,marketing,Anke,Messe: 40 Leads,,https://example.com/messe,,,',
    '2026-W47,Erfog,sales,Jörg,Typo in the kind,,,,,',
    '2026-W47,fix,sales,Jörg,\u200B\u200B,,,,,',
    '2026-W47,change,both,Anke,Preis \u202Eneu\u202C,,javascript:alert(1),,,',
    '2026-W47,fix,sales,Jörg,Due date typo,,,Jörg,31.02.2026,open',
  ].join('\n'),
  voice: [
    'week,topic,quote,author,source,quote',
    '2026-W47,Pricing,Too expensive per seat.,Jörg,call,ignored second quote',
    '2026-W47,Integration,,Anke,meeting,',
  ].join('\n'),
};

/**
 * What every sheet adapter must report for BAD_SHEET: severity, location (tab named as
 * `kpis`, `notes`, …, whatever the adapter calls the tab or file) and the message.
 */
export const BAD_SHEET_ISSUES = [
  'error kpis!B3: unknown metric "no_such_metric" (declare it under kpis in the config); the row is skipped',
  'error kpis!C4: "zwölf" is not a number; the row is skipped',
  'error kpis!C5: -2 is negative, which a count cannot be; the row is skipped',
  'warning kpis!D5: target -1 is negative; the cell is ignored',
  'error kpis!C6: "1e309" is not a finite number; the row is skipped',
  'warning kpis!D7: target -5 is negative; the cell is ignored',
  'warning kpis!C8: duplicate value for event_leads in 2026-W46 (also at kpis!C7); this later row is used',
  'error kpis!A9: "KW 60/2026" names a week that year does not have; the row is skipped',
  'error targets!B3: a monthly target needs a count or money metric; "demo_show_rate" is a ratio; the row is skipped',
  'error targets!C4: "gestern" is not a date (use 2026-11-18 or 18.11.2026); the row is skipped',
  'error targets!D5: target -12 is negative; the row is skipped',
  'error notes!B3: unknown kind "Erfog" (use success, change, fix); the row is skipped',
  'error notes!E4: missing title; the row is skipped',
  'warning notes!E5: invisible text-direction characters (bidi controls) removed; they could make the text read differently',
  'warning notes!G5: link "javascript:alert(1)" is not allowed (only https:, http: and mailto: links); the cell is ignored',
  'warning notes!I6: "31.02.2026" is not a valid date; the cell is ignored',
  'warning voice!F1: column "quote" appears twice (C and F); column C is read and column F is ignored: rename or delete one of them',
  'error voice!C3: missing quote; the row is skipped',
];

/** `kpis.csv!C3` and `KPIs!C3` both as `kpis!C3`; a whole file or tab as `kpis`. */
export function normalizeLocation(text: string): string {
  return text.replace(/\b([A-Za-z]+)(?:\.csv)?(?=!|$)/g, (name) => name.replace(/\.csv$/, '').toLowerCase());
}
const located = (issues: DataIssue[]) => issues.map((i) => `${i.severity} ${normalizeLocation(i.location)}: ${i.message.replace(/\b([A-Za-z]+)(?:\.csv)?!/g, (_, tab: string) => `${tab.toLowerCase()}!`)}`);

/**
 * The failure contract: for the same bad rows every adapter reports the same issues (message
 * and location, modulo the tab's name), keeps the good rows, and fails the same way when a tab
 * (or file) is missing and when all are.
 */
export function sheetFailureContract(name: string, open: (csv: SheetCsv) => Promise<Started<SheetSource>>): void {
  describe(`${name}: sheet source failure contract`, () => {
    const opened: Started<SheetSource>[] = [];
    const start = async (csv: SheetCsv) => {
      const s = await open(csv);
      opened.push(s);
      return s.source;
    };
    afterAll(async () => Promise.all(opened.map((s) => s.close?.())));

    it('reports every bad row at its tab, row and column with the agreed message; the good rows are kept', async () => {
      const { records, issues } = await (await start(BAD_SHEET)).readSheet(sampleRequest('2026-W47'));
      expect(located(issues).filter((l) => !/^warning notes!C\d|no author given/.test(l)).sort()).toEqual([...BAD_SHEET_ISSUES].sort());
      expect(records.kpis.map((k) => [k.week, k.metric, k.value, k.target])).toEqual([
        ['2026-W47', 'event_leads', 14, 12],
        ['2026-W46', 'event_leads', 10, null],
      ]);
      expect(records.targets.map((t) => [t.metric, t.period, t.target])).toEqual([['sqls', 'month', 60]]);
      expect(records.notes.map((n) => [n.title, n.link, n.due])).toEqual([
        ['Messe: 40 Leads', 'https://example.com/messe', null],
        ['Preis neu', null, null],
        ['Due date typo', null, null],
      ]);
      expect(records.voice.map((v) => v.quote)).toEqual(['Too expensive per seat.']);
    });

    it('a missing tab is one incomplete error naming it; the other tabs are read', async () => {
      const { notes: _, ...withoutNotes } = BAD_SHEET;
      const { records, issues } = await (await start(withoutNotes)).readSheet(sampleRequest('2026-W47'));
      const missing = issues.filter((i) => i.incomplete);
      expect(missing).toHaveLength(1);
      expect(missing[0]).toMatchObject({ severity: 'error', incomplete: true });
      expect(normalizeLocation(missing[0]!.location)).toBe('notes');
      expect(missing[0]!.message).toMatch(/; the notes are missing from this digest$/);
      expect(records.notes).toEqual([]);
      expect(records.kpis).toHaveLength(2);
      expect(records.voice).toHaveLength(1);
    });

    it('none of the tabs: a data error (SOURCE_FAILED) naming what it looked for', async () => {
      const error = await (await start({})).readSheet(sampleRequest('2026-W47')).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'data', code: 'SOURCE_FAILED' });
      expect((error as Error).message).toMatch(/kpis.*targets.*notes.*voice/i);
    });
  });
}
