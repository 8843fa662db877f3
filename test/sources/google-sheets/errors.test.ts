import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGoogleSheetsSource } from '../../../src/sources/google-sheets/index.js';
import { googleError, startFakeSheets, type FakeSheetsApi } from '../../fakes/google-sheets/server.js';
import { sampleTabs } from '../../fakes/google-sheets/sample.js';
import { SAMPLE } from '../../helpers/cli.js';
import { sampleRequest } from '../contract.js';
import { serviceAccountKey, SHEET_ID, sourceConfig, TOKEN, tokenSource } from './helpers.js';

const request = sampleRequest('2026-W47');
const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as { kind: string; code: string; message: string });

describe('google-sheets: errors that say what to do', () => {
  let fake: FakeSheetsApi;
  beforeAll(async () => {
    fake = await startFakeSheets();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.spreadsheets.clear();
    fake.spreadsheets.set(SHEET_ID, { tabs: sampleTabs(SAMPLE) });
  });

  it('403 with a service account: share the sheet with its e-mail (one request, not retried)', async () => {
    const key = await serviceAccountKey(fake);
    fake.spreadsheets.set(SHEET_ID, { tabs: sampleTabs(SAMPLE), sharedWith: ['someone-else@example.com'] });
    const config = sourceConfig(fake, { auth: { type: 'service-account', keyFile: key.path, tokenUrl: fake.tokenUrl } });
    const error = await fail(createGoogleSheetsSource(config, { resolvePath: (p) => p, env: {} }).readSheet(request));
    expect(error).toMatchObject({ kind: 'config', code: 'SOURCE_FORBIDDEN' });
    expect(error.message).toBe(`Google Sheets denied access to spreadsheet ${SHEET_ID} (403 PERMISSION_DENIED: The caller does not have permission): share the sheet with ${key.email} (Share → add that address as Viewer).`);
    expect(fake.requests.map((r) => r.kind)).toEqual(['token', 'metadata']);
  });

  it('403 with an access token: share with the token owner, check the scope', async () => {
    fake.spreadsheets.set(SHEET_ID, { tabs: [], sharedWith: ['someone-else@example.com'] });
    const error = await fail(tokenSource(fake).readSheet(request));
    expect(error.message).toContain('share the sheet with the Google account the access token belongs to');
    expect(inspect(error, { depth: 20 })).not.toContain(TOKEN);
  });

  it('403 because the API is disabled in the project: says to enable it', async () => {
    fake.fail('batchGet', { status: 403, body: googleError(403, 'Google Sheets API has not been used in project 123 before or it is disabled.') });
    const error = await fail(tokenSource(fake).readSheet(request));
    expect(error).toMatchObject({ kind: 'config', code: 'SOURCE_FORBIDDEN', message: expect.stringContaining('console.cloud.google.com/apis/library/sheets.googleapis.com') });
  });

  it('404: the spreadsheet id is wrong', async () => {
    fake.spreadsheets.clear();
    const error = await fail(tokenSource(fake).readSheet(request));
    expect(error).toMatchObject({ kind: 'config', code: 'SOURCE_NOT_FOUND' });
    expect(error.message).toContain(`Google Sheets has no spreadsheet ${SHEET_ID} (404 NOT_FOUND: Requested entity was not found.): the spreadsheetId in the config is wrong`);
    expect(fake.count()).toBe(1);
  });

  it('a missing tab is a located issue naming the tabs that exist; the other tabs are still read (2 requests)', async () => {
    fake.spreadsheets.set(SHEET_ID, { tabs: sampleTabs(SAMPLE).map((t) => (t.title === 'Notes' ? { ...t, title: 'Notizen' } : t)) });
    const { records, issues } = await tokenSource(fake).readSheet(request);
    expect(issues.filter((i) => i.location === 'Notes')).toEqual([{
      source: 'sheet', location: 'Notes', severity: 'error', incomplete: true,
      message: 'the sheet has no tab "Notes" (tabs: "KPIs", "Targets", "Notizen", "Voice", "Definitions", "People", "Forecast"); rename a tab or set tabs.notes in the config; the notes are missing from this digest',
    }]);
    expect(records.notes).toEqual([]);
    expect(records.kpis.length).toBeGreaterThan(50);
    expect(records.voice.length).toBeGreaterThan(10);
    expect(fake.requests.map((r) => r.kind)).toEqual(['metadata', 'batchGet']);
    expect(fake.requests[1]!.query.getAll('ranges')).toEqual(["'KPIs'", "'Targets'", "'Voice'", "'Definitions'", "'People'", "'Forecast'"]);
  });

  it('a sheet without the optional Forecast tab is complete: no issue, no forecast', async () => {
    fake.spreadsheets.set(SHEET_ID, { tabs: sampleTabs(SAMPLE).filter((t) => t.title !== 'Forecast') });
    const { records, issues } = await tokenSource(fake).readSheet(request);
    expect(issues.filter((i) => i.incomplete || /Forecast/.test(i.location))).toEqual([]);
    expect(records.forecast).toEqual([]);
    expect(records.notes.length).toBeGreaterThan(10);
  });

  it('tab names match case-insensitively, as in the API; locations use the name the sheet shows', async () => {
    const { records, issues } = await tokenSource(fake, { tabs: { kpis: 'kpis', people: 'PEOPLE' } }).readSheet(request);
    expect(records.kpis[0]!.location).toMatch(/^KPIs!C\d+$/);
    expect(records.people[0]!.location).toMatch(/^People!C\d+$/);
    expect(issues.filter((i) => i.incomplete)).toEqual([]);
    expect(fake.requests[1]!.query.getAll('ranges')).toEqual(["'KPIs'", "'Targets'", "'Notes'", "'Voice'", "'Definitions'", "'People'", "'Forecast'"]);
    expect(fake.count()).toBe(2);
  });

  it('missing optional tabs (Definitions, People) are no issue: their records are empty, the digest is complete', async () => {
    fake.spreadsheets.set(SHEET_ID, { tabs: sampleTabs(SAMPLE).filter((t) => t.title !== 'Definitions' && t.title !== 'People') });
    const source = tokenSource(fake);
    const { records, issues } = await source.readSheet(request);
    expect(records.definitions).toEqual([]);
    expect(records.people).toEqual([]);
    expect(issues.filter((i) => i.incomplete || /Definitions|People/.test(i.location))).toEqual([]);
    expect(fake.requests.map((r) => r.kind)).toEqual(['metadata', 'batchGet']);
    expect(fake.requests[1]!.query.getAll('ranges')).toEqual(["'KPIs'", "'Targets'", "'Notes'", "'Voice'", "'Forecast'"]);
    expect(source.describe()).toContain('optional tabs not in the sheet (their sections are left out): Definitions, People');
  });

  it('no configured tab exists: the source fails and lists the tabs the sheet has', async () => {
    fake.spreadsheets.set(SHEET_ID, { tabs: [{ title: 'Tabelle1', cells: [] }] });
    const error = await fail(tokenSource(fake).readSheet(request));
    expect(error).toMatchObject({ kind: 'data', code: 'SOURCE_FAILED', message: expect.stringContaining('has none of the tabs "KPIs", "Targets", "Notes", "Voice" (it has "Tabelle1")') });
  });

  it('400 unparsable range when every tab exists: a clear error, no loop', async () => {
    fake.fail('batchGet', { status: 400, body: googleError(400, 'Unable to parse range: KPIs!A1:ZZZZ') });
    const error = await fail(tokenSource(fake).readSheet(request));
    expect(error).toMatchObject({ kind: 'data', code: 'SOURCE_INCOMPLETE', message: expect.stringContaining('400 INVALID_ARGUMENT: Unable to parse range: KPIs!A1:ZZZZ') });
    expect(fake.requests.map((r) => r.kind)).toEqual(['metadata', 'batchGet']);
  });
});
