/**
 * A loopback fake of the Google Sheets API v4 (and Google's OAuth token endpoint), started on
 * port 0 and driven through the real client. It answers `values:batchGet`, `values/{range}` and
 * the spreadsheet metadata with the API's response shapes, omits trailing empty cells and rows,
 * serves dates as serial numbers (or German-formatted strings for FORMATTED_VALUE), answers with
 * Google's JSON error bodies, and counts every request by kind.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { columnLetters, parseA1 } from './a1.js';
import { renderCell, trimGrid, type DateRender, type FakeCell, type ValueRender } from './cells.js';
import { verifyAssertion, type Claims } from './jwt.js';
import { applyFields, parseFields } from './fields.js';

export type RequestKind = 'batchGet' | 'values' | 'metadata' | 'token' | 'other';

export interface FakeTab {
  title: string;
  cells: FakeCell[][];
  /** The tab's sheetId (the `gid` in links); default: 0 for the first tab, a large number for the others, as Sheets assigns them. */
  sheetId?: number;
}

/** Sheets gives the first tab 0 and later tabs large random ids; a fixed stand-in. */
export const defaultSheetId = (index: number) => (index === 0 ? 0 : 1_000_000_007 * index % 2_147_483_647);

export interface FakeSpreadsheet {
  tabs: FakeTab[];
  /** Principals (service-account e-mails, token owners) allowed to read; undefined = anyone authenticated. */
  sharedWith?: string[];
}

export interface ScriptedReply {
  status: number;
  retryAfter?: string;
  /** Hold the answer this long (for timeouts). */
  delayMs?: number;
  body?: unknown;
}

export interface LoggedRequest {
  kind: RequestKind;
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

const STATUS_WORD: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };
const MESSAGES: Record<number, string> = {
  401: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  429: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:123456789'.",
  500: 'Internal error encountered.',
  503: 'The service is currently unavailable.',
};

export function googleError(status: number, message = MESSAGES[status] ?? 'Error'): unknown {
  const details = status === 429 ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED', domain: 'googleapis.com', metadata: { service: 'sheets.googleapis.com' } }] : undefined;
  return { error: { code: status, message, status: STATUS_WORD[status] ?? 'UNKNOWN', ...(details ? { details } : {}) } };
}

export class FakeSheetsApi {
  readonly spreadsheets = new Map<string, FakeSpreadsheet>();
  /** Access tokens the API accepts, with the principal each belongs to. */
  readonly tokens = new Map<string, string>();
  /** Service accounts whose signed assertions the token endpoint accepts: e-mail → public key (PEM). */
  readonly serviceAccounts = new Map<string, string>();
  /** Claims of every assertion the token endpoint accepted. */
  readonly assertions: Claims[] = [];
  readonly requests: LoggedRequest[] = [];
  private readonly script: { kind: RequestKind; reply: ScriptedReply }[] = [];
  private readonly server = createServer((req, res) => {
    this.handle(req, res).catch((err: unknown) => this.send(res, 500, googleError(500, `fake failed: ${(err as Error).message}`)));
  });
  private issued = 0;
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  get tokenUrl(): string {
    return `${this.url}token`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  /** The next requests of this kind get these replies, in order, before normal service resumes. */
  fail(kind: RequestKind, ...replies: ScriptedReply[]): void {
    for (const reply of replies) this.script.push({ kind, reply });
  }

  count(kind?: RequestKind): number {
    return kind ? this.requests.filter((r) => r.kind === kind).length : this.requests.length;
  }

  reset(): void {
    this.requests.length = 0;
    this.script.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const kind = this.kindOf(req.method ?? 'GET', url.pathname);
    this.requests.push({ kind, method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization });
    const body = await new Promise<string>((done) => {
      let text = '';
      req.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => done(text));
    });
    const scripted = this.script.findIndex((s) => s.kind === kind);
    if (scripted >= 0) {
      const { reply } = this.script.splice(scripted, 1)[0]!;
      if (reply.delayMs) await new Promise((done) => setTimeout(done, reply.delayMs));
      if (res.destroyed) return;
      return this.send(res, reply.status, reply.body ?? googleError(reply.status), reply.retryAfter ? { 'retry-after': reply.retryAfter } : {});
    }
    if (kind === 'token') return this.token(res, body);
    const match = /^\/v4\/spreadsheets\/([^/]+?)(?:\/values(?::batchGet|\/(.+))?)?$/.exec(url.pathname);
    if (!match || req.method !== 'GET') return this.send(res, 404, googleError(404));
    const principal = this.principal(req.headers.authorization);
    if (principal === null) return this.send(res, 401, googleError(401));
    const sheet = this.spreadsheets.get(decodeURIComponent(match[1]!));
    if (!sheet) return this.send(res, 404, googleError(404));
    if (sheet.sharedWith && !sheet.sharedWith.includes(principal)) return this.send(res, 403, googleError(403));
    const id = decodeURIComponent(match[1]!);
    if (kind === 'metadata') {
      const full = { spreadsheetId: id, properties: { title: 'Fake sheet', locale: 'de_DE', timeZone: 'Europe/Berlin' }, sheets: sheet.tabs.map((t, i) => ({ properties: { sheetId: t.sheetId ?? defaultSheetId(i), title: t.title, index: i, sheetType: 'GRID', gridProperties: { rowCount: 1000, columnCount: 26 } } })) };
      // The `fields` mask (partial response), as the API applies it; a malformed mask is a 400.
      const fields = url.searchParams.get('fields');
      if (fields === null) return this.send(res, 200, full);
      let selector;
      try {
        selector = parseFields(fields);
      } catch (err) {
        return this.send(res, 400, googleError(400, `Invalid field selection: ${(err as Error).message}`));
      }
      return this.send(res, 200, applyFields(full, selector));
    }
    const value = (url.searchParams.get('valueRenderOption') ?? 'FORMATTED_VALUE') as ValueRender;
    const date = (url.searchParams.get('dateTimeRenderOption') ?? 'SERIAL_NUMBER') as DateRender;
    const ranges = kind === 'batchGet' ? url.searchParams.getAll('ranges') : [decodeURIComponent(match[2]!)];
    const valueRanges = [];
    for (const range of ranges) {
      const rendered = this.readRange(sheet, range, value, date);
      if (!rendered) return this.send(res, 400, googleError(400, `Unable to parse range: ${range}`));
      valueRanges.push(rendered);
    }
    return this.send(res, 200, kind === 'batchGet' ? { spreadsheetId: id, valueRanges } : valueRanges[0]);
  }

  private kindOf(method: string, path: string): RequestKind {
    if (method === 'POST' && path === '/token') return 'token';
    if (path.endsWith('/values:batchGet')) return 'batchGet';
    if (/\/values\/.+/.test(path)) return 'values';
    if (/^\/v4\/spreadsheets\/[^/]+$/.test(path)) return 'metadata';
    return 'other';
  }

  private principal(authorization: string | undefined): string | null {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    return token ? (this.tokens.get(token) ?? null) : null;
  }

  private readRange(sheet: FakeSpreadsheet, range: string, value: ValueRender, date: DateRender) {
    const a1 = parseA1(range);
    const tab = a1 && sheet.tabs.find((t) => t.title.toLowerCase() === a1.tab.toLowerCase());
    if (!a1 || !tab) return null;
    const rows = tab.cells
      .slice(a1.startRow, a1.endRow === undefined ? undefined : a1.endRow + 1)
      .map((row) => row.slice(a1.startCol, a1.endCol === undefined ? undefined : a1.endCol + 1).map((c) => renderCell(c ?? null, value, date)));
    const values = trimGrid(rows);
    const width = Math.max(1, ...values.map((r) => r.length));
    const name = /^[A-Za-z0-9_]+$/.test(tab.title) ? tab.title : `'${tab.title.replace(/'/g, "''")}'`;
    const bounds = `${columnLetters(a1.startCol)}${a1.startRow + 1}:${columnLetters(a1.startCol + width - 1)}${a1.startRow + Math.max(1, values.length)}`;
    return { range: `${name}!${bounds}`, majorDimension: 'ROWS', ...(values.length ? { values } : {}) };
  }

  private token(res: ServerResponse, body: string): void {
    const form = new URLSearchParams(body);
    const verdict = form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer'
      ? verifyAssertion(form.get('assertion') ?? '', this.serviceAccounts)
      : { error: 'unsupported_grant_type' as const, description: 'Invalid grant_type.' };
    if ('error' in verdict) return this.send(res, 400, { error: verdict.error, error_description: verdict.description });
    this.assertions.push(verdict.claims);
    const token = `ya29.fake-${++this.issued}`;
    this.tokens.set(token, verdict.claims.iss);
    this.send(res, 200, { access_token: token, expires_in: 3599, token_type: 'Bearer' });
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    res.end(JSON.stringify(body));
  }
}

export async function startFakeSheets(): Promise<FakeSheetsApi> {
  return new FakeSheetsApi().start();
}
