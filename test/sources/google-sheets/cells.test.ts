import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auth, sheets } from '@googleapis/sheets';
import type { DataIssue } from '../../../src/model/types.js';
import { serialOf, type FakeCell } from '../../fakes/google-sheets/cells.js';
import { startFakeSheets, type FakeSheetsApi } from '../../fakes/google-sheets/server.js';
import { sampleRequest } from '../contract.js';
import { SHEET_ID, TOKEN, tokenSource } from './helpers.js';

const d = (date: string): FakeCell => ({ date });
const located = (issues: DataIssue[]) => issues.map((i) => `${i.location} ${i.severity}: ${i.message}`);
const request = sampleRequest('2026-W47');
const LONG = 'x'.repeat(205);

// Columns in a different order, German and English headers, an extra column; rows of uneven
// length (the API drops trailing empty cells); numbers, booleans and dates as the API sends them.
const TABS = [
  { title: 'KPIs', cells: [
    ['Kennzahl', 'Kommentar', 'KW', 'Ist', 'Soll'],
    ['event_leads', 'Messe', 'KW 47/2026', 12, 15],
    ['webinar_signups', null, d('2026-11-18'), 40],
    ['webinar_signups', null, '2026-W47', 'zwölf'],
    ['budget_spent', null, '2026-W47', '#DIV/0!'],
    ['webinars', null, '2026-W47', 3],
    ['content_published', null, 47, 2],
    ['demo_show_rate', null, '2026-W47', '62,5 %'],
  ] },
  { title: 'Targets', cells: [
    ['Metrik', 'Zeitraum', 'gültig ab', 'Ziel'],
    ['sqls', 'Monat', d('2026-11-01'), 60],
    ['win_rate', 'monthly', d('2026-11-01'), 0.3],
    ['mqls', 'week', 2026, 20],
    ['mqls', 'week', d('2026-11-02'), -1],
  ] },
  { title: "Team's Notes", cells: [
    ['Woche', 'Art', 'Bereich', 'Autor', 'Titel', 'Beschreibung', 'Link', 'Verantwortlich', 'Fällig', 'Erledigt'],
    ['2026-W47', 'Erfolg', 'Marketing', 'Anke', 'Messe: 40 Leads', null, 'https://example.com/messe'],
    ['2026-W47', 'Erfog', 'Vertrieb', 'Jörg', 'Tippfehler'],
    ['2026-W47', 'Baustelle', 'Beide', 'Jörg', 'Routing', null, 'javascript:alert(1)', 'Jörg', d('2026-11-30'), false],
    ['2026-W47', 'fix', 'sales', 'Kai', 'Erledigt per Häkchen', null, 'ftp://files.example.com/x', null, 46,  true],
    ['#REF!', 'Erfolg', 'Marketing', 'Anke', 'Kaputte Woche'],
    [],
    ['2026-W47', 'change', 'Vertriebsteam', 'Kai', LONG, null, 'mailto:kai@example.com'],
    ['2026-W47', 'success', 'sales'],
  ] },
  { title: 'Voice', cells: [
    ['Woche', 'Thema', 'Zitat', 'notiert von', 'Kanal'],
    ['2026-W47', 'Preise', 'Zu teuer pro Nutzer.', 'Sören', 'call'],
    ['2026-W47', 'SAP', 'Läuft das mit SAP ECC?'],
    ['2026-W47', null, 'Ohne Thema'],
  ] },
];

describe('google-sheets: cells as the API sends them, each problem at its A1 location', () => {
  let fake: FakeSheetsApi;
  beforeAll(async () => {
    fake = await startFakeSheets();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.spreadsheets.set(SHEET_ID, { tabs: TABS }));

  it('reads good rows: header aliases in any order, uneven rows, serial dates, numbers, checkbox status', async () => {
    const { records } = await tokenSource(fake, { tabs: { notes: "Team's Notes" } }).readSheet(request);
    expect(records.kpis).toEqual([
      { week: '2026-W47', metric: 'event_leads', value: 12, target: 15, location: 'KPIs!D2' },
      { week: '2026-W47', metric: 'webinar_signups', value: 40, target: null, location: 'KPIs!D3' },
      { week: '2026-W47', metric: 'demo_show_rate', value: 0.625, target: null, location: 'KPIs!D8' },
    ]);
    expect(records.targets).toEqual([{ metric: 'sqls', period: 'month', from: '2026-11-01', target: 60, location: 'Targets!A2' }]);
    expect(records.notes.map((n) => [n.kind, n.team, n.title.length, n.link, n.due, n.status, n.location])).toEqual([
      ['success', 'marketing', 15, 'https://example.com/messe', null, 'open', "'Team''s Notes'!E2"],
      ['fix', 'both', 7, null, '2026-11-30', 'open', "'Team''s Notes'!E4"],
      ['fix', 'sales', 20, null, null, 'done', "'Team''s Notes'!E5"],
      ['change', 'both', 200, 'mailto:kai@example.com', null, 'open', "'Team''s Notes'!E8"],
    ]);
    expect(records.voice.map((v) => [v.topic, v.author])).toEqual([['Preise', 'Sören'], ['SAP', null]]);
  });

  it('reports every bad cell with tab, column and row', async () => {
    const { issues } = await tokenSource(fake, { tabs: { notes: "Team's Notes" } }).readSheet(request);
    expect(located(issues)).toEqual([
      'KPIs!D4 error: "zwölf" is not a number; the row is skipped',
      'KPIs!D5 error: error cell #DIV/0!; the row is skipped',
      'KPIs!A6 error: unknown metric "webinars" (declare it under kpis in the config); the row is skipped',
      'KPIs!C7 error: 47 is a week number without a year (use 2026-W47 or KW 47/2026); the row is skipped',
      'Targets!B3 error: a monthly target needs a count or money metric; "win_rate" is a ratio; the row is skipped',
      'Targets!C4 error: 2026 is a number, not a date (enter a date such as 18.11.2026); the row is skipped',
      'Targets!D5 error: target -1 is negative; the row is skipped',
      `'Team''s Notes'!B3 error: unknown kind "Erfog" (use success, change, fix); the row is skipped`,
      `'Team''s Notes'!G4 warning: link "javascript:alert(1)" is not allowed (only https:, http: and mailto: links); the cell is ignored`,
      `'Team''s Notes'!G5 warning: link "ftp://files.example.com/x" is not allowed (only https:, http: and mailto: links); the cell is ignored`,
      `'Team''s Notes'!I5 warning: 46 is a number, not a date (enter a date such as 18.11.2026); the cell is ignored`,
      `'Team''s Notes'!A6 error: error cell #REF!; the row is skipped`,
      `'Team''s Notes'!C8 warning: unknown team "Vertriebsteam" (use marketing, sales, both); the cell is ignored`,
      `'Team''s Notes'!E8 warning: text is 205 characters long; cut to 200`,
      `'Team''s Notes'!E9 error: missing title; the row is skipped`,
      'Voice!D3 warning: no author given',
      'Voice!B4 error: missing topic; the row is skipped',
      'Voice!D4 warning: no author given',
    ]);
  });

  it('a missing required header makes that tab unreadable with one issue; the other tabs are still read', async () => {
    fake.spreadsheets.set(SHEET_ID, { tabs: [...TABS.filter((t) => t.title !== 'Voice'), { title: 'Voice', cells: [['Woche', 'Zitat'], ['2026-W47', 'x']] }] });
    const { records, issues } = await tokenSource(fake, { tabs: { notes: "Team's Notes" } }).readSheet(request);
    expect(records.voice).toEqual([]);
    expect(records.kpis).toHaveLength(3);
    expect(located(issues).filter((l) => l.startsWith('Voice'))).toEqual([
      'Voice!1 error: missing column "topic" (also accepted: thema, themen); found: "Woche", "Zitat"',
    ]);
  });

  it('the fake answers like the API: trailing blanks omitted, serial dates, German FORMATTED_VALUE, no values for an empty range', async () => {
    fake.spreadsheets.set(SHEET_ID, { tabs: [{ title: 'T', cells: [['a', null, 'c', null, null], [1234.5, d('2026-11-18'), true], [null, null], []] }, { title: 'Leer', cells: [] }] });
    fake.tokens.set(TOKEN, 'lead@example.com');
    const client = new auth.OAuth2();
    client.setCredentials({ access_token: TOKEN });
    const api = sheets({ version: 'v4', rootUrl: fake.url, auth: client });
    const raw = await api.spreadsheets.values.batchGet({ spreadsheetId: SHEET_ID, ranges: ['T', "'Leer'"], valueRenderOption: 'UNFORMATTED_VALUE', dateTimeRenderOption: 'SERIAL_NUMBER' });
    expect(raw.data.valueRanges).toEqual([
      { range: 'T!A1:C2', majorDimension: 'ROWS', values: [['a', '', 'c'], [1234.5, serialOf('2026-11-18'), true]] },
      { range: 'Leer!A1:A1', majorDimension: 'ROWS' },
    ]);
    expect(serialOf('2026-11-18')).toBe(46344);
    const formatted = await api.spreadsheets.values.get({ spreadsheetId: SHEET_ID, range: 'T!A2:C2' });
    expect(formatted.data.values).toEqual([['1.234,5', '18.11.2026', 'WAHR']]);
    const bad = await api.spreadsheets.values.get({ spreadsheetId: SHEET_ID, range: 'Nope!A1' }, { retry: false }).catch((e: { status?: number; message?: string }) => e);
    expect(bad).toMatchObject({ status: 400, message: 'Unable to parse range: Nope!A1' });
  });
});
