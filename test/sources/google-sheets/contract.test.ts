import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFilesSource } from '../../../src/sources/files/index.js';
import { startFakeSheets, type FakeSheetsApi } from '../../fakes/google-sheets/server.js';
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

  it('makes exactly one request per run: one values:batchGet with all four tabs, no metadata', async () => {
    fake.reset();
    const source = tokenSource(fake);
    await source.readSheet(sampleRequest('2026-W47'));
    expect(fake.requests.map((r) => r.kind)).toEqual(['batchGet']);
    const query = fake.requests[0]!.query;
    expect(query.getAll('ranges')).toEqual(["'KPIs'", "'Targets'", "'Notes'", "'Voice'", "'Forecast'"]);
    expect(Object.fromEntries(['majorDimension', 'valueRenderOption', 'dateTimeRenderOption'].map((k) => [k, query.get(k)]))).toEqual({
      majorDimension: 'ROWS', valueRenderOption: 'UNFORMATTED_VALUE', dateTimeRenderOption: 'SERIAL_NUMBER',
    });
    await source.readSheet(sampleRequest('2026-W46'));
    expect(fake.count('batchGet')).toBe(2);
    expect(source.describe()).toContain('API requests: 1');
  });
});
