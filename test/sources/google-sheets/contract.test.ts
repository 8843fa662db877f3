import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFilesSource } from '../../../src/sources/files/index.js';
import { defaultSheetId, startFakeSheets, type FakeSheetsApi } from '../../fakes/google-sheets/server.js';
import { sampleTabs } from '../../fakes/google-sheets/sample.js';
import { importCsv } from '../../fakes/google-sheets/cells.js';
import { SAMPLE } from '../../helpers/cli.js';
import { digestOf, sampleRequest, sheetFailureContract, sheetSourceContract, type SheetCsv } from '../contract.js';
import { SHEET_ID, tokenSource } from './helpers.js';

async function sampleFake(): Promise<FakeSheetsApi> {
  const fake = await startFakeSheets();
  fake.spreadsheets.set(SHEET_ID, { tabs: sampleTabs(SAMPLE) });
  return fake;
}

// The sample CSVs imported into the fake as Google Sheets would (numbers as numbers, dates as
// serial numbers), read through the official client.
sheetSourceContract('google-sheets (fake API, access token)', async () => {
  const fake = await sampleFake();
  return { source: tokenSource(fake), requests: () => fake.count(), close: () => fake.close() };
});

// The same bad rows, imported into the fake as Google Sheets would (numbers as numbers).
const TAB_TITLES = { kpis: 'KPIs', targets: 'Targets', notes: 'Notes', voice: 'Voice' } as const;
sheetFailureContract('google-sheets (fake API, access token)', async (csv: SheetCsv) => {
  const fake = await startFakeSheets();
  fake.spreadsheets.set(SHEET_ID, { tabs: Object.entries(csv).map(([tab, text]) => ({ title: TAB_TITLES[tab as keyof SheetCsv], cells: importCsv(text) })) });
  return { source: tokenSource(fake), close: () => fake.close() };
});

describe('google-sheets: the digest from the fake sheet', () => {
  let fake: FakeSheetsApi;
  beforeAll(async () => {
    fake = await sampleFake();
  });
  afterAll(() => fake.close());

  it.each(['2026-W47', '2026-W45'])('equals the digest from the same data as files (%s)', async (week) => {
    const request = sampleRequest(week);
    const files = createFilesSource({ path: SAMPLE });
    const crm = (await files.readCrm(request)).records;
    const fromFiles = await files.readSheet(request);
    const fromSheet = await tokenSource(fake).readSheet(request);
    const strip = (d: ReturnType<typeof digestOf>) => JSON.parse(JSON.stringify(d).replace(/"(?:[a-z]+\.csv|KPIs|Targets|Notes|Voice|Forecast)!/gi, '"TAB!'));
    expect(strip(digestOf(week, crm, fromSheet.records))).toEqual(strip(digestOf(week, crm, fromFiles.records)));
    expect(digestOf(week, crm, fromSheet.records).kpis.length).toBeGreaterThan(0);
  });

  it('makes exactly two requests per run: the metadata (titles and sheetIds), then one values:batchGet of the tabs that exist', async () => {
    fake.reset();
    const source = tokenSource(fake);
    const { records } = await source.readSheet(sampleRequest('2026-W47'));
    expect(fake.requests.map((r) => r.kind)).toEqual(['metadata', 'batchGet']);
    expect(fake.requests[0]!.query.get('fields')).toBe('sheets.properties(title,sheetId)');
    const query = fake.requests[1]!.query;
    expect(query.getAll('ranges')).toEqual(["'KPIs'", "'Targets'", "'Notes'", "'Voice'", "'Definitions'", "'People'", "'Forecast'"]);
    expect(Object.fromEntries(['majorDimension', 'valueRenderOption', 'dateTimeRenderOption'].map((k) => [k, query.get(k)]))).toEqual({
      majorDimension: 'ROWS', valueRenderOption: 'UNFORMATTED_VALUE', dateTimeRenderOption: 'SERIAL_NUMBER',
    });
    await source.readSheet(sampleRequest('2026-W46'));
    expect(fake.requests.map((r) => r.kind)).toEqual(['metadata', 'batchGet', 'metadata', 'batchGet']);
    expect(source.describe()).toContain('API requests: 2');
    // The gids come from the metadata, one per tab read.
    const gids = sampleTabs(SAMPLE).map((t, i) => [t.title, defaultSheetId(i)] as const);
    expect(records.tabGids).toEqual({
      kpis: gids[0]![1], targets: gids[1]![1], notes: gids[2]![1], voice: gids[3]![1], definitions: gids[4]![1], people: gids[5]![1], forecast: gids[6]![1],
    });
  });

  it('takes each tab\'s gid from its sheetId', async () => {
    const fake2 = await startFakeSheets();
    try {
      fake2.spreadsheets.set(SHEET_ID, { tabs: sampleTabs(SAMPLE).map((t, i) => ({ ...t, sheetId: 5000 + i * 11 })) });
      const { records } = await tokenSource(fake2).readSheet(sampleRequest('2026-W47'));
      expect(records.tabGids).toEqual({ kpis: 5000, targets: 5011, notes: 5022, voice: 5033, definitions: 5044, people: 5055, forecast: 5066 });
    } finally {
      await fake2.close();
    }
  });
});
