import { afterEach, describe, expect, it } from 'vitest';
import { DigestError } from '../../../src/errors.js';
import { buildDigest } from '../../../src/model/build-digest.js';
import { checkCrmRecords } from '../../../src/model/crm-records.js';
import { createFilesSource } from '../../../src/sources/files/index.js';
import type { CrmRecords } from '../../../src/model/types.js';
import { SAMPLE } from '../../helpers/cli.js';
import { expectedRecords, generatePortal, portalFromRecords, realisticPortal } from '../../fakes/hubspot/portal.js';
import { RATE_LIMIT_BODIES } from '../../fakes/hubspot/limits.js';
import type { FakePortal } from '../../fakes/hubspot/server.js';
import { SAMPLE_MODEL_CONFIG, sampleRequest } from '../contract.js';
import { startHubspot, TOKEN } from './helpers.js';

const request = sampleRequest('2026-W47');
const { startMs, endMs } = request.window;
const windows = request.windows!;
const MQL = 'hs_lifecyclestage_marketingqualifiedlead_date';

/** What a correct source must return: the records the per-fact windows select, by id. */
const expectedIds = (portal: FakePortal) => expectedRecords(portal, windows);
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
    expect(s.fake.count('owners')).toBe(4); // 1,100 active owners at 500 a page, and the (empty) archived listing
    expect(s.attempts.length).toBe(s.fake.log.length);
    expect(s.fake.log.every((l) => l.status === 200)).toBe(true);
  });

  it('reads each date fact over its own window only, and closed deals by close date only in won or lost stages', async () => {
    // Records spread over 40 weeks, MQLs long after creation, open deals with an expected close date.
    const portal = realisticPortal({ contacts: 6_000, deals: 1_200, owners: 30, archivedOwners: 4, sameNamePairs: 2 }, endMs, 21);
    const s = await startHubspot(portal);
    close = s.close;
    const got = await s.source.readCrm(request);
    const want = expectedIds(portal);
    expect(ids(got.records.contacts)).toEqual(want.contacts);
    expect(ids(got.records.deals)).toEqual(want.deals);
    // The windows are narrower than the history window: records inside the hull are left out.
    const inHull = (v: string | null | undefined) => !!v && Date.parse(v) >= startMs && Date.parse(v) < endMs;
    expect(portal.deals.filter((d) => inHull(d.properties.closedate) || inHull(d.properties.createdate)).length).toBeGreaterThan(want.deals.length);
    expect(s.fake.count('search')).toBe(pages(want.contacts.length) + pages(want.deals.length));
    // Pipelines first: the deal search names the closed stages the pipelines answer defines.
    const order = s.fake.log.map((l) => l.path);
    expect(order.indexOf('/crm/v3/pipelines/deals')).toBeLessThan(order.indexOf('/crm/v3/objects/deals/search'));
    const body = s.fake.log.find((l) => l.path.endsWith('/deals/search'))!.body as { filterGroups: { filters: { propertyName: string; operator: string; value?: string; values?: string[] }[] }[] };
    const closedGroup = body.filterGroups.find((g) => g.filters.some((f) => f.propertyName === 'closedate'))!;
    expect(closedGroup.filters.find((f) => f.propertyName === 'dealstage')!.values!.sort()).toEqual(['103', '104', 'closedlost', 'closedwon']);
    const createdGroup = body.filterGroups.find((g) => g.filters.some((f) => f.propertyName === 'createdate'))!;
    expect(Number(createdGroup.filters.find((f) => f.operator === 'GTE')!.value)).toBe(windows.dealCreated.startMs);
    expect(Number(closedGroup.filters.find((f) => f.operator === 'GTE')!.value)).toBe(windows.dealClosed.startMs);
  });

  it('reads archived owners too (a separate listing with archived=true), so a former colleague\'s deal shows a name', async () => {
    const portal = realisticPortal({ contacts: 200, deals: 400, owners: 12, archivedOwners: 3, sameNamePairs: 1 }, endMs, 5);
    const s = await startHubspot(portal);
    close = s.close;
    const got = await s.source.readCrm(request);
    const ownerRequests = s.fake.log.filter((l) => l.path === '/crm/v3/owners/');
    expect(ownerRequests.map((l) => new URLSearchParams(l.query).get('archived'))).toEqual(expect.arrayContaining([null, 'true']));
    expect(ownerRequests).toHaveLength(2);
    expect(got.records.owners.map((o) => o.id).sort()).toEqual(portal.owners.map((o) => o.id).sort());
    const former = portal.owners.filter((o) => o.archived).map((o) => o.id);
    const digest = buildDigest({ week: '2026-W47', config: SAMPLE_MODEL_CONFIG, crm: got.records, sheet: { kpis: [], targets: [], notes: [], voice: [], definitions: [], people: [], tabGids: {} }, issues: [] });
    const formerWins = digest.wins.filter((w) => w.ownerId !== null && former.includes(w.ownerId));
    for (const w of digest.wins) expect(w.owner).not.toMatch(/^\d+$|unbekannt/);
    expect(formerWins.length + digest.slaBreachesByOwner.filter((r) => r.ownerId !== null && former.includes(r.ownerId)).length).toBeGreaterThan(0);
  });

  it('the fake follows HubSpot\'s owners contract: archived owners only with archived=true, never in the default listing', async () => {
    const portal = realisticPortal({ contacts: 1, deals: 1, owners: 6, archivedOwners: 2, sameNamePairs: 0 }, endMs, 3);
    const s = await startHubspot(portal);
    close = s.close;
    const list = async (q: string) => ((await (await fetch(`${s.fake.url}/crm/v3/owners/?limit=500${q}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { results: { id: string; archived: boolean }[] }).results;
    const [active, archived] = await Promise.all([list(''), list('&archived=true')]);
    expect(active.map((o) => o.archived)).toEqual([false, false, false, false]);
    expect(archived.map((o) => o.archived)).toEqual([true, true]);
    expect(await list('&archived=false')).toEqual(active);
  });

  it('a deal that comes back twice (a paging overlap) counts once through the pipeline\'s CRM checks, named as "deal <id>"', async () => {
    const portal = generatePortal({ contacts: 10, deals: 40, owners: 2 }, request.window, 13);
    const twice = portal.deals.find((d) => d.properties.dealstage === '103' && Date.parse(d.properties.closedate!) >= windows.dealClosed.startMs)!;
    portal.deals.push({ id: twice.id, properties: { ...twice.properties, amount: '777' } }); // the later copy
    const s = await startHubspot(portal);
    close = s.close;
    const read = await s.source.readCrm(request);
    expect(read.records.deals.filter((d) => d.id === twice.id)).toHaveLength(2);
    const checked = checkCrmRecords(read);
    expect(checked.records.deals.filter((d) => d.id === twice.id)).toEqual([expect.objectContaining({ amount: 777 })]);
    expect(checked.issues).toContainEqual(expect.objectContaining({ source: 'crm', location: `deal ${twice.id}`, message: `deal ${twice.id} appears twice; it counts once, the later occurrence wins` }));
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
    const digest = buildDigest({ week: '2026-W47', config: SAMPLE_MODEL_CONFIG, crm: got.records, sheet: { kpis: [], targets: [], notes: [], voice: [], definitions: [], people: [], tabGids: {} }, issues: [] });
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
    const digest = buildDigest({ week: '2026-W47', config: SAMPLE_MODEL_CONFIG, crm: a.records, sheet: { kpis: [], targets: [], notes: [], voice: [], definitions: [], people: [], tabGids: {} }, issues: [] });
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
