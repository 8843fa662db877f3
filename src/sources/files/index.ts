/**
 * The files source: the CRM records and the sheet tabs as CSV files in one folder. It is the
 * embedded default (`data/sample/`) and the way to feed any CRM through its export.
 *
 * A file written with `;` between fields (a German Excel export) uses `,` as its decimal mark;
 * how a file's bytes become cells is `csv.ts`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataIssue } from '../../model/types.js';
import { DigestError } from '../../errors.js';
import { parseSheetTabs } from '../sheet/tabs.js';
import type { CrmSource, SheetSource, SourceRequest } from '../types.js';
import { parseCrmTabs } from './crm-tables.js';
import { csvToTab, decodeCsv, NotText, type CsvTab } from './csv.js';

export { csvToTab } from './csv.js';

export const CRM_FILES = { contacts: 'contacts.csv', deals: 'deals.csv', stages: 'stages.csv', owners: 'owners.csv' } as const;
export const SHEET_FILES = { kpis: 'kpis.csv', targets: 'targets.csv', notes: 'notes.csv', voice: 'voice.csv' } as const;
/** Tabs a sheet may leave out: a missing file means no rows, never an incomplete digest. */
export const OPTIONAL_SHEET_FILES = { definitions: 'definitions.csv', people: 'people.csv', forecast: 'forecast.csv' } as const;

export interface FilesSourceOptions {
  /** Absolute folder path. */
  path: string;
}

/** What a missing or unreadable file leaves out of the digest, as the Sheets source says it. */
const CONTENT: Record<string, string> = {
  contacts: 'contacts', deals: 'deals', stages: 'pipeline stages', owners: 'owners', kpis: 'kpis', targets: 'targets', notes: 'notes', voice: 'voice',
  definitions: 'agreed definitions', people: 'people entries', forecast: 'forecasts',
};

/**
 * Why a file cannot be read, in words for the team lead: a folder named notes.csv, a file
 * without read permission, a spreadsheet saved as .csv, any other I/O error by its code. Null
 * for an error that is not about the file (a bug: it is thrown on).
 */
export function whyUnreadable(err: unknown): string | null {
  if (err instanceof NotText) return err.message;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'no permission to read it';
  return `${code}: ${(err as Error).message}`;
}

/**
 * The folder's entries by lower-case name: `KPIs.csv` (what `digest init` writes, named like
 * the sheet's tab) is read as `kpis.csv` on case-sensitive file systems too.
 */
async function filesIn(folder: string): Promise<Map<string, string>> {
  const names = await readdir(folder).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOTDIR') throw new DigestError('SOURCE_UNREADABLE', `files source: ${folder} is a file, not a folder (the path names the folder that holds the CSV files)`, { cause: err });
    return [] as string[];
  });
  const byLower = new Map<string, string>();
  // An exactly lower-case name wins over `KPIs.csv` when both exist.
  for (const name of names) if (!byLower.has(name.toLowerCase()) || name === name.toLowerCase()) byLower.set(name.toLowerCase(), name);
  return byLower;
}

/**
 * The files of `files` (a missing or unreadable one is an incomplete-data issue; none at all
 * fails the source) and of `optional` (a missing one is no issue at all: its section is left
 * out; an unreadable one is reported, without making the digest incomplete).
 */
async function readTabs<K extends string>(folder: string, files: Record<K, string>, issues: DataIssue[], optional: Partial<Record<string, string>> = {}): Promise<Partial<Record<K, CsvTab>>> {
  const tabs: Partial<Record<string, CsvTab>> = {};
  const unreadable: string[] = [];
  const present = await filesIn(folder);
  const read = async (key: string, wanted: string, required: boolean) => {
    const file = present.get(wanted.toLowerCase()) ?? wanted;
    const path = join(folder, file);
    const missing = `the ${CONTENT[key] ?? key} are missing from this digest`;
    const flag = required ? { incomplete: true as const } : {};
    try {
      tabs[key] = csvToTab(file, decodeCsv(file, await readFile(path), issues), issues);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        if (required) issues.push({ source: 'files', location: file, severity: 'error', incomplete: true, message: `file not found in ${folder}; ${missing}` });
        return;
      }
      const cause = whyUnreadable(err);
      if (cause === null) throw err;
      if (required) unreadable.push(`${path} (${cause})`);
      issues.push({ source: 'files', location: file, severity: 'error', ...flag, message: `cannot read ${path}: ${cause}; ${missing}` });
    }
  };
  await Promise.all((Object.entries(files) as [K, string][]).map(([key, file]) => read(key, file, true)));
  if (Object.keys(tabs).length === 0) {
    if (unreadable.length) throw new DigestError('SOURCE_UNREADABLE', `files source: cannot read ${unreadable.join(', ')}`);
    throw new DigestError('SOURCE_FAILED', `files source: none of ${Object.values(files).join(', ')} found in ${folder}`);
  }
  await Promise.all(Object.entries(optional).map(([key, file]) => read(key, file!, false)));
  return tabs as Partial<Record<K, CsvTab>>;
}

export function createFilesSource(options: FilesSourceOptions): CrmSource & SheetSource {
  return {
    name: `files:${options.path}`,
    async readCrm(request: SourceRequest) {
      const issues: DataIssue[] = [];
      const tabs = await readTabs(options.path, CRM_FILES, issues);
      const style = tabs.deals?.decimalStyle ?? 'point';
      const parsed = parseCrmTabs(tabs, request.timezone, style);
      return { records: parsed.records, issues: [...issues, ...parsed.issues] };
    },
    async readSheet(request: SourceRequest) {
      const issues: DataIssue[] = [];
      const tabs: Partial<Record<keyof typeof SHEET_FILES | keyof typeof OPTIONAL_SHEET_FILES, CsvTab>> = await readTabs(options.path, SHEET_FILES, issues, OPTIONAL_SHEET_FILES);
      const parsed = parseSheetTabs(tabs, {
        timezone: request.timezone,
        decimalStyle: tabs.kpis?.decimalStyle ?? 'point',
        metrics: request.metrics,
        source: 'files',
      });
      return { records: parsed.records, issues: [...issues, ...parsed.issues] };
    },
  };
}
