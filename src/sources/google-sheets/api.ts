/**
 * The two Sheets API calls the source makes, through Google's official client: the
 * spreadsheet's tab titles and sheetIds (`fields=sheets.properties(title,sheetId)`), then one
 * `values.batchGet` of the tabs that exist.
 * The client's own retries are off (`retry: false`); the one retry policy (src/retry.ts) does them, once per request.
 */
import type { AuthClient } from './auth.js';

export interface ValueRange {
  range: string;
  values: unknown[][];
}

/** A tab as the spreadsheet metadata lists it; `sheetId` is the `gid` of links to the tab. */
export interface TabInfo {
  title: string;
  sheetId: number;
}

export interface SheetsApi {
  batchGet(ranges: string[]): Promise<ValueRange[]>;
  tabs(): Promise<TabInfo[]>;
}

export interface ApiOptions {
  spreadsheetId: string;
  apiRoot: string;
  timeoutMs: number;
  auth: AuthClient;
}

export async function openSheetsApi(options: ApiOptions): Promise<SheetsApi> {
  const { sheets } = await import('@googleapis/sheets');
  const api = sheets({ version: 'v4', rootUrl: options.apiRoot, auth: options.auth });
  const perCall = { retry: false, timeout: options.timeoutMs };
  return {
    async batchGet(ranges) {
      const res = await api.spreadsheets.values.batchGet(
        {
          spreadsheetId: options.spreadsheetId,
          ranges,
          majorDimension: 'ROWS',
          valueRenderOption: 'UNFORMATTED_VALUE',
          dateTimeRenderOption: 'SERIAL_NUMBER',
        },
        perCall,
      );
      return (res.data.valueRanges ?? []).map((r) => ({ range: r.range ?? '', values: (r.values ?? []) as unknown[][] }));
    },
    async tabs() {
      const res = await api.spreadsheets.get({ spreadsheetId: options.spreadsheetId, fields: 'sheets.properties(title,sheetId)', includeGridData: false }, perCall);
      return (res.data.sheets ?? [])
        .map((s) => ({ title: s.properties?.title ?? '', sheetId: s.properties?.sheetId ?? 0 }))
        .filter((t) => t.title !== '');
    },
  };
}

/** A tab title as an A1 range: quoted, with quotes doubled (`'Team''s notes'`). */
export function tabRange(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

/** A tab title as it appears in A1 locations: bare when plain, quoted otherwise (`'KPIs 2026'!C7`). */
export function locationName(title: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) ? title : tabRange(title);
}
