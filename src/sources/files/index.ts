/**
 * The files source: the CRM records and the sheet tabs as CSV files in one folder. It is the
 * embedded default (`data/sample/`) and the way to feed any CRM through its export.
 *
 * A file written with `;` between fields (a German Excel export) uses `,` as its decimal mark.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DataIssue } from '../../model/types.js';
import { DigestError } from '../../errors.js';
import type { Cell, DecimalStyle } from '../sheet/cells.js';
import type { Tab } from '../sheet/table.js';
import { parseSheetTabs } from '../sheet/tabs.js';
import type { CrmSource, SheetSource, SourceRequest } from '../types.js';
import { parseCrmTabs } from './crm-tables.js';

export const CRM_FILES = { contacts: 'contacts.csv', deals: 'deals.csv', stages: 'stages.csv', owners: 'owners.csv' } as const;
export const SHEET_FILES = { kpis: 'kpis.csv', targets: 'targets.csv', notes: 'notes.csv', voice: 'voice.csv' } as const;
/** Sheet files a folder may leave out: their section is left out, the digest is still complete. */
export const OPTIONAL_SHEET_FILES = { forecast: 'forecast.csv' } as const;

export interface FilesSourceOptions {
  /** Absolute folder path. */
  path: string;
}

interface CsvTab extends Tab {
  decimalStyle: DecimalStyle;
}

/** Parses CSV text into a tab; a malformed record becomes a data issue and is skipped. */
export function csvToTab(name: string, content: string, issues: DataIssue[]): CsvTab {
  const firstLine = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: Cell[][] = parse(content, {
    bom: true,
    delimiter,
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: (err: { message: string; lines?: number } | undefined) => {
      if (err) issues.push({ source: 'files', location: `${name}!${err.lines ?? '?'}`, severity: 'error', message: `unreadable CSV record (${err.message}); it is skipped` });
    },
  });
  return { name, rows, decimalStyle: delimiter === ';' ? 'comma' : 'point' };
}

async function readTabs<K extends string>(folder: string, files: Record<K, string>, issues: DataIssue[], optional: Partial<Record<string, string>> = {}): Promise<Partial<Record<K, CsvTab>>> {
  const tabs: Partial<Record<K, CsvTab>> = {};
  await Promise.all(
    (Object.entries(files) as [K, string][]).map(async ([key, file]) => {
      try {
        tabs[key] = csvToTab(file, await readFile(join(folder, file), 'utf8'), issues);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        issues.push({ source: 'files', location: file, severity: 'error', incomplete: true, message: `file not found in ${folder}` });
      }
    }),
  );
  if (Object.keys(tabs).length === 0) {
    throw new DigestError('SOURCE_FAILED', `files source: none of ${Object.values(files).join(', ')} found in ${folder}`);
  }
  await readOptionalTabs(folder, optional, tabs as Record<string, CsvTab>, issues);
  return tabs;
}

/** Optional files are read when present; a missing one is no issue at all. */
async function readOptionalTabs(folder: string, files: Partial<Record<string, string>>, into: Record<string, CsvTab>, issues: DataIssue[]): Promise<void> {
  await Promise.all(
    Object.entries(files).map(async ([key, file]) => {
      const content = await readFile(join(folder, file!), 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (content !== null) into[key] = csvToTab(file!, content, issues);
    }),
  );
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
