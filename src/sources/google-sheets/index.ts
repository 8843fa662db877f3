/**
 * The Google Sheets source: the four tabs (KPIs, Targets, Notes, Voice) of one spreadsheet,
 * read with ONE `values.batchGet` per run (UNFORMATTED_VALUE, SERIAL_NUMBER dates, ROWS) and
 * parsed by the same module as the CSV files (`sources/sheet/`), so both share every rule and
 * message. Only when a tab is missing does it ask for the tab titles (one more request) and
 * read the tabs that exist (a third), reporting the missing one with the names that do exist.
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
import { RetriesExhausted, withRetries, type RetryPolicy } from './retry.js';

type TabKey = keyof SheetTabs;
const TAB_KEYS: TabKey[] = ['kpis', 'targets', 'notes', 'voice', 'forecast'];
/** Tabs a sheet may leave out: their section is left out, the digest is still complete. */
const OPTIONAL_TABS: ReadonlySet<TabKey> = new Set(['forecast']);

export interface GoogleSheetsHooks {
  wait?: RetryPolicy['wait'];
  onRetry?: RetryPolicy['onRetry'];
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
  const policy: RetryPolicy = { retries: config.retries, backoffMs: config.backoffMs, maxBackoffMs: config.maxBackoffMs, maxRetryAfterMs: config.maxRetryAfterMs, tokenUrl, ...hooks };
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
      return await withRetries(() => {
        requests++;
        return fn();
      }, policy);
    } catch (err) {
      if (!(err instanceof RetriesExhausted)) throw err;
      throw sourceError(err, { spreadsheetId: config.spreadsheetId, account: s.credentials.account, credentials: s.credentials.description, apiRoot: config.apiRoot });
    }
  };

  /** One batchGet; if a tab is missing, names it (and the tabs that exist) and reads the others. */
  async function fetchTabs(s: Session, issues: DataIssue[]): Promise<Map<TabKey, ValueRange & { title: string }>> {
    const wanted = TAB_KEYS.map((key) => ({ key, title: config.tabs[key] }));
    const read = async (tabs: typeof wanted) => {
      const ranges = await call(s, () => s.api.batchGet(tabs.map((t) => tabRange(t.title))));
      return new Map(tabs.map((t, i) => [t.key, { ...(ranges[i] ?? { range: t.title, values: [] }), title: t.title }]));
    };
    try {
      return await read(wanted);
    } catch (err) {
      if (!(err instanceof DigestError) || err.code !== 'SOURCE_INCOMPLETE') throw err;
      const titles = await call(s, () => s.api.tabTitles());
      const byFolded = new Map(titles.map((t) => [t.toLowerCase(), t]));
      const present = wanted.filter((t) => byFolded.has(t.title.toLowerCase())).map((t) => ({ ...t, title: byFolded.get(t.title.toLowerCase())! }));
      const missing = wanted.filter((t) => !byFolded.has(t.title.toLowerCase()));
      if (missing.length === 0) throw err;
      const existing = titles.map((t) => `"${t}"`).join(', ') || 'none';
      for (const t of missing.filter((m) => !OPTIONAL_TABS.has(m.key))) {
        issues.push({ source: 'sheet', location: t.title, severity: 'error', incomplete: true, message: `the sheet has no tab "${t.title}" (tabs: ${existing}); rename a tab or set tabs.${t.key} in the config; the ${t.key} are missing from this digest` });
      }
      if (present.every((t) => OPTIONAL_TABS.has(t.key))) {
        throw new DigestError('SOURCE_FAILED', `Google Sheets source: spreadsheet ${config.spreadsheetId} has none of the tabs ${wanted.filter((t) => !OPTIONAL_TABS.has(t.key)).map((t) => `"${t.title}"`).join(', ')} (it has ${existing}); set tabs in the config`);
      }
      return read(present);
    }
  }

  return {
    name: `google-sheets:${config.spreadsheetId}`,
    async readSheet(request: SourceRequest) {
      const before = requests;
      const s = await connect();
      const issues: DataIssue[] = [];
      const fetched = await fetchTabs(s, issues);
      const tabs: SheetTabs = {};
      for (const [key, range] of fetched) tabs[key] = { name: locationName(range.title), rows: range.values.map((row) => (Array.isArray(row) ? (row as Cell[]) : [])) };
      const parsed = parseSheetTabs(tabs, { timezone: request.timezone, decimalStyle: config.textNumbers, metrics: request.metrics, source: 'sheet' });
      report = [
        `credentials: ${s.credentials.description}`,
        `spreadsheet ${config.spreadsheetId}: ${[...fetched.values()].map((r) => `${r.title} (${Math.max(0, r.values.length - 1)} rows)`).join(', ')}`,
        `API requests: ${requests - before}`,
      ];
      return { records: parsed.records, issues: [...issues, ...parsed.issues] };
    },
    describe: () => report,
  };
}
