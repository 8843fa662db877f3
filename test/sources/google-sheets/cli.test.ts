import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { validateConfig } from '../../../src/config/validate.js';
import { csvToTab } from '../../../src/sources/files/index.js';
import { parseSheetTabs } from '../../../src/sources/sheet/tabs.js';
import type { DataIssue, Unit } from '../../../src/model/types.js';
import { startFakeSheets, type FakeSheetsApi } from '../../fakes/google-sheets/server.js';
import { importCsv } from '../../fakes/google-sheets/cells.js';
import { sampleTabs } from '../../fakes/google-sheets/sample.js';
import { runCli, SAMPLE, sampleConfig, tempDir } from '../../helpers/cli.js';
import { SHEET_ID, TOKEN, TOKEN_ENV } from './helpers.js';

describe('digest validate with a Google Sheet', () => {
  let fake: FakeSheetsApi;
  beforeAll(async () => {
    fake = await startFakeSheets();
    fake.tokens.set(TOKEN, 'lead@example.com');
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    vi.stubEnv(TOKEN_ENV, TOKEN);
    return () => vi.unstubAllEnvs();
  });
  const config = (sheet: Record<string, unknown> = {}) =>
    sampleConfig({}, { sources: { crm: { type: 'files', path: SAMPLE }, sheet: { type: 'google-sheets', spreadsheetId: SHEET_ID, apiRoot: fake.url, auth: { type: 'access-token', env: TOKEN_ENV }, backoffMs: 1, ...sheet } } });

  it('reports credentials, tabs with row counts and the request count; exit 0 on the sample', async () => {
    fake.spreadsheets.set(SHEET_ID, { tabs: sampleTabs(SAMPLE) });
    const { path } = await config();
    const { code, out } = await runCli(['validate', '--config', path, '--week', '2026-W47']);
    expect(out).toContain(`sheet google-sheets:${SHEET_ID}: ok`);
    expect(out).toContain(`credentials: access token from $${TOKEN_ENV}`);
    expect(out).toMatch(/KPIs \(70 rows\), Targets \(14 rows\), Notes \(35 rows\), Voice \(19 rows\), Definitions \(4 rows\), People \(6 rows\), Forecast \(\d+ rows\)/);
    expect(out).toContain('API requests: 2');
    expect(out).toContain('0 errors');
    expect(code).toBe(0);
    expect(out).not.toContain(TOKEN);
  });

  it('lists each bad cell under its tab with the location, exit 4 on errors', async () => {
    const tabs = sampleTabs(SAMPLE);
    tabs.find((t) => t.title === 'Notes')!.cells.push(['2026-W47', 'Erfog', 'Marketing', 'Anke', 'Tippfehler']);
    fake.spreadsheets.set(SHEET_ID, { tabs });
    const { path } = await config();
    const { code, err, out } = await runCli(['validate', '--config', path, '--week', '2026-W47']);
    expect(err).toContain('sheet: Notes (1)');
    expect(err).toContain('  error   Notes!B37: unknown kind "Erfog" (use success, change, fix); the row is skipped');
    expect(out).toMatch(/1 errors, \d+ warnings in the data \(rows with errors are left out of the digest\)/);
    expect(code).toBe(4);
  });

  it('digest preview: the People tab beyond 4 entries is one line linking the tab by the gid from the metadata', async () => {
    const tabs = sampleTabs(SAMPLE).map((t) => (t.title === 'People' ? { ...t, sheetId: 424242 } : t));
    const people = tabs.find((t) => t.title === 'People')!;
    people.cells.push(['2026-W48', 'Sonstiges', 'Offene Sprechstunde Marketing', '', '', '', ''], ['2026-W47', 'Essen', 'Frühstück', '', '', '', '3']);
    fake.spreadsheets.set(SHEET_ID, { tabs });
    const { path, dir } = await sampleConfig({}, {
      sources: { crm: { type: 'files', path: SAMPLE }, sheet: { type: 'google-sheets', spreadsheetId: SHEET_ID, apiRoot: fake.url, auth: { type: 'access-token', env: TOKEN_ENV }, backoffMs: 1 } },
      footer: { sheetUrl: `https://docs.google.com/spreadsheets/d/${SHEET_ID}/edit#gid=0` },
    });
    const { code } = await runCli(['preview', '--config', path, '--week', '2026-W47', '--out', join(dir, 'out')]);
    expect(code).toBe(0);
    const text = await readFile(join(dir, 'out', 'digest.txt'), 'utf8');
    expect(text).toContain(`und 2 weitere im Sheet: https://docs.google.com/spreadsheets/d/${SHEET_ID}/edit#gid=424242`);
    const digest = JSON.parse(await readFile(join(dir, 'out', 'digest.json'), 'utf8')) as { people: { title: string }[] };
    expect(digest.people.map((p) => p.title)).toEqual([
      'Kundentermin bei Müller Maschinenbau begleiten', 'Marketing & Vertrieb an einem Tisch', 'Frühstück',
      'Zuschauen, wie die Webinar-Kampagne entsteht', 'Lena Brandt startet im Inside Sales', 'Offene Sprechstunde Marketing',
    ]);
    expect(fake.requests.map((r) => r.kind)).toEqual(['metadata', 'batchGet']);
  });

  it('a sheet that is not shared: says what to do, still checks the CRM, exit 3', async () => {
    fake.spreadsheets.set(SHEET_ID, { tabs: sampleTabs(SAMPLE), sharedWith: ['other@example.com'] });
    const { path } = await config();
    const { code, out } = await runCli(['validate', '--config', path, '--week', '2026-W47']);
    expect(out).toMatch(/crm\s+files:.*: ok/);
    expect(out).toContain(`sheet google-sheets:${SHEET_ID}: FAILED`);
    expect(out).toContain('share the sheet with the Google account the access token belongs to');
    expect(code).toBe(3);
  });

  it('an unset token variable is a config error naming it (exit 3), before any request', async () => {
    vi.stubEnv(TOKEN_ENV, '');
    const { path } = await config();
    const { code, err } = await runCli(['validate', '--config', path, '--week', '2026-W47']);
    expect(err).toContain(`environment variable ${TOKEN_ENV} is not set`);
    expect(code).toBe(3);
    expect(fake.count()).toBe(0);
  });
});

describe('digest init', () => {
  const metrics = new Map<string, Unit>([['event_leads', 'count'], ['webinar_signups', 'count'], ['sqls', 'count']]);

  it('writes a valid starting config and one CSV per tab that reads without issues, also once imported into a sheet', async () => {
    const dir = await tempDir('digest-init-');
    const { code, out } = await runCli(['init', '--dir', dir]);
    expect(code).toBe(0);
    expect((await readdir(join(dir, 'sheet'))).sort()).toEqual(['Definitions.csv', 'Forecast.csv', 'KPIs.csv', 'Notes.csv', 'People.csv', 'Targets.csv', 'Voice.csv']);
    expect(out).toContain('Share the sheet with the service account');
    const raw = parse(await readFile(join(dir, 'digest.config.yaml'), 'utf8'));
    const { config, errors } = validateConfig(raw);
    expect(errors).toEqual([]);
    expect(config!.digests[0]!.sources.sheet).toMatchObject({ type: 'google-sheets', tabs: { kpis: 'KPIs', targets: 'Targets', notes: 'Notes', voice: 'Voice', definitions: 'Definitions', people: 'People' } });

    const issues: DataIssue[] = [];
    const read = async (tab: string) => csvToTab(tab, await readFile(join(dir, 'sheet', `${tab}.csv`), 'utf8'), issues);
    const tabs = { kpis: await read('KPIs'), targets: await read('Targets'), notes: await read('Notes'), voice: await read('Voice'), definitions: await read('Definitions'), people: await read('People'), forecast: await read('Forecast') };
    const fromCsv = parseSheetTabs(tabs, { timezone: 'Europe/Berlin', decimalStyle: 'point', metrics, source: 'files' });
    expect([...issues, ...fromCsv.issues]).toEqual([]);
    expect([fromCsv.records.kpis.length, fromCsv.records.targets.length, fromCsv.records.notes.length, fromCsv.records.voice.length, fromCsv.records.forecast!.length]).toEqual([2, 2, 2, 2, 2]);
    expect([fromCsv.records.definitions.length, fromCsv.records.people.length]).toEqual([3, 3]);
    // As Google Sheets imports them (numbers and dates converted), the same records.
    const imported = Object.fromEntries(Object.entries(tabs).map(([k, t]) => [k, { name: t.name, rows: importCsv(t.rows.map((r) => r.map((c) => `"${String(c ?? '').replace(/"/g, '""')}"`).join(',')).join('\n')).map((r) => r.map((c) => (c !== null && typeof c === 'object' ? 46336 + Math.round((Date.parse(c.date) - Date.parse('2026-11-10')) / 864e5) : c))) }]));
    const fromSheet = parseSheetTabs(imported, { timezone: 'Europe/Berlin', decimalStyle: 'comma', metrics, source: 'sheet' });
    expect(fromSheet.issues).toEqual([]);
    expect(fromSheet.records.targets).toEqual(fromCsv.records.targets);
    expect(fromSheet.records.definitions).toEqual(fromCsv.records.definitions);
    expect(fromSheet.records.people).toEqual(fromCsv.records.people);
    expect(fromSheet.records.forecast).toEqual(fromCsv.records.forecast!.map((f) => ({ ...f })));
  });

  it('first run: validate names the spreadsheet-id placeholder (exit 3) before any key file; with the files line the written CSVs preview', async () => {
    const dir = await tempDir('digest-init-');
    expect((await runCli(['init', '--dir', dir])).code).toBe(0);
    const configFile = join(dir, 'digest.config.yaml');
    const first = await runCli(['validate', '--config', configFile, '--week', '2026-W47']);
    expect(first.code).toBe(3);
    expect(first.err).toContain('spreadsheetId is still the placeholder PASTE-YOUR-SPREADSHEET-ID');
    expect(first.err).not.toMatch(/service-account\.json|key file/);

    // The line the config offers for a first try: the sheet CSVs init wrote (KPIs.csv, …).
    const yaml = await readFile(configFile, 'utf8');
    const tryFiles = yaml.replace(/      sheet:\n        type: google-sheets\n(?:        .*\n)+?(?=\n)/, '      sheet: { type: files, path: sheet }\n');
    expect(tryFiles).not.toContain('type: google-sheets');
    await writeFile(configFile, tryFiles);
    const validated = await runCli(['validate', '--config', configFile, '--week', '2026-W47']);
    expect(validated.out).toContain('team 2026-W47: 0 errors, 0 warnings in the data');
    expect(validated.code).toBe(0);
    const preview = await runCli(['preview', '--config', configFile, '--week', '2026-W47', '--out', join(dir, 'out'), '--json']);
    expect(preview.code, preview.err).toBe(0);
    const digest = JSON.parse(preview.out) as { kpis: { id: string; value: number | null }[]; notes: unknown[]; voice: unknown[] };
    expect(digest.kpis.find((k) => k.id === 'event_leads')?.value).toBe(14);
    expect(digest.kpis.find((k) => k.id === 'webinar_signups')?.value).toBe(38);
  });

  it('never overwrites without --force', async () => {
    const dir = await tempDir('digest-init-');
    expect((await runCli(['init', '--dir', dir])).code).toBe(0);
    const again = await runCli(['init', '--dir', dir]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already has crm/contacts.csv');
    expect((await runCli(['init', '--dir', dir, '--force'])).code).toBe(0);
  });
});
