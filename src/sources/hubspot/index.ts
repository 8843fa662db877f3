/**
 * The HubSpot CRM source: one search per object type, each date property over its own range
 * (`sourceWindows`), the deal pipelines (stage outcomes; read before the deals, whose close-date
 * group asks for closed stages only) and the owners, active and archived (names), through the
 * shared HTTP layer. Pages are mapped to compact records as they arrive. Setup, windows and
 * request counts: docs/hubspot.md.
 */
import { DigestError } from '../../errors.js';
import { readSecret } from '../../secrets.js';
import type { Contact, DataIssue, Deal, Owner } from '../../model/types.js';
import { uniformWindows } from '../../model/window.js';
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
const unique = (ids: string[]) => [...new Set(ids)];

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
    const token = readSecret(options.env, config.tokenEnv);
    if (!token) throw new DigestError('SECRET_MISSING', `hubspot: the environment variable ${config.tokenEnv} (tokenEnv) is not set; it must hold the service key or private-app token`);
    return createHttpClient({
      source: 'hubspot',
      baseUrl: config.baseUrl,
      token,
      timeoutMs: limits.timeoutMs,
      retry: { retries: limits.retries, minDelayMs: limits.backoffMs, maxDelayMs: limits.maxBackoffMs, rateLimitWaitMs: limits.rateLimitWaitMs },
      limiters,
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    });
  }

  /**
   * One listing of owners. HubSpot lists active owners by default and archived ones (former
   * colleagues, whose deals still name them) only with `archived=true`, so a run reads both.
   */
  async function owners(http: HttpClient, archived: boolean): Promise<Owner[]> {
    const all: Owner[] = [];
    let after: string | undefined;
    do {
      const query = { limit: OWNERS_PAGE, after, ...(archived ? { archived: 'true' } : {}) };
      const page: OwnersPage = await http.json<OwnersPage>({ method: 'GET', path: paths.owners, query, limiter: 'general' });
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
      const windows = request.windows ?? uniformWindows(request.window);
      const contacts: Contact[] = [];
      const deals: Deal[] = [];
      const readDeals = async () => {
        const answer = await http.json<PipelinesAnswer>({ method: 'GET', path: paths.pipelines, limiter: 'general' });
        const stages = toStages(answer, config.pipelines);
        const closed = unique(stages.filter((st) => st.outcome !== 'open').map((st) => st.stageId));
        await searchAll(http, paths.search('deals'), dealSearch(props, windows, config.pipelines, closed), config.pageSize, (r) => deals.push(toDeal(r, props, issues)));
        return { answer, stages };
      };
      const [, { answer: pipelines, stages }, active, archived] = await Promise.all([
        searchAll(http, paths.search('contacts'), contactSearch(props, windows), config.pageSize, (r) => contacts.push(toContact(r, props, issues))),
        readDeals(),
        owners(http, false),
        owners(http, true),
      ]);
      if (config.pipelines !== 'all') {
        const known = new Set(pipelines.results.map((p) => p.id));
        for (const id of config.pipelines.filter((p) => !known.has(p))) {
          issues.push({ source: 'crm', location: `pipeline ${id}`, severity: 'error', incomplete: true, message: `the configured deal pipeline "${id}" does not exist in HubSpot` });
        }
      }
      // Every property is asked for by name; HubSpot has a standard one for each except the reason.
      const available = { firstTouch: true, firstConversion: true, leadStatus: true, disqualificationReason: props.disqualificationReason !== undefined };
      // Active last: an id in both listings (archived between the two requests) keeps its active entry.
      return { records: { contacts, deals, stages, owners: [...archived, ...active], available }, issues };
    },
  };
}
