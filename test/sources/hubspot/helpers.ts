/** Starts the HubSpot fake and a source pointed at it, with fast retries for tests. */
import * as v from 'valibot';
import { hubspotSourceSchema } from '../../../src/sources/hubspot/config.js';
import { createHubspotSource } from '../../../src/sources/hubspot/index.js';
import type { RequestInfo } from '../../../src/sources/http/client.js';
import { startHubspotFake, type FakeOptions, type FakePortal, type HubspotFake } from '../../fakes/hubspot/server.js';

export const TOKEN = 'pat-eu1-00000000-test-secret-token';

export async function startHubspot(portal: FakePortal, fakeOptions: FakeOptions = {}, config: Record<string, unknown> = {}) {
  const fake: HubspotFake = await startHubspotFake(portal, { token: TOKEN, searchPerSecond: 0, ...fakeOptions });
  const attempts: RequestInfo[] = [];
  const parsed = v.parse(hubspotSourceSchema, {
    type: 'hubspot',
    baseUrl: fake.url,
    tokenEnv: 'TEST_HUBSPOT_TOKEN',
    ...config,
    limits: { searchPerSecond: 1000, requestsPer10Seconds: 10_000, backoffMs: 5, maxBackoffMs: 50, rateLimitWaitMs: 5, timeoutMs: 2_000, ...(config.limits as object) },
  });
  const source = createHubspotSource({ config: parsed, env: { TEST_HUBSPOT_TOKEN: TOKEN }, onRequest: (i) => attempts.push(i) });
  return { fake, source, attempts, close: () => fake.close() };
}
