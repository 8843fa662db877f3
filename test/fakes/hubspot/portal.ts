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

export interface RealisticSize {
  contacts: number;
  deals: number;
  owners: number;
  /** Owners only listed with `archived=true` (former colleagues); they still own records. */
  archivedOwners: number;
  /** Pairs of owners with the same first and last name (told apart by id and e-mail). */
  sameNamePairs: number;
}

const FIRST = ['Jürgen', 'Anna', 'Lukas', 'Sophie', 'Max', 'Laura', 'Felix', 'Marie', 'Jonas', 'Lea', 'Paul', 'Hannah', 'Elias', 'Mia', 'Noah', 'Emma'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann'];

/**
 * A portal as real ones are, around a report week ending at `endMs`: records created over the
 * 40 weeks before it (and a few days after, as a run on Monday sees), MQLs days to months after
 * creation (so old contacts become MQLs inside the windows), SQLs weeks after that (some before
 * the MQL), open deals with an expected close date (HubSpot sets one), owners with same-name
 * pairs and archived owners who still own records. Deterministic per seed.
 */
export function realisticPortal(n: RealisticSize, endMs: number, seed = 47): FakePortal {
  const rnd = random(seed);
  const DAY = 86_400_000;
  const created = () => endMs - 280 * DAY + Math.floor(rnd() * 287 * DAY);
  const delay = (meanDays: number, capDays: number) => Math.floor(Math.min(-Math.log(1 - rnd()) * meanDays, capDays) * DAY);
  const owners: FakeOwner[] = Array.from({ length: n.owners }, (_, i) => {
    const twin = i < 2 * n.sameNamePairs ? i >> 1 : i; // owners 0 and 1, 2 and 3, … share a name
    return {
      id: String(81_000_001 + i * 11),
      email: `owner${i + 1}@example.com`,
      firstName: FIRST[twin % FIRST.length]!,
      lastName: `${LAST[Math.floor(twin / FIRST.length) % LAST.length]!}${twin >= FIRST.length * LAST.length ? ` ${twin}` : ''}`,
      archived: i >= n.owners - n.archivedOwners,
    };
  });
  const owner = () => owners[Math.floor(rnd() * owners.length)]!.id;
  const contacts: StoredRecord[] = [];
  for (let i = 0; i < n.contacts; i++) {
    const at = created();
    const mql = rnd() < 0.35 ? at + delay(12, 150) : null;
    const sql = mql === null || rnd() >= 0.35 ? null : rnd() < 0.05 ? mql - Math.floor(rnd() * 6 * 3_600_000) : mql + delay(14, 90);
    const touch = mql !== null && rnd() < 0.8 ? mql + Math.floor(rnd() * 72 * 3_600_000) : null;
    contacts.push({
      id: String(1_000_001 + i * 3),
      properties: {
        createdate: iso(at), [DEFAULT_PROPS.mql]: iso(mql), [DEFAULT_PROPS.sql]: iso(sql), [DEFAULT_PROPS.touch]: iso(touch),
        hs_analytics_source: SOURCES[Math.floor(rnd() * SOURCES.length)]!, hubspot_owner_id: mql !== null || rnd() < 0.7 ? owner() : null,
        lifecyclestage: sql ? 'salesqualifiedlead' : mql ? 'marketingqualifiedlead' : 'lead',
      },
    });
  }
  const pipelines: FakePipeline[] = [
    { id: 'default', label: 'Sales', stages: [
      { id: 'appointmentscheduled', label: 'Termin', metadata: METADATA.open },
      { id: 'contractsent', label: 'Vertrag', metadata: { isClosed: 'false', probability: '0.8' } },
      { id: 'closedwon', label: 'Gewonnen', metadata: METADATA.won },
      { id: 'closedlost', label: 'Verloren', metadata: METADATA.lost },
    ] },
    { id: '61234567', label: 'Partner', stages: [
      { id: '101', label: 'Qualified', metadata: METADATA.open },
      { id: '103', label: 'Won', metadata: METADATA.won },
      { id: '104', label: 'Lost', metadata: METADATA.lost },
    ] },
  ];
  const deals: StoredRecord[] = [];
  for (let i = 0; i < n.deals; i++) {
    const at = created();
    const partner = rnd() < 0.25;
    const roll = rnd();
    const outcome = roll < 0.3 ? 'won' : roll < 0.55 ? 'lost' : 'open';
    const stage = partner ? { won: '103', lost: '104', open: '101' }[outcome] : { won: 'closedwon', lost: 'closedlost', open: rnd() < 0.5 ? 'appointmentscheduled' : 'contractsent' }[outcome];
    deals.push({
      id: String(5_000_001 + i * 7),
      properties: {
        dealname: `Deal ${i + 1}`, amount: String(1000 + Math.floor(rnd() * 40_000)), deal_currency_code: 'EUR', amount_in_home_currency: null,
        createdate: iso(at), closedate: iso(at + delay(30, 120)), dealstage: stage, pipeline: partner ? '61234567' : 'default',
        hubspot_owner_id: owner(), hs_analytics_source: SOURCES[i % SOURCES.length]!,
      },
    });
  }
  return { contacts, deals, pipelines, owners };
}

type Range = { startMs: number; endMs: number };
export interface FactWindows { contactCreated: Range; mql: Range; sql: Range; dealCreated: Range; dealClosed: Range }

/**
 * The records a source must read for these windows, worked out from the portal's own data (not
 * from the source's queries): a contact created, MQL'd or SQL'd in its fact's range; a deal
 * created in its range, or closed in its range in a won or lost stage.
 */
export function expectedRecords(portal: FakePortal, w: FactWindows, props = DEFAULT_PROPS): { contacts: string[]; deals: string[] } {
  const inRange = (value: string | null | undefined, r: Range) => !!value && Date.parse(value) >= r.startMs && Date.parse(value) < r.endMs;
  const closed = new Set(portal.pipelines.flatMap((p) => p.stages.filter((s) => s.metadata.isClosed === 'true').map((s) => `${p.id}|${s.id}`)));
  return {
    contacts: portal.contacts
      .filter((c) => inRange(c.properties.createdate, w.contactCreated) || inRange(c.properties[props.mql], w.mql) || inRange(c.properties[props.sql], w.sql))
      .map((c) => c.id).sort(),
    deals: portal.deals
      .filter((d) => inRange(d.properties.createdate, w.dealCreated) || (inRange(d.properties.closedate, w.dealClosed) && closed.has(`${d.properties.pipeline}|${d.properties.dealstage}`)))
      .map((d) => d.id).sort(),
  };
}
