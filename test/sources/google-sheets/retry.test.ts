import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/sources/http/retry.js';
import { startFakeSheets, type FakeSheetsApi } from '../../fakes/google-sheets/server.js';
import { sampleTabs } from '../../fakes/google-sheets/sample.js';
import { SAMPLE } from '../../helpers/cli.js';
import { sampleRequest } from '../contract.js';
import { SHEET_ID, TOKEN, tokenSource } from './helpers.js';

const request = sampleRequest('2026-W47');

describe('google-sheets: retries with backoff, Retry-After and timeouts', () => {
  let fake: FakeSheetsApi;
  const waits: number[] = [];
  const statuses: (number | null)[] = [];
  const hooks = { wait: async (ms: number) => void waits.push(ms), onRetry: (i: { failure: { status: number | null } }) => void statuses.push(i.failure.status) };
  beforeAll(async () => {
    fake = await startFakeSheets();
    fake.spreadsheets.set(SHEET_ID, { tabs: sampleTabs(SAMPLE) });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    waits.length = 0;
    statuses.length = 0;
  });

  it('retries a 429 and a 503, then reads: 3 batchGet requests', async () => {
    fake.fail('batchGet', { status: 429 }, { status: 503 });
    const { records } = await tokenSource(fake, {}, hooks).readSheet(request);
    expect(records.kpis.length).toBeGreaterThan(50);
    expect(fake.count('batchGet')).toBe(3);
    expect(statuses).toEqual([429, 503]);
  });

  it("honours Retry-After (seconds or an HTTP date) before the next attempt", async () => {
    fake.fail('batchGet', { status: 429, retryAfter: '2' }, { status: 503, retryAfter: new Date(Date.now() + 30_000).toUTCString() });
    await tokenSource(fake, {}, hooks).readSheet(request);
    expect(fake.count('batchGet')).toBe(3);
    expect(waits[0]).toBe(2000);
    expect(waits[1]).toBeGreaterThan(28_000);
    expect(waits[1]).toBeLessThanOrEqual(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z'))).toBe(60_000);
  });

  it('gives up at once when Retry-After is longer than maxRetryAfterMs', async () => {
    fake.fail('batchGet', { status: 429, retryAfter: '3600' });
    const error = await tokenSource(fake, { maxRetryAfterMs: 60_000 }, hooks).readSheet(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'data', code: 'SOURCE_FAILED', message: expect.stringContaining('asked to wait 3600 s') });
    expect(fake.count('batchGet')).toBe(1);
    expect(waits).toEqual([]);
  });

  it('after the last retry: a data error with the attempts, Google\'s words and no secret (retries + 1 requests)', async () => {
    fake.fail('batchGet', { status: 503 }, { status: 503 }, { status: 503 });
    const error = await tokenSource(fake, { retries: 2 }, hooks).readSheet(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'data', code: 'SOURCE_FAILED' });
    expect((error as Error).message).toBe(`Google Sheets source failed reading spreadsheet ${SHEET_ID}: 503 UNAVAILABLE: The service is currently unavailable. after 3 attempts. The digest is not sent.`);
    expect(fake.count('batchGet')).toBe(3);
    expect(inspect(error, { depth: 20 })).not.toContain(TOKEN);
  });

  it("the client's own retries are off: retries: 0 means exactly one request", async () => {
    fake.fail('batchGet', { status: 503 });
    await expect(tokenSource(fake, { retries: 0 }).readSheet(request)).rejects.toMatchObject({ code: 'SOURCE_FAILED' });
    expect(fake.count('batchGet')).toBe(1);
  });

  it('a request that hangs past timeoutMs is aborted and retried', async () => {
    fake.fail('batchGet', { status: 200, delayMs: 1000 });
    const { records } = await tokenSource(fake, { timeoutMs: 100 }, hooks).readSheet(request);
    expect(records.kpis.length).toBeGreaterThan(50);
    // Two requests: the hanging one, aborted (a failure without an HTTP status), and the retry.
    expect(fake.count('batchGet')).toBe(2);
    expect(statuses).toEqual([null]);
    // No wait asked for beyond the configured backoff (maxBackoffMs 5): the retry did not sit
    // out the server's 1 s delay.
    expect(waits.filter((ms) => ms > 5)).toEqual([]);
  });

  it('every attempt timing out ends in a timeout error', async () => {
    fake.fail('batchGet', { status: 200, delayMs: 500 }, { status: 200, delayMs: 500 });
    const error = await tokenSource(fake, { timeoutMs: 50, retries: 1 }, hooks).readSheet(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'data', message: expect.stringContaining('no answer within the timeout (timeoutMs) after 2 attempts') });
  });

  it('a server that is down: network error after the retries', async () => {
    const down = await startFakeSheets();
    const url = down.url;
    await down.close();
    fake.tokens.set(TOKEN, 'x');
    const error = await tokenSource(fake, { apiRoot: url, retries: 1 }).readSheet(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'data', message: expect.stringMatching(/could not reach http:\/\/127\.0\.0\.1:\d+\/ \(ECONNREFUSED\) after 2 attempts/) });
  });
});
