/**
 * The two searches of a run: contacts created, MQL'd or SQL'd in the window, and deals created
 * or closed in the window. Each time condition is one filter group (groups are OR'ed) over the
 * half-open window [start, end) as GTE + LT, so an instant on a boundary belongs to one side only.
 */
import type { Filter, SearchBody } from './api-types.js';
import type { HubspotProperties } from './config.js';

export interface SearchSpec {
  filterGroups: { filters: Filter[] }[];
  properties: string[];
}

export const ID = 'hs_object_id';

const unique = (names: string[]) => [...new Set(names)];

function inWindow(property: string, window: { startMs: number; endMs: number }): Filter[] {
  return [
    { propertyName: property, operator: 'GTE', value: String(window.startMs) },
    { propertyName: property, operator: 'LT', value: String(window.endMs) },
  ];
}

/** Lead status, first conversion and (when configured) the disqualification reason: asked for in the same search. */
export const planningProperties = (p: HubspotProperties): string[] => [p.leadStatus, p.firstConversion, ...(p.disqualificationReason ? [p.disqualificationReason] : [])];

export function contactSearch(p: HubspotProperties, window: { startMs: number; endMs: number }): SearchSpec {
  return {
    filterGroups: unique(['createdate', p.mqlDate, p.sqlDate]).map((name) => ({ filters: inWindow(name, window) })),
    properties: unique(['createdate', p.mqlDate, p.sqlDate, p.firstTouch, p.contactSource, 'hubspot_owner_id', ...planningProperties(p)]),
  };
}

export const DEAL_PROPERTIES = ['dealname', 'amount', 'deal_currency_code', 'amount_in_home_currency', 'createdate', 'closedate', 'dealstage', 'pipeline', 'hubspot_owner_id'];

export function dealSearch(p: HubspotProperties, window: { startMs: number; endMs: number }, pipelines: 'all' | string[]): SearchSpec {
  const pipelineFilter: Filter[] = pipelines === 'all' ? [] : [{ propertyName: 'pipeline', operator: 'IN', values: pipelines }];
  return {
    filterGroups: ['createdate', 'closedate'].map((name) => ({ filters: [...inWindow(name, window), ...pipelineFilter] })),
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
