/**
 * Reading the rows of a table into records: each bad cell becomes a data issue at its A1
 * location; a bad required cell skips the row, a bad optional cell is ignored.
 */
import type { DataIssue } from '../../model/types.js';
import { BIDI_WARNING, hasBidiControls } from '../clean-text.js';
import { errorCell, isBlank, text, type Cell, type Read } from './cells.js';
import { readTable, type ColumnSpec, type Tab, type TableRow } from './table.js';

export interface IssueContext {
  source: DataIssue['source'];
}

/** Reads cells of one row; each problem becomes an issue at the cell's A1 location. */
export class RowReader<K extends string> {
  ok = true;
  constructor(
    private readonly row: TableRow<K>,
    private readonly ctx: IssueContext,
    private readonly issues: DataIssue[],
  ) {}

  problem(key: K, message: string, severity: DataIssue['severity'] = 'error'): void {
    this.issues.push({ source: this.ctx.source, location: this.row.at(key), severity, message });
    if (severity === 'error') this.ok = false;
  }

  /** A cell read with `reader`; a missing required cell or a bad value fails the row. */
  required<T>(key: K, reader: (cell: Cell) => Read<T>): T | null {
    if (!this.row.has(key)) {
      this.problem(key, `missing ${key}; the row is skipped`);
      return null;
    }
    return this.read(key, reader, 'error');
  }

  /** An optional cell: a bad value is a warning and the cell is ignored. */
  optional<T>(key: K, reader: (cell: Cell) => Read<T>): T | null {
    return this.row.has(key) ? this.read(key, reader, 'warning') : null;
  }

  private read<T>(key: K, reader: (cell: Cell) => Read<T>, severity: DataIssue['severity']): T | null {
    const cell = this.row.cell(key);
    // `text()` removes them; the team lead learns that the cell held them.
    if (typeof cell === 'string' && hasBidiControls(cell)) this.problem(key, BIDI_WARNING, 'warning');
    const broken = errorCell(cell);
    const result = broken ? { error: `error cell ${broken}` } : reader(cell);
    if (result.error === undefined) return result.value as T;
    this.problem(key, severity === 'error' ? `${result.error}; the row is skipped` : `${result.error}; the cell is ignored`, severity);
    return null;
  }

  /** Free text, cut at the limit with a warning. */
  text(key: K, limit: number): Read<string> {
    return { value: this.clip(key, text(this.row.cell(key)), limit) };
  }

  private clip(key: K, value: string, limit: number): string {
    if (value.length <= limit) return value;
    this.problem(key, `text is ${value.length} characters long; cut to ${limit}`, 'warning');
    return `${value.slice(0, limit - 1)}…`;
  }
}


export function eachRow<K extends string, R>(
  tab: Tab | undefined,
  spec: ColumnSpec<K>,
  ctx: IssueContext,
  issues: DataIssue[],
  build: (r: RowReader<K>, row: TableRow<K>) => R | null,
): R[] {
  if (!tab) return [];
  const rows = readTable(tab, spec, ctx.source, issues) ?? [];
  const out: R[] = [];
  for (const row of rows) {
    const reader = new RowReader(row, ctx, issues);
    const record = build(reader, row);
    if (record && reader.ok) out.push(record);
  }
  return out;
}

/**
 * An optional tab's rows: an empty tab is like a missing one (no rows, no issue), and a broken
 * header (a required column missing) is an error that leaves the section out but, unlike in
 * the required tabs, does not make the digest incomplete.
 */
export function optionalTab<R>(tab: Tab | undefined, issues: DataIssue[], read: (own: DataIssue[]) => R[]): R[] {
  if (!tab || tab.rows.every((row) => row.every(isBlank))) return [];
  const own: DataIssue[] = [];
  const rows = read(own);
  issues.push(...own.map(({ incomplete: _, ...issue }) => issue));
  return rows;
}
