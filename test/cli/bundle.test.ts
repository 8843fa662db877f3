/**
 * The bundled CLI (`dist/cli/bin.js` → `dist/app/`, scripts/bundle.mjs) with each API source
 * against its loopback fake: the parts inside the bundle (the HubSpot adapter, the HTTP client,
 * p-retry, the Sheets adapter) and the ones loaded beside it (Google's Sheets client and auth)
 * load and work as the unbundled modules do, service-account sign-in included.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFilesSource } from '../../src/sources/files/index.js';
import { startFakeSheets, type FakeSheetsApi } from '../fakes/google-sheets/server.js';
import { sampleTabs } from '../fakes/google-sheets/sample.js';
import { portalFromRecords } from '../fakes/hubspot/portal.js';
import { startHubspotFake, type HubspotFake } from '../fakes/hubspot/server.js';
import { REPO, SAMPLE, sampleConfig, tempDir } from '../helpers/cli.js';
import { serviceAccountKey, SHEET_ID } from '../sources/google-sheets/helpers.js';

const exec = promisify(execFile);
const HUBSPOT_TOKEN = 'pat-eu1-00000000-bundle-test-token';

async function bin(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [join(REPO, 'dist/cli/bin.js'), ...args], { env: { ...process.env, BUNDLE_TEST_HUBSPOT: HUBSPOT_TOKEN } });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

describe('the bundled CLI with the API sources', () => {
  let sheets: FakeSheetsApi;
  let hubspot: HubspotFake;
  beforeAll(async () => {
    sheets = await startFakeSheets();
    sheets.spreadsheets.set(SHEET_ID, { tabs: sampleTabs(SAMPLE) });
    const crm = await createFilesSource({ path: SAMPLE }).readCrm({ timezone: 'Europe/Berlin', window: { startMs: 0, endMs: 8.64e15 }, metrics: new Map() });
    hubspot = await startHubspotFake(portalFromRecords(crm.records), { token: HUBSPOT_TOKEN, searchPerSecond: 0 });
  });
  afterAll(async () => {
    await sheets.close();
    await hubspot.close();
  });

  it('validate and preview read HubSpot and a Google Sheet (service account) through the fakes', async () => {
    const key = await serviceAccountKey(sheets);
    const { path } = await sampleConfig({}, {
      sources: {
        crm: { type: 'hubspot', baseUrl: hubspot.url, tokenEnv: 'BUNDLE_TEST_HUBSPOT', limits: { searchPerSecond: 1000, requestsPer10Seconds: 10_000, backoffMs: 5, maxBackoffMs: 50, rateLimitWaitMs: 5 } },
        sheet: { type: 'google-sheets', spreadsheetId: SHEET_ID, apiRoot: sheets.url, auth: { type: 'service-account', keyFile: key.path, tokenUrl: sheets.tokenUrl }, backoffMs: 1 },
      },
    });
    const validated = await bin(['validate', '--config', path, '--week', '2026-W47']);
    expect(validated.code, validated.err).toBe(0);
    expect(validated.out).toContain(`sheet google-sheets:${SHEET_ID}: ok`);
    expect(validated.out).toMatch(/crm\s+hubspot/);
    expect(validated.out).toContain('0 errors');

    const out = await tempDir('digest-bundle-');
    const previewed = await bin(['preview', '--config', path, '--week', '2026-W47', '--out', out]);
    expect(previewed.code, previewed.err).toBe(0);
    const digest = JSON.parse(await readFile(join(out, 'digest.json'), 'utf8'));
    // The same week as from the files: the sources differ, the numbers do not.
    const fromFiles = await tempDir('digest-bundle-files-');
    expect((await bin(['preview', '--config', join(REPO, 'digest.config.example.yaml'), '--week', '2026-W47', '--out', fromFiles])).code).toBe(0);
    const files = JSON.parse(await readFile(join(fromFiles, 'digest.json'), 'utf8'));
    expect(digest.funnel).toEqual(files.funnel);
    expect(digest.kpis.map((k: { id: string; value: number | null }) => [k.id, k.value])).toEqual(files.kpis.map((k: { id: string; value: number | null }) => [k.id, k.value]));
    expect(previewed.err + validated.out + validated.err).not.toContain(HUBSPOT_TOKEN);
  }, 60_000);
});
