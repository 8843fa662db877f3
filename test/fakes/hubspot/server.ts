/**
 * A loopback fake of the HubSpot CRM API (port 0): search with HubSpot's filter semantics and
 * limits, deal pipelines, owners with paging, HubSpot-shaped errors and rate limits, and fault
 * injection (5xx, 429 with Retry-After, hangs, latency). Every request is logged.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matches, sortRecords, validateGroups, type Filter, type StoredRecord } from './filters.js';
import { createWindow, errorBody, RATE_LIMIT_BODIES, type Fault } from './limits.js';

export interface FakePipeline {
  id: string;
  label: string;
  stages: { id: string; label: string; metadata: { isClosed: string; probability: string } }[];
}
export interface FakeOwner { id: string; email: string | null; firstName: string | null; lastName: string | null; archived: boolean }

export interface FakePortal {
  contacts: StoredRecord[];
  deals: StoredRecord[];
  pipelines: FakePipeline[];
  owners: FakeOwner[];
}

export interface FakeOptions {
  /** The bearer token the fake accepts (401 otherwise). */
  token?: string;
  /** Search requests per rolling second (HubSpot: 5); 0 turns the limit off. */
  searchPerSecond?: number;
  /** Other requests per rolling 10 s (HubSpot: 100 or 190). */
  per10Seconds?: number;
  latencyMs?: number;
}

export interface LoggedRequest { method: string; path: string; status: number; body?: unknown; query?: string }

export interface HubspotFake {
  url: string;
  portal: FakePortal;
  log: LoggedRequest[];
  /** Faults answered, in order, to the next matching requests. */
  faults: Fault[];
  count(kind?: 'search' | 'pipelines' | 'owners', status?: number): number;
  close(): Promise<void>;
}

const SEARCH = /^\/crm\/(?:v3\/objects|objects\/\d{4}-\d{2})\/(contacts|deals)\/search$/;
const PIPELINES = /^\/crm\/(?:v3\/pipelines|pipelines\/\d{4}-\d{2})\/deals$/;
const OWNERS = /^\/crm\/(?:v3\/owners|owners\/\d{4}-\d{2})\/?$/;
const ALWAYS = { contacts: ['hs_object_id', 'createdate', 'lastmodifieddate'], deals: ['hs_object_id', 'createdate', 'hs_lastmodifieddate'] };
export const RESULT_CAP = 10_000;

const kindOf = (path: string) => (SEARCH.test(path) ? 'search' : PIPELINES.test(path) ? 'pipelines' : OWNERS.test(path) ? 'owners' : null);

export async function startHubspotFake(portal: FakePortal, options: FakeOptions = {}): Promise<HubspotFake> {
  for (const list of [portal.contacts, portal.deals]) list.sort((a, b) => Number(a.id) - Number(b.id));
  const log: LoggedRequest[] = [];
  const faults: Fault[] = [];
  const searchWindow = createWindow(1_000, options.searchPerSecond ?? 5);
  const generalWindow = createWindow(10_000, options.per10Seconds ?? 100);

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const kind = kindOf(url.pathname);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push({ method: req.method ?? '', path: url.pathname, status, ...(url.search ? { query: url.search } : {}), ...(kind === 'search' ? { body: safeJson(raw) } : {}) });
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
      res.end(text);
    };
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      return send(401, errorBody('Authentication credentials not found.', 'INVALID_AUTHENTICATION'));
    }
    const faultAt = faults.findIndex((f) => !f.on || f.on === kind);
    if (faultAt >= 0) {
      const [fault] = faults.splice(faultAt, 1);
      if (fault!.hangMs) await new Promise((r) => setTimeout(r, fault!.hangMs));
      if (fault!.status === 0) return void req.socket.destroy();
      const body = fault!.body ?? (fault!.status === 429 ? RATE_LIMIT_BODIES.SECONDLY : errorBody('Service unavailable', 'INTERNAL_ERROR'));
      return send(fault!.status, body, fault!.retryAfter === undefined ? {} : { 'retry-after': fault!.retryAfter });
    }
    if (kind === 'search') {
      if (!searchWindow.take()) return send(429, RATE_LIMIT_BODIES.SECONDLY);
    } else if (kind && !generalWindow.take()) {
      return send(429, RATE_LIMIT_BODIES.TEN_SECONDLY_ROLLING, { 'retry-after': '1' });
    }
    if (kind === 'search' && req.method === 'POST') return search(url.pathname.match(SEARCH)![1] as 'contacts' | 'deals', safeJson(raw), send);
    if (kind === 'pipelines' && req.method === 'GET') return send(200, { results: portal.pipelines.map((p) => ({ ...p, archived: false, displayOrder: 0 })) });
    if (kind === 'owners' && req.method === 'GET') {
      const limit = Number(url.searchParams.get('limit') ?? 100);
      if (limit > 500) return send(400, errorBody('limit must be at most 500', 'VALIDATION_ERROR'));
      // HubSpot's contract: `archived` (default false) returns *only* archived owners when true,
      // so active and archived owners are two separate listings.
      const archived = url.searchParams.get('archived') === 'true';
      const listed = portal.owners.filter((o) => o.archived === archived);
      const after = Number(url.searchParams.get('after') ?? 0);
      const results = listed.slice(after, after + limit);
      return send(200, { results, ...(after + limit < listed.length ? { paging: { next: { after: String(after + limit) } } } : {}) });
    }
    return send(404, errorBody(`No route for ${req.method} ${url.pathname}`, 'OBJECT_NOT_FOUND'));
  }

  function search(object: 'contacts' | 'deals', body: any, send: (status: number, body: unknown) => void) {
    if (!body || typeof body !== 'object') return send(400, errorBody('Invalid input JSON', 'VALIDATION_ERROR'));
    const limit = body.limit ?? 10;
    if (typeof limit !== 'number' || limit < 1 || limit > 200) return send(400, errorBody(`limit must be between 1 and 200, got ${limit}`, 'VALIDATION_ERROR'));
    const groups: { filters: Filter[] }[] = body.filterGroups ?? [];
    const invalid = validateGroups(groups);
    if (invalid) return send(400, errorBody(invalid, 'VALIDATION_ERROR'));
    const after = Number(body.after ?? 0);
    if (after + limit > RESULT_CAP) {
      return send(400, errorBody(`There was a problem with the request: the search can return at most ${RESULT_CAP} results (after=${after}, limit=${limit}).`, 'VALIDATION_ERROR'));
    }
    const matching = sortRecords(portal[object].filter((r) => matches(r, groups)), body.sorts ?? []);
    const names = [...new Set([...ALWAYS[object], ...(body.properties ?? [])])];
    const results = matching.slice(after, after + limit).map((r) => ({
      id: r.id,
      properties: Object.fromEntries(names.map((n) => [n, n === 'hs_object_id' ? r.id : (r.properties[n] ?? null)])),
      createdAt: r.properties.createdate ?? null,
      updatedAt: r.properties.createdate ?? null,
      archived: false,
    }));
    const next = after + limit < matching.length ? { paging: { next: { after: String(after + limit), link: `?after=${after + limit}` } } } : {};
    return send(200, { total: matching.length, results, ...next });
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => void handle(req, res, raw).catch((err) => { res.writeHead(500); res.end(String(err)); }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    portal,
    log,
    faults,
    count: (kind, status) => log.filter((l) => (!kind || kindOf(l.path) === kind) && (status === undefined || l.status === status)).length,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function safeJson(raw: string): any {
  try { return raw ? JSON.parse(raw) : null; } catch { return null; }
}
