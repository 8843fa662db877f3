/**
 * A tab as a table: the first row holds the headers, found by name (case-insensitive,
 * German and English aliases, any order, extra columns ignored). Rows may be shorter than
 * the header row (the Sheets API omits trailing empty cells).
 */
import type { DataIssue } from '../../model/types.js';
import { fold, isBlank, type Cell, type DecimalStyle } from './cells.js';

export interface Tab {
  /** The name used in locations: `Notes` for a sheet tab, `notes.csv` for a file. */
  name: string;
  rows: Cell[][];
  /** A CSV file's own decimal mark (a `;` file uses `,`); a sheet tab has none and uses the source's. */
  decimalStyle?: DecimalStyle;
}

export type ColumnSpec<K extends string> = Record<K, { aliases: string[]; required: boolean }>;

export interface TableRow<K extends string> {
  /** 1-based row number as the sheet shows it (the header row is 1). */
  rowNumber: number;
  cell(key: K): Cell;
  /** A1 location of a column in this row: `Notes!C7`. */
  at(key: K): string;
  has(key: K): boolean;
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Whether the tab's header row has the column (by its name or an alias), filled or not. */
export function hasColumn<K extends string>(tab: Tab | undefined, spec: ColumnSpec<K>, key: K): boolean {
  if (!tab) return false;
  const names = [key, ...spec[key].aliases].map(fold);
  return (tab.rows[0] ?? []).some((h) => names.includes(fold(String(h ?? ''))));
}

/**
 * Maps headers to columns. Returns null (and an issue per missing column) when a required
 * column is missing: the tab cannot be read then.
 */
export function readTable<K extends string>(
  tab: Tab,
  spec: ColumnSpec<K>,
  source: DataIssue['source'],
  issues: DataIssue[],
): TableRow<K>[] | null {
  const header = tab.rows[0] ?? [];
  const index = new Map<K, number>();
  const folded = header.map((h) => fold(String(h ?? '')));
  for (const key of Object.keys(spec) as K[]) {
    const names = [key, ...spec[key].aliases].map(fold);
    const col = folded.findIndex((h) => names.includes(h));
    if (col >= 0) {
      index.set(key, col);
      reportDuplicateColumns(tab, key, col, folded, names, source, issues);
    }
    else if (spec[key].required) {
      issues.push({
        source,
        location: `${tab.name}!1`,
        severity: 'error',
        incomplete: true,
        message: `missing column "${key}" (also accepted: ${spec[key].aliases.join(', ')}); found: ${header.map((h) => `"${String(h ?? '')}"`).join(', ') || 'no header row'}`,
      });
    }
  }
  if ((Object.keys(spec) as K[]).some((key) => spec[key].required && !index.has(key))) return null;

  const rows: TableRow<K>[] = [];
  tab.rows.slice(1).forEach((cells, i) => {
    if (cells.every(isBlank)) return;
    const rowNumber = i + 2;
    rows.push({
      rowNumber,
      cell: (key) => {
        const col = index.get(key);
        return col === undefined ? undefined : cells[col];
      },
      at: (key) => `${tab.name}!${columnLetter(index.get(key) ?? 0)}${rowNumber}`,
      has: (key) => {
        const col = index.get(key);
        return col !== undefined && !isBlank(cells[col]);
      },
    });
  });
  return rows;
}

/** A header that appears twice (`value,value`): the first column is read, the others are named. */
function reportDuplicateColumns(tab: Tab, key: string, first: number, folded: string[], names: string[], source: DataIssue['source'], issues: DataIssue[]): void {
  for (let col = first + 1; col < folded.length; col++) {
    if (!names.includes(folded[col]!)) continue;
    issues.push({
      source,
      location: `${tab.name}!${columnLetter(col)}1`,
      severity: 'warning',
      message: `column "${key}" appears twice (${columnLetter(first)} and ${columnLetter(col)}); column ${columnLetter(first)} is read and column ${columnLetter(col)} is ignored: rename or delete one of them`,
    });
  }
}
