/**
 * Endpoint paths per API version: `v3` (`/crm/v3/…`, unsupported from September 2027) or a
 * dated version (`2026-03` → `/crm/objects/2026-03/…`, the pattern of HubSpot's dated API).
 */
export interface HubspotPaths {
  search(object: 'contacts' | 'deals'): string;
  pipelines: string;
  owners: string;
}

export function hubspotPaths(apiVersion: string): HubspotPaths {
  if (apiVersion === 'v3') {
    return { search: (object) => `/crm/v3/objects/${object}/search`, pipelines: '/crm/v3/pipelines/deals', owners: '/crm/v3/owners/' };
  }
  return {
    search: (object) => `/crm/objects/${apiVersion}/${object}/search`,
    pipelines: `/crm/pipelines/${apiVersion}/deals`,
    owners: `/crm/owners/${apiVersion}/`,
  };
}
