import { afterEach, describe, expect, it } from 'vitest';
import { DigestError } from '../../../src/errors.js';
import { buildDigest } from '../../../src/model/build-digest.js';
import { createFilesSource } from '../../../src/sources/files/index.js';
import type { CrmRecords } from '../../../src/model/types.js';
import { SAMPLE } from '../../helpers/cli.js';
import { generatePortal, portalFromRecords } from '../../fakes/hubspot/portal.js';
import { RATE_LIMIT_BODIES } from '../../fakes/hubspot/limits.js';
import type { FakePortal } from '../../fakes/hubspot/server.js';
import { SAMPLE_MODEL_CONFIG, sampleRequest } from '../contract.js';
import { startHubspot, TOKEN } from './helpers.js';

const request = sampleRequest('2026-W47');
const { startMs, endMs } = request.window;
const inWindow = (iso: string | null | undefined) => !!iso && Date.parse(iso) >= startMs && Date.parse(iso) < endMs;
const MQL = 'hs_lifecyclestage_marketingqualifiedlead_date';
const SQL = 'hs_lifecyclestage_salesqualifiedlead_date';

/** What a correct source must return: the contacts and deals of the window, by id. */
function expectedIds(portal: FakePortal) {
  return {
    contacts: portal.contacts.filter((c) => inWindow(c.properties.createdate) || inWindow(c.properties[MQL]) || inWindow(c.properties[SQL])).map((c) => c.id).sort(),
    deals: portal.deals.filter((d) => inWindow(d.properties.createdate) || inWindow(d.properties.closedate)).map((d) => d.id).sort(),
  };
}
const ids = (records: { id: string }[]) => records.map((r) => r.id).sort();
const pages = (n: number, size = 200) => Math.max(1, Math.ceil(n / size));

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function sampleRecords(): Promise<CrmRecords> {
  return (await createFilesSource({ path: SAMPLE }).readCrm({ timezone: 'Europe/Berlin', window: { startMs: 0, endMs: 8.64e15 }, metrics: new Map() })).records;
}

describe('hubspot source', () => {
  it('reads a window with more than 10,000 matching contacts completely and exactly once, never paging past the cap', async () => {
    // Some contacts outside the window (before it), a few created before it but MQL'd inside.
    const portal = generatePortal({ contacts: 10_650, deals: 30, owners: 3 }, { startMs: startMs - 5 * 86_400_000, endMs }, 7);
    const s = await startHubspot(portal);
    close = s.close;
    const got = await s.source.readCrm(request);
    const want = expectedIds(portal);
    expect(want.contacts.length).toBeGreaterThan(10_000);
    expect(ids(got.records.contacts)).toEqual(want.contacts);
    expect(new Set(got.records.contacts.map((c) => c.id)).size).toBe(got.records.contacts.length);
    expect(s.fake.count(undefined, 400)).toBe(0);
    // The minimum: every page full but the last, no probing; keyset restart after 10,000.
    expect(s.fake.count('search')).toBe(pages(want.contacts.length) + pages(want.deals.length));
    const restarts = s.fake.log.filter((l) => JSON.stringify(l.body ?? '').includes('"GT"'));
    expect(restarts.length).toBe(pages(want.contacts.length - 10_000));
  });

  it('makes exactly the minimum number of requests: pages per query, plus pipelines, plus owner pages', async () => {
    const portal = generatePortal({ contacts: 900, deals: 410, owners: 1_100 }, request.window, 11);
    const s = await startHubspot(portal);
    close = s.close;
    await s.source.readCrm(request);
    const want = expectedIds(portal);
    expect(s.fake.count('search')).toBe(pages(want.contacts.length) + pages(want.deals.length));
    expect(s.fake.count('pipelines')).toBe(1);
    expect(s.fake.count('owners')).toBe(3); // 1,100 owners at 500 a page
    expect(s.attempts.length).toBe(s.fake.log.length);
    expect(s.fake.log.every((l) => l.status === 200)).toBe(true);
  });

  it('survives a burst of 429s (with and without Retry-After) and 503s, with the same records', async () => {
    const portal = portalFromRecords(await sampleRecords());
    const s = await startHubspot(portal);
    close = s.close;
    const clean = await s.source.readCrm(request);
    s.fake.faults.push(
      { on: 'search', status: 429, body: RATE_LIMIT_BODIES.SECONDLY },
      { on: 'search', status: 429, retryAfter: '0', body: RATE_LIMIT_BODIES.SECONDLY },
      { on: 'search', status: 503 },
      { status: 503 },
      { on: 'owners', status: 429, retryAfter: '0', body: RATE_LIMIT_BODIES.TEN_SECONDLY_ROLLING },
      { on: 'pipelines', status: 502 },
      { on: 'search', status: 500 },
      { on: 'search', status: 0 },
    );
    const before = s.fake.log.length;
    const again = await s.source.readCrm(request);
    expect(again.records).toEqual(clean.records);
    expect(s.fake.faults).toHaveLength(0);
    expect(s.fake.log.slice(before).filter((l) => l.status !== 200).length).toBe(7); // the dropped connection is not logged
  });

  it('retries a request that hangs past the timeout', async () => {
    const s = await startHubspot(portalFromRecords(await sampleRecords()), {}, { limits: { timeoutMs: 300 } });
    close = s.close;
    s.fake.faults.push({ on: 'pipelines', status: 200, hangMs: 1_000 });
    const got = await s.source.readCrm(request);
    expect(got.records.stages).toHaveLength(12);
    expect(s.attempts.filter((a) => a.endpoint === 'GET /crm/v3/pipelines/deals')).toHaveLength(2);
  });

  it('fails with a data error naming endpoint and status after the last retry, never the token', async () => {
    const s = await startHubspot(portalFromRecords(await sampleRecords()), {}, { limits: { retries: 2 } });
    close = s.close;
    s.fake.faults.push(...Array.from({ length: 20 }, () => ({ on: 'search' as const, status: 503 })));
    const err = await s.source.readCrm(request).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(DigestError);
    expect((err as DigestError).kind).toBe('data');
    expect((err as Error).message).toMatch(/hubspot: POST \/crm\/v3\/objects\/(contacts|deals)\/search answered HTTP 503.*after 3 attempts/);
    expect(JSON.stringify(err) + String((err as Error).message) + String((err as Error).stack)).not.toContain(TOKEN);
  });

  it('does not retry a daily limit', async () => {
    const s = await startHubspot(portalFromRecords(await sampleRecords()));
    close = s.close;
    s.fake.faults.push({ on: 'pipelines', status: 429, body: RATE_LIMIT_BODIES.DAILY });
    await expect(s.source.readCrm(request)).rejects.toThrow(/GET \/crm\/v3\/pipelines\/deals answered HTTP 429 \(RATE_LIMITS, DAILY\): You have reached your daily limit/);
    expect(s.attempts.filter((a) => a.status === 429)).toHaveLength(1);
  });

  it('reports a wrong token as a data error without echoing it (401)', async () => {
    const s = await startHubspot(portalFromRecords(await sampleRecords()), { token: 'another' });
    close = s.close;
    const err = (await s.source.readCrm(request).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/HTTP 401 \(INVALID_AUTHENTICATION\)/);
    expect(err.message).not.toContain(TOKEN);
    expect(s.attempts).toHaveLength(s.fake.log.length);
  });

  it('stays under the fake\'s secondly search limit with the client-side limiter (no 429)', async () => {
    const portal = generatePortal({ contacts: 1_500, deals: 300, owners: 3 }, request.window, 5);
    const s = await startHubspot(portal, { searchPerSecond: 5 }, { limits: { searchPerSecond: 4.5 } });
    close = s.close;
    await s.source.readCrm(request);
    expect(s.fake.count('search')).toBeGreaterThanOrEqual(10);
    expect(s.fake.count(undefined, 429)).toBe(0);
  });

  it('takes won and lost from stage metadata with non-default (numeric) stage ids, and reads only configured pipelines', async () => {
    const portal = generatePortal({ contacts: 50, deals: 200, owners: 3 }, request.window, 3);
    portal.pipelines.push({ id: '999', label: 'Other', stages: [{ id: '103', label: 'Same id, open here', metadata: { isClosed: 'false', probability: '0.5' } }] });
    const s = await startHubspot(portal, {}, { pipelines: ['61234567', 'missing'] });
    close = s.close;
    const got = await s.source.readCrm(request);
    expect(got.records.stages.map((st) => `${st.stageId}:${st.outcome}`)).toEqual(['101:open', '102:open', '103:won', '104:lost']);
    expect(got.issues.map((i) => i.location)).toEqual(['pipeline missing']);
    const digest = buildDigest({ week: '2026-W47', config: SAMPLE_MODEL_CONFIG, crm: got.records, sheet: { kpis: [], targets: [], notes: [], voice: [] }, issues: [] });
    const week = { start: Date.parse(digest.period.start), end: Date.parse(digest.period.end) };
    const won = portal.deals.filter((d) => d.properties.dealstage === '103' && Date.parse(d.properties.closedate!) >= week.start && Date.parse(d.properties.closedate!) < week.end);
    expect(digest.funnel.deals_won).toBe(won.length);
    expect(won.length).toBeGreaterThan(0);
    const body = s.fake.log.find((l) => l.path.endsWith('/deals/search'))!.body as { filterGroups: { filters: { operator: string }[] }[] };
    expect(body.filterGroups.every((g) => g.filters.some((f) => f.operator === 'IN'))).toBe(true);
  });

  it('uses configured property names and a dated API version', async () => {
    const records = await sampleRecords();
    const portal = portalFromRecords(records, { mql: 'mql_custom', sql: 'sql_custom', touch: 'touch_custom' });
    const s = await startHubspot(portal, {}, { apiVersion: '2026-03', properties: { mqlDate: 'mql_custom', sqlDate: 'sql_custom', firstTouch: 'touch_custom' } });
    close = s.close;
    const got = await s.source.readCrm(request);
    expect(got.records.contacts.filter((c) => c.mqlAt !== null).length).toBeGreaterThan(50);
    expect(new Set(s.fake.log.map((l) => l.path))).toEqual(new Set(['/crm/objects/2026-03/contacts/search', '/crm/objects/2026-03/deals/search', '/crm/pipelines/2026-03/deals', '/crm/owners/2026-03/']));
  });

  it('asks for lead status, first conversion and the configured reason in the same contact search, with no extra request', async () => {
    const records = await sampleRecords();
    const plain = await startHubspot(portalFromRecords(records));
    const withReason = await startHubspot(portalFromRecords(records, { reason: 'ablehnungsgrund' }), {}, { properties: { disqualificationReason: 'ablehnungsgrund', leadStatus: 'hs_lead_status' } });
    close = async () => {
      await plain.close();
      await withReason.close();
    };
    const a = await plain.source.readCrm(request);
    const b = await withReason.source.readCrm(request);
    const contactSearch = (fake: typeof plain.fake) => fake.log.filter((l) => l.path.endsWith('/contacts/search')).map((l) => (l.body as { properties: string[] }).properties);
    for (const props of contactSearch(plain.fake)) expect(props).toEqual(expect.arrayContaining(['hs_lead_status', 'first_conversion_event_name']));
    for (const props of contactSearch(withReason.fake)) expect(props).toContain('ablehnungsgrund');
    expect(withReason.fake.count()).toBe(plain.fake.count());
    // Without a configured reason property there is no reason, and the source says it has none.
    expect(a.records.available).toEqual({ firstTouch: true, firstConversion: true, leadStatus: true, disqualificationReason: false });
    expect(a.records.contacts.every((c) => c.disqualificationReason === null)).toBe(true);
    expect(b.records.available?.disqualificationReason).toBe(true);
    const byId = new Map(records.contacts.map((c) => [c.id, c]));
    const rejected = b.records.contacts.filter((c) => c.leadStatus === 'UNQUALIFIED');
    expect(rejected.length).toBeGreaterThan(3);
    for (const c of b.records.contacts) {
      const want = byId.get(c.id)!;
      expect([c.leadStatus, c.firstConversion, c.disqualificationReason]).toEqual([want.leadStatus, want.firstConversion, want.disqualificationReason]);
    }
    // No reason property: quality still counts the rejected, reasons stay empty.
    const digest = buildDigest({ week: '2026-W47', config: SAMPLE_MODEL_CONFIG, crm: a.records, sheet: { kpis: [], targets: [], notes: [], voice: [] }, issues: [] });
    expect(digest.quality!.rejected).toBeGreaterThan(0);
    expect(digest.quality!.reasons).toEqual([]);
  });

  it('reads epoch-ms timestamps and reports unreadable values as data issues', async () => {
    const portal = generatePortal({ contacts: 3, deals: 2, owners: 1 }, request.window, 9);
    portal.contacts[0]!.properties.createdate = String(startMs + 1000);
    portal.contacts[1]!.properties[MQL] = 'yesterday-ish';
    portal.deals[0]!.properties.amount = '12,5k';
    const s = await startHubspot(portal);
    close = s.close;
    const got = await s.source.readCrm(request);
    expect(got.records.contacts.find((c) => c.id === portal.contacts[0]!.id)!.createdAt).toBe(startMs + 1000);
    expect(got.issues.map((i) => i.location).sort()).toEqual([`contact ${portal.contacts[1]!.id}.${MQL}`, `deal ${portal.deals[0]!.id}.amount`]);
  });

  it('asks for the token variable by name when it is not set', async () => {
    const s = await startHubspot(generatePortal({ contacts: 1, deals: 1, owners: 1 }, request.window));
    close = s.close;
    const { createHubspotSource } = await import('../../../src/sources/hubspot/index.js');
    const { hubspotSourceSchema } = await import('../../../src/sources/hubspot/config.js');
    const v = await import('valibot');
    const source = createHubspotSource({ config: v.parse(hubspotSourceSchema, { type: 'hubspot', baseUrl: s.fake.url }), env: {} });
    await expect(source.readCrm(request)).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('HUBSPOT_TOKEN') });
    expect(s.fake.log).toHaveLength(0);
  });
});
