import { inspect } from 'node:util';

import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGoogleSheetsSource } from '../../../src/sources/google-sheets/index.js';
import { SHEETS_READONLY, GOOGLE_TOKEN_AUDIENCE } from '../../fakes/google-sheets/jwt.js';
import { startFakeSheets, type FakeSheetsApi } from '../../fakes/google-sheets/server.js';
import { sampleRequest } from '../contract.js';
import { serviceAccountKey, SHEET_ID, sourceConfig, TOKEN, TOKEN_ENV, tokenSource } from './helpers.js';

const request = sampleRequest('2026-W47');
const TABS = [
  { title: 'KPIs', cells: [['week', 'metric', 'value'], ['2026-W47', 'event_leads', 12]] },
  { title: 'Targets', cells: [['metric', 'period', 'from', 'target']] },
  { title: 'Notes', cells: [['week', 'kind', 'team', 'title']] },
  { title: 'Voice', cells: [['week', 'topic', 'quote', 'author']] },
  { title: 'Forecast', cells: [['month', 'metric', 'forecast']] },
];

describe('google-sheets auth', () => {
  let fake: FakeSheetsApi;
  beforeAll(async () => {
    fake = await startFakeSheets();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.spreadsheets.set(SHEET_ID, { tabs: TABS });
  });

  it('access token from a named environment variable: sent as Bearer, end to end', async () => {
    const { records } = await tokenSource(fake).readSheet(request);
    expect(records.kpis).toEqual([{ week: '2026-W47', metric: 'event_leads', value: 12, target: null, location: 'KPIs!C2' }]);
    expect(fake.requests.map((r) => [r.kind, r.authorization])).toEqual([['metadata', `Bearer ${TOKEN}`], ['batchGet', `Bearer ${TOKEN}`]]);
  });

  it('a missing token variable is a config error that names the variable, built before any request', () => {
    expect(() => createGoogleSheetsSource(sourceConfig(fake), { resolvePath: (p) => p, env: {} })).toThrowError(
      expect.objectContaining({ kind: 'config', message: expect.stringContaining(`environment variable ${TOKEN_ENV} is not set`) }),
    );
    expect(fake.count()).toBe(0);
  });

  it('a refused token (401) is a config error that says to get a fresh token, without the token in it', async () => {
    fake.tokens.clear();
    const source = createGoogleSheetsSource(sourceConfig(fake), { resolvePath: (p) => p, env: { [TOKEN_ENV]: TOKEN } });
    const error = await source.readSheet(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'config', code: 'SOURCE_CREDENTIALS', message: expect.stringContaining('get a fresh access token') });
    expect(inspect(error, { depth: 20 })).not.toContain(TOKEN);
    expect(fake.count()).toBe(1); // 401 is not retried
  });

  it('service-account key file: signs a JWT the token endpoint verifies, then reads with the issued token', async () => {
    const key = await serviceAccountKey(fake);
    fake.spreadsheets.set(SHEET_ID, { tabs: TABS, sharedWith: [key.email] });
    const config = sourceConfig(fake, { auth: { type: 'service-account', keyFile: key.path, tokenUrl: fake.tokenUrl } });
    const source = createGoogleSheetsSource(config, { resolvePath: (p) => p, env: {} });
    const { records } = await source.readSheet(request);
    expect(records.kpis).toHaveLength(1);
    expect(fake.requests.map((r) => r.kind)).toEqual(['token', 'metadata', 'batchGet']);
    expect(fake.requests[2]!.authorization).toBe('Bearer ya29.fake-1');
    const [claims] = fake.assertions;
    expect(claims).toMatchObject({ iss: key.email, aud: GOOGLE_TOKEN_AUDIENCE, scope: SHEETS_READONLY });
    expect(claims!.exp - claims!.iat).toBe(3600);
    // A second run reuses the token: no new token request.
    await source.readSheet(request);
    expect(fake.requests.map((r) => r.kind)).toEqual(['token', 'metadata', 'batchGet', 'metadata', 'batchGet']);
    expect(source.describe()[0]).toBe(`credentials: service account ${key.email}, key file ${key.path}`);
  });

  it('the fake rejects an assertion signed with another key (the check is real)', async () => {
    const key = await serviceAccountKey(fake);
    const other = await serviceAccountKey(fake, 'other@x.iam.gserviceaccount.com');
    fake.serviceAccounts.set(key.email, fake.serviceAccounts.get(other.email)!); // wrong public key on file
    const config = sourceConfig(fake, { auth: { type: 'service-account', keyFile: key.path, tokenUrl: fake.tokenUrl } });
    const error = await createGoogleSheetsSource(config, { resolvePath: (p) => p, env: {} }).readSheet(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'config', code: 'SOURCE_CREDENTIALS', message: expect.stringContaining('invalid_grant: Invalid JWT Signature.') });
    expect(inspect(error, { depth: 20 })).not.toContain('PRIVATE KEY');
    expect(fake.count('token')).toBe(1);
    expect(fake.count('batchGet')).toBe(0);
  });

  it('takes the key file from GOOGLE_APPLICATION_CREDENTIALS when the config names none', async () => {
    const key = await serviceAccountKey(fake);
    const config = sourceConfig(fake, { auth: { type: 'service-account', tokenUrl: fake.tokenUrl } });
    const source = createGoogleSheetsSource(config, { resolvePath: () => { throw new Error('not from the config'); }, env: { GOOGLE_APPLICATION_CREDENTIALS: key.path } });
    await source.readSheet(request);
    expect(fake.assertions.at(-1)!.iss).toBe(key.email);
    expect(() => createGoogleSheetsSource(config, { resolvePath: (p) => p, env: {} })).toThrowError(/GOOGLE_APPLICATION_CREDENTIALS/);
  });

  it('a key file that is not a service-account key is a config error naming the file', async () => {
    const config = sourceConfig(fake, { auth: { type: 'service-account', keyFile: '/nonexistent/key.json', tokenUrl: fake.tokenUrl } });
    await expect(createGoogleSheetsSource(config, { resolvePath: (p) => p, env: {} }).readSheet(request)).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('cannot read the service-account key file /nonexistent/key.json (ENOENT)') });
  });

  it('ADC: finds a service-account key through GOOGLE_APPLICATION_CREDENTIALS and reads with it', async () => {
    const key = await serviceAccountKey(fake);
    fake.spreadsheets.set(SHEET_ID, { tabs: TABS, sharedWith: [key.email] });
    vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', key.path);
    try {
      const config = sourceConfig(fake, { auth: { type: 'adc', tokenUrl: fake.tokenUrl } });
      const source = createGoogleSheetsSource(config, { resolvePath: (p) => p, env: { GOOGLE_APPLICATION_CREDENTIALS: key.path } });
      const { records } = await source.readSheet(request);
      expect(records.kpis).toHaveLength(1);
      expect(fake.requests.map((r) => r.kind)).toEqual(['token', 'metadata', 'batchGet']);
      expect(fake.assertions.at(-1)).toMatchObject({ iss: key.email, scope: SHEETS_READONLY });
      expect(source.describe()[0]).toBe(`credentials: Application Default Credentials (${key.email})`);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
