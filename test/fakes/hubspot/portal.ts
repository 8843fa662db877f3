/**
 * Portals for the fake: the model's records turned into HubSpot-shaped records (properties as
 * strings, instants as ISO UTC strings, stage metadata as strings), and generated portals of
 * any size for the large-window tests and the bench.
 */
import type { CrmRecords } from '../../../src/model/types.js';
import type { StoredRecord } from './filters.js';
import type { FakeOwner, FakePipeline, FakePortal } from './server.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const num = (n: number | null) => (n === null ? null : String(n));

export const DEFAULT_PROPS = {
  mql: 'hs_lifecyclestage_marketingqualifiedlead_date',
  sql: 'hs_lifecyclestage_salesqualifiedlead_date',
  touch: 'hs_sa_first_engagement_date',
  leadStatus: 'hs_lead_status',
  firstConversion: 'first_conversion_event_name',
  /** HubSpot has no standard property for it; portals create their own. */
  reason: 'disqualification_reason',
};

const METADATA = {
  open: { isClosed: 'false', probability: '0.2' },
  won: { isClosed: 'true', probability: '1.0' },
  lost: { isClosed: 'true', probability: '0.0' },
};

export function portalFromRecords(crm: CrmRecords, custom: Partial<typeof DEFAULT_PROPS> = {}): FakePortal {
  const props = { ...DEFAULT_PROPS, ...custom };
  const contacts: StoredRecord[] = crm.contacts.map((c) => ({
    id: c.id,
    properties: {
      createdate: iso(c.createdAt), [props.mql]: iso(c.mqlAt), [props.sql]: iso(c.sqlAt), [props.touch]: iso(c.firstTouchAt),
      [props.leadStatus]: c.leadStatus ?? null, [props.firstConversion]: c.firstConversion ?? null, [props.reason]: c.disqualificationReason ?? null,
      hs_analytics_source: c.source, hubspot_owner_id: c.ownerId, lifecyclestage: c.sqlAt ? 'salesqualifiedlead' : c.mqlAt ? 'marketingqualifiedlead' : 'lead',
    },
  }));
  const deals: StoredRecord[] = crm.deals.map((d) => ({
    id: d.id,
    properties: {
      dealname: d.name, amount: num(d.amount), deal_currency_code: d.currency, amount_in_home_currency: num(d.amountHome),
      createdate: iso(d.createdAt), closedate: iso(d.closedAt), dealstage: d.stageId, pipeline: d.pipelineId,
      hubspot_owner_id: d.ownerId, hs_analytics_source: d.source,
    },
  }));
  const pipelines = new Map<string, FakePipeline>();
  for (const s of crm.stages) {
    if (!pipelines.has(s.pipelineId)) pipelines.set(s.pipelineId, { id: s.pipelineId, label: s.pipelineId, stages: [] });
    pipelines.get(s.pipelineId)!.stages.push({ id: s.stageId, label: s.label, metadata: METADATA[s.outcome] });
  }
  const owners: FakeOwner[] = crm.owners.map((o) => {
    const [first, ...rest] = o.name.split(' ');
    return { id: o.id, email: o.email, firstName: first ?? null, lastName: rest.join(' ') || null, archived: false };
  });
  return { contacts, deals, pipelines: [...pipelines.values()], owners };
}

/** A deterministic pseudo-random generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOURCES = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'DIRECT_TRAFFIC', 'OFFLINE', 'PAID_SOCIAL'];

/**
 * A portal whose `contacts` and `deals` are created inside [startMs, endMs): about 30 % become
 * MQLs (hours to days later), a third of those SQLs; deals close won or lost, or stay open.
 * Stage ids are numeric, as in real portals.
 */
export function generatePortal(n: { contacts: number; deals: number; owners?: number }, window: { startMs: number; endMs: number }, seed = 47): FakePortal {
  const rnd = random(seed);
  const span = window.endMs - window.startMs;
  const at = () => window.startMs + Math.floor(rnd() * span);
  const ownerCount = n.owners ?? 40;
  const owners: FakeOwner[] = Array.from({ length: ownerCount }, (_, i) => ({ id: String(90000001 + i), email: `owner${i + 1}@example.com`, firstName: `Owner`, lastName: `Nr. ${i + 1}`, archived: false }));
  const owner = () => owners[Math.floor(rnd() * ownerCount)]!.id;
  const contacts: StoredRecord[] = [];
  for (let i = 0; i < n.contacts; i++) {
    const created = at();
    const mql = rnd() < 0.3 ? created + Math.floor(rnd() * 5 * 86_400_000) : null;
    const sql = mql !== null && rnd() < 0.35 ? mql + Math.floor(rnd() * 10 * 86_400_000) : null;
    const touch = mql !== null && rnd() < 0.8 ? mql + Math.floor(rnd() * 48 * 3_600_000) : null;
    contacts.push({
      id: String(1_000_001 + i * 3),
      properties: {
        createdate: iso(created), [DEFAULT_PROPS.mql]: iso(mql), [DEFAULT_PROPS.sql]: iso(sql), [DEFAULT_PROPS.touch]: iso(touch),
        hs_analytics_source: SOURCES[Math.floor(rnd() * SOURCES.length)]!, hubspot_owner_id: rnd() < 0.8 ? owner() : null, lifecyclestage: 'lead',
      },
    });
  }
  const pipeline: FakePipeline = {
    id: '61234567', label: 'Sales',
    stages: [
      { id: '101', label: 'Qualified', metadata: METADATA.open },
      { id: '102', label: 'Proposal', metadata: { isClosed: 'false', probability: '0.6' } },
      { id: '103', label: 'Won', metadata: METADATA.won },
      { id: '104', label: 'Lost', metadata: METADATA.lost },
    ],
  };
  const deals: StoredRecord[] = [];
  for (let i = 0; i < n.deals; i++) {
    const created = at();
    const roll = rnd();
    const stage = roll < 0.3 ? '103' : roll < 0.55 ? '104' : roll < 0.8 ? '102' : '101';
    const closed = created + Math.floor(rnd() * 30 * 86_400_000);
    deals.push({
      id: String(5_000_001 + i * 7),
      properties: {
        dealname: `Deal ${i + 1}`, amount: String(1000 + Math.floor(rnd() * 40_000)), deal_currency_code: 'EUR', amount_in_home_currency: null,
        createdate: iso(created), closedate: iso(closed), dealstage: stage, pipeline: pipeline.id, hubspot_owner_id: owner(), hs_analytics_source: SOURCES[i % SOURCES.length]!,
      },
    });
  }
  return { contacts, deals, pipelines: [pipeline], owners };
}
