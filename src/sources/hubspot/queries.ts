/**
 * The two searches of a run. Each date property is one filter group (groups are OR'ed) over
 * its own range from `sourceWindows` — what the metrics need of that fact, no more — as GTE + LT
 * on the half-open range [start, end), so an instant on a boundary belongs to one side only.
 * Contacts: created, MQL'd or SQL'd in their ranges. Deals: created in theirs, or closed in
 * theirs in a closed (won or lost) stage: an open deal's `closedate` is only an expected date,
 * and no metric counts it.
 */
import type { SourceWindows } from '../../model/window.js';
import type { Filter, SearchBody } from './api-types.js';
import type { HubspotProperties } from './config.js';

export interface SearchSpec {
  filterGroups: { filters: Filter[] }[];
  properties: string[];
}

export const ID = 'hs_object_id';

type Range = { startMs: number; endMs: number };
const unique = (names: string[]) => [...new Set(names)];

function inRange(property: string, range: Range): Filter[] {
  return [
    { propertyName: property, operator: 'GTE', value: String(range.startMs) },
    { propertyName: property, operator: 'LT', value: String(range.endMs) },
  ];
}

/** Lead status, first conversion and (when configured) the disqualification reason: asked for in the same search. */
export const planningProperties = (p: HubspotProperties): string[] => [p.leadStatus, p.firstConversion, ...(p.disqualificationReason ? [p.disqualificationReason] : [])];

/** One group per property; a property named for two facts (a custom setup) gets their hull. */
function groupsByProperty(pairs: [string, Range][]): { filters: Filter[] }[] {
  const byName = new Map<string, Range>();
  for (const [name, r] of pairs) {
    const seen = byName.get(name);
    byName.set(name, seen ? { startMs: Math.min(seen.startMs, r.startMs), endMs: Math.max(seen.endMs, r.endMs) } : r);
  }
  return [...byName].map(([name, r]) => ({ filters: inRange(name, r) }));
}

export function contactSearch(p: HubspotProperties, windows: SourceWindows): SearchSpec {
  return {
    filterGroups: groupsByProperty([['createdate', windows.contactCreated], [p.mqlDate, windows.mql], [p.sqlDate, windows.sql]]),
    properties: unique(['createdate', p.mqlDate, p.sqlDate, p.firstTouch, p.contactSource, 'hubspot_owner_id', ...planningProperties(p)]),
  };
}

export const DEAL_PROPERTIES = ['dealname', 'amount', 'deal_currency_code', 'amount_in_home_currency', 'createdate', 'closedate', 'dealstage', 'pipeline', 'hubspot_owner_id'];

/**
 * A cautious cap on the values of one IN filter (HubSpot limits them; portals have a few closed
 * stages). Beyond it the close-date group asks for every stage: more records, same figures.
 */
export const IN_VALUES_MAX = 100;

/**
 * `closedStageIds`: the won and lost stage ids of the pipelines answer (so the pipelines are
 * read before the deals). With none, no deal can be won or lost and the close-date group is left out.
 */
export function dealSearch(p: HubspotProperties, windows: SourceWindows, pipelines: 'all' | string[], closedStageIds: readonly string[]): SearchSpec {
  const pipelineFilter: Filter[] = pipelines === 'all' ? [] : [{ propertyName: 'pipeline', operator: 'IN', values: pipelines }];
  const created = { filters: [...inRange('createdate', windows.dealCreated), ...pipelineFilter] };
  const stageFilter: Filter[] = closedStageIds.length > IN_VALUES_MAX ? [] : [{ propertyName: 'dealstage', operator: 'IN', values: [...closedStageIds] }];
  const closed = { filters: [...inRange('closedate', windows.dealClosed), ...stageFilter, ...pipelineFilter] };
  return {
    filterGroups: closedStageIds.length ? [created, closed] : [created],
    properties: unique([...DEAL_PROPERTIES, p.dealSource]),
  };
}

/**
 * One page request. Results come in ascending id order; `afterId` restarts the query past the
 * last id read (keyset), which is how a result set larger than HubSpot's 10,000 cap is read.
 */
export function searchBody(spec: SearchSpec, limit: number, afterId: string | null, after: string | undefined): SearchBody {
  const keyset: Filter[] = afterId === null ? [] : [{ propertyName: ID, operator: 'GT', value: afterId }];
  return {
    filterGroups: spec.filterGroups.map((g) => ({ filters: [...g.filters, ...keyset] })),
    sorts: [{ propertyName: ID, direction: 'ASCENDING' }],
    properties: spec.properties,
    limit,
    ...(after === undefined ? {} : { after }),
  };
}
