/**
 * Cells as the fake sheet holds them, and how the Sheets API renders them: numbers, text,
 * booleans and dates (kept as calendar dates, served as serial numbers or formatted strings).
 * `importCsv` converts CSV text the way Google Sheets does on File → Import: numbers become
 * number cells, dates date cells, TRUE/FALSE booleans; everything else stays text.
 */
import { parse } from 'csv-parse/sync';

export type FakeCell = string | number | boolean | { date: string } | null;

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);

export function serialOf(isoDate: string): number {
  return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - EPOCH) / DAY_MS);
}

function dateOfGerman(text: string): string | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
}

/** A date that exists: Sheets keeps `31.02.2026` as text (V8's Date.parse rolls it to 3 March). */
function isCalendarDate(iso: string): boolean {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === iso;
}

/** One CSV field as Google Sheets would store it after an import. */
export function importField(field: string): FakeCell {
  const text = field.trim();
  if (text === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(text) && !/^0\d/.test(text)) return Number(text);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) && isCalendarDate(text)) return { date: text };
  const german = dateOfGerman(text);
  if (german && isCalendarDate(german)) return { date: german };
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  return field;
}

export function importCsv(content: string): FakeCell[][] {
  const rows: string[][] = parse(content, { bom: true, relax_column_count: true });
  return rows.map((row) => row.map(importField));
}

export type ValueRender = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
export type DateRender = 'SERIAL_NUMBER' | 'FORMATTED_STRING';

const german = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 10 });

/** How the API answers for one cell; `''` for an empty cell (trimmed later when trailing). */
export function renderCell(cell: FakeCell, value: ValueRender, date: DateRender): string | number | boolean {
  if (cell === null) return '';
  const formatted = value === 'FORMATTED_VALUE';
  if (typeof cell === 'object') {
    const [y, m, d] = cell.date.split('-');
    if (formatted || date === 'FORMATTED_STRING') return `${d}.${m}.${y}`;
    return serialOf(cell.date);
  }
  if (!formatted) return cell;
  if (typeof cell === 'number') return german.format(cell);
  if (typeof cell === 'boolean') return cell ? 'WAHR' : 'FALSCH';
  return cell;
}

/** The API omits trailing empty cells in a row and trailing empty rows. */
export function trimGrid(rows: (string | number | boolean)[][]): (string | number | boolean)[][] {
  const out = rows.map((row) => {
    let end = row.length;
    while (end > 0 && row[end - 1] === '') end--;
    return row.slice(0, end);
  });
  while (out.length > 0 && out[out.length - 1]!.length === 0) out.pop();
  return out;
}
