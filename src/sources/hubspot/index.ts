/**
 * The HubSpot CRM source: one search per object type over the whole history window (contacts,
 * deals), the deal pipelines (stage outcomes) and the owners (names), through the shared HTTP
 * layer. Pages are mapped to compact records as they arrive. Setup and metric mapping:
 * docs/hubspot.md.
 */
import { DigestError } from '../../errors.js';
import type { Contact, DataIssue, Deal, Owner } from '../../model/types.js';
import { createHttpClient, type HttpClient, type RequestInfo } from '../http/client.js';
import { createLimiter } from '../http/limiter.js';
import type { CrmSource, SourceRequest } from '../types.js';
import type { OwnersPage, PipelinesAnswer } from './api-types.js';
import type { HubspotSourceConfig } from './config.js';
import { hubspotPaths } from './paths.js';
import { contactSearch, dealSearch } from './queries.js';
import { toContact, toDeal, toOwners, toStages } from './records.js';
import { searchAll } from './search.js';

export interface HubspotSourceOptions {
  config: HubspotSourceConfig;
  env: NodeJS.ProcessEnv;
  /** Sees every request attempt (counting, logging); never the token. */
  onRequest?: (info: RequestInfo) => void;
}

const OWNERS_PAGE = 500;

export function createHubspotSource(options: HubspotSourceOptions): CrmSource {
  const { config } = options;
  const paths = hubspotPaths(config.apiVersion);
  const limits = config.limits;
  // One limiter per source instance: a run reads each portal once.
  const limiters = {
    search: createLimiter({ limit: limits.searchPerSecond, intervalMs: 1_000, spread: true }),
    general: createLimiter({ limit: limits.requestsPer10Seconds, intervalMs: 10_000 }),
  };

  function client(): HttpClient {
    const token = options.env[config.tokenEnv];
    if (!token) throw new DigestError('SECRET_MISSING', `hubspot: the environment variable ${config.tokenEnv} (tokenEnv) is not set; it must hold the service key or private-app token`);
    return createHttpClient({
      source: 'hubspot',
      baseUrl: config.baseUrl,
      token,
      timeoutMs: limits.timeoutMs,
      retry: { retries: limits.retries, backoffMs: limits.backoffMs, maxBackoffMs: limits.maxBackoffMs, rateLimitWaitMs: limits.rateLimitWaitMs },
      limiters,
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    });
  }

  async function owners(http: HttpClient): Promise<Owner[]> {
    const all: Owner[] = [];
    let after: string | undefined;
    do {
      const page: OwnersPage = await http.json<OwnersPage>({ method: 'GET', path: paths.owners, query: { limit: OWNERS_PAGE, after }, limiter: 'general' });
      all.push(...toOwners(page));
      after = page.paging?.next?.after;
    } while (after !== undefined);
    return all;
  }

  return {
    name: `hubspot:${config.baseUrl}`,
    async readCrm(request: SourceRequest) {
      const http = client();
      const issues: DataIssue[] = [];
      const props = config.properties;
      const contacts: Contact[] = [];
      const deals: Deal[] = [];
      const [, , pipelines, ownerList] = await Promise.all([
        searchAll(http, paths.search('contacts'), contactSearch(props, request.window), config.pageSize, (r) => contacts.push(toContact(r, props, issues))),
        searchAll(http, paths.search('deals'), dealSearch(props, request.window, config.pipelines), config.pageSize, (r) => deals.push(toDeal(r, props, issues))),
        http.json<PipelinesAnswer>({ method: 'GET', path: paths.pipelines, limiter: 'general' }),
        owners(http),
      ]);
      if (config.pipelines !== 'all') {
        const known = new Set(pipelines.results.map((p) => p.id));
        for (const id of config.pipelines.filter((p) => !known.has(p))) {
          issues.push({ source: 'crm', location: `pipeline ${id}`, severity: 'error', incomplete: true, message: `the configured deal pipeline "${id}" does not exist in HubSpot` });
        }
      }
      // Every property is asked for by name; HubSpot has a standard one for each except the reason.
      const available = { firstTouch: true, firstConversion: true, leadStatus: true, disqualificationReason: props.disqualificationReason !== undefined };
      return { records: { contacts, deals, stages: toStages(pipelines, config.pipelines), owners: ownerList, available }, issues };
    },
  };
}
