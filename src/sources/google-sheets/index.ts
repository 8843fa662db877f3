/**
 * The Google Sheets source: the tabs (KPIs, Targets, Notes, Voice; the optional Definitions and
 * People) of one spreadsheet, read with TWO requests per run: the spreadsheet metadata (tab
 * titles and sheetIds, the `gid` of links to a tab), then ONE `values.batchGet` of the
 * configured tabs that exist (UNFORMATTED_VALUE, SERIAL_NUMBER dates, ROWS). Parsed by the same
 * module as the CSV files (`sources/sheet/`), so both share every rule and message. A missing
 * required tab is reported with the names that do exist (the digest is incomplete); a missing
 * optional tab just leaves its section out.
 */
import type { DataIssue } from '../../model/types.js';
import { configError, DigestError } from '../../errors.js';
import type { Cell } from '../sheet/cells.js';
import { parseSheetTabs, type SheetTabs } from '../sheet/tabs.js';
import type { SheetSource, SourceRequest } from '../types.js';
import { checkAuthConfig, loadCredentials, type AuthEnvironment, type Credentials } from './auth.js';
import { locationName, openSheetsApi, tabRange, type SheetsApi, type ValueRange } from './api.js';
import { GOOGLE_TOKEN_URL, SPREADSHEET_ID_PLACEHOLDER, type GoogleSheetsConfig } from './config.js';
import { sourceError } from './errors.js';
import { RetriesExhausted, withRetry, type RetryPolicy } from '../../retry.js';
import { describeFailure, isRetryable, type Failure } from './failure.js';

type TabKey = keyof SheetTabs & keyof GoogleSheetsConfig['tabs'];
const REQUIRED_TABS: TabKey[] = ['kpis', 'targets', 'notes', 'voice'];
/** Tabs a sheet may leave out: without them their section is left out, the digest is not incomplete. */
const OPTIONAL_TABS: TabKey[] = ['definitions', 'people', 'forecast'];

interface FetchedTab extends ValueRange {
  title: string;
  sheetId: number;
}

export interface GoogleSheetsHooks {
  /** Waits between attempts; injectable so tests need not sleep. */
  wait?: (ms: number) => Promise<void>;
  /** Called before each retry (for logs and tests). */
  onRetry?: (info: { attempt: number; failure: Failure; retryAfterMs: number | null; waitMs: number }) => void;
}

export interface GoogleSheetsSource extends SheetSource {
  /** What the last read found, for `digest validate`: credentials, tabs and their row counts, requests made. */
  describe(): string[];
}

interface Session {
  credentials: Credentials;
  api: SheetsApi;
}

export function createGoogleSheetsSource(config: GoogleSheetsConfig, environment: AuthEnvironment, hooks: GoogleSheetsHooks = {}): GoogleSheetsSource {
  // Before the key file: a new user's first `validate` names the step that is really missing.
  if (config.spreadsheetId === SPREADSHEET_ID_PLACEHOLDER) {
    throw configError(`sources.sheet.spreadsheetId is still the placeholder ${SPREADSHEET_ID_PLACEHOLDER} that \`digest init\` wrote: put your sheet's id there (docs.google.com/spreadsheets/d/<id>/edit), or try the digest first with \`sheet: { type: files, path: sheet }\``);
  }
  checkAuthConfig(config.auth, environment);
  const tokenUrl = config.auth.type === 'access-token' ? GOOGLE_TOKEN_URL : config.auth.tokenUrl;
  // The one retry policy (src/retry.ts): 429, 5xx, timeouts and network errors are retried; the
  // server's Retry-After is the wait, and one longer than maxRetryAfterMs ends the retries.
  const policy: RetryPolicy = { retries: config.retries, minDelayMs: config.backoffMs, maxDelayMs: config.maxBackoffMs, maxRetryAfterMs: config.maxRetryAfterMs };
  const classify = (error: unknown) => {
    const failure = describeFailure(error, tokenUrl);
    return { retry: isRetryable(failure), retryAfterMs: failure.retryAfterMs };
  };
  const retryHooks = {
    wait: hooks.wait,
    onRetry: ({ attempt, error, waitMs }: { attempt: number; error: unknown; waitMs: number }) => {
      const failure = describeFailure(error, tokenUrl);
      hooks.onRetry?.({ attempt, failure, retryAfterMs: failure.retryAfterMs, waitMs });
    },
  };
  let session: Promise<Session> | null = null;
  let requests = 0;
  let report: string[] = [];

  const connect = () =>
    (session ??= (async () => {
      const credentials = await loadCredentials(config.auth, environment, config.timeoutMs);
      const api = await openSheetsApi({ spreadsheetId: config.spreadsheetId, apiRoot: config.apiRoot, timeoutMs: config.timeoutMs, auth: credentials.client });
      return { credentials, api };
    })().catch((err: unknown) => {
      session = null;
      throw err;
    }));

  const call = async <T>(s: Session, fn: () => Promise<T>): Promise<T> => {
    try {
      return await withRetry(() => {
        requests++;
        return fn();
      }, policy, classify, retryHooks);
    } catch (err) {
      if (!(err instanceof RetriesExhausted)) throw err;
      throw sourceError(describeFailure(err.lastError, tokenUrl), err.attempts, { spreadsheetId: config.spreadsheetId, account: s.credentials.account, credentials: s.credentials.description, apiRoot: config.apiRoot });
    }
  };

  /** The metadata, then one batchGet of the configured tabs that exist; a missing required tab is an issue. */
  async function fetchTabs(s: Session, issues: DataIssue[]): Promise<{ fetched: Map<TabKey, FetchedTab>; absentOptional: string[] }> {
    const tabs = await call(s, () => s.api.tabs());
    const byFolded = new Map(tabs.map((t) => [t.title.toLowerCase(), t]));
    const find = (key: TabKey) => byFolded.get(config.tabs[key].toLowerCase());
    const existing = tabs.map((t) => `"${t.title}"`).join(', ') || 'none';
    const missing = REQUIRED_TABS.filter((key) => !find(key));
    if (missing.length === REQUIRED_TABS.length) {
      throw new DigestError('SOURCE_FAILED', `Google Sheets source: spreadsheet ${config.spreadsheetId} has none of the tabs ${REQUIRED_TABS.map((k) => `"${config.tabs[k]}"`).join(', ')} (it has ${existing}); set tabs in the config`);
    }
    for (const key of missing) {
      const title = config.tabs[key];
      issues.push({ source: 'sheet', location: title, severity: 'error', incomplete: true, message: `the sheet has no tab "${title}" (tabs: ${existing}); rename a tab or set tabs.${key} in the config; the ${key} are missing from this digest` });
    }
    const present = [...REQUIRED_TABS, ...OPTIONAL_TABS].flatMap((key) => {
      const tab = find(key);
      return tab ? [{ key, ...tab }] : [];
    });
    const ranges = await call(s, () => s.api.batchGet(present.map((t) => tabRange(t.title))));
    return {
      fetched: new Map(present.map((t, i) => [t.key, { ...(ranges[i] ?? { range: t.title, values: [] }), title: t.title, sheetId: t.sheetId }])),
      absentOptional: OPTIONAL_TABS.filter((key) => !find(key)).map((key) => config.tabs[key]),
    };
  }

  return {
    name: `google-sheets:${config.spreadsheetId}`,
    async readSheet(request: SourceRequest) {
      const before = requests;
      const s = await connect();
      const issues: DataIssue[] = [];
      const { fetched, absentOptional } = await fetchTabs(s, issues);
      const tabs: SheetTabs = {};
      const tabGids: Partial<Record<TabKey, number>> = {};
      for (const [key, range] of fetched) {
        tabs[key] = { name: locationName(range.title), rows: range.values.map((row) => (Array.isArray(row) ? (row as Cell[]) : [])) };
        tabGids[key] = range.sheetId;
      }
      const parsed = parseSheetTabs(tabs, { timezone: request.timezone, decimalStyle: config.textNumbers, metrics: request.metrics, source: 'sheet' });
      report = [
        `credentials: ${s.credentials.description}`,
        `spreadsheet ${config.spreadsheetId}: ${[...fetched.values()].map((r) => `${r.title} (${Math.max(0, r.values.length - 1)} rows)`).join(', ')}`,
        ...(absentOptional.length ? [`optional tabs not in the sheet (their sections are left out): ${absentOptional.join(', ')}`] : []),
        `API requests: ${requests - before}`,
      ];
      return { records: { ...parsed.records, tabGids }, issues: [...issues, ...parsed.issues] };
    },
    describe: () => report,
  };
}
