/**
 * Reading single cells of a sheet (Google Sheets values or CSV text) into typed values.
 * Each reader returns `{ value }` or `{ error }`; the caller turns errors into data issues.
 */
import { DateTime } from 'luxon';
import { formatWeek, parseIsoWeek, weekOfDate } from '../../model/period.js';
import { cleanText, isInvisible } from '../clean-text.js';

export type Cell = string | number | boolean | null | undefined;
export type Read<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

/** How text numbers are written: `1234.5` (default) or the German `1.234,5`. */
export type DecimalStyle = 'point' | 'comma';

const ERROR_CELL = /^#(REF!|DIV\/0!|N\/A|VALUE!|NAME\?|NUM!|NULL!|ERROR!|SPILL!|CALC!)/i;
/** Google Sheets and Excel count days from 1899-12-30. */
const SERIAL_EPOCH = DateTime.fromISO('1899-12-30', { zone: 'UTC' });
/** Serial numbers of 1970-01-01 and 2101-01-01. */
const SERIAL_MIN = 25569;
const SERIAL_MAX = 73416;

/** Empty, whitespace or only invisible characters (zero-width space, BOM, …). */
export function isBlank(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && isInvisible(cell));
}

/** A cell as text, cleaned by the one rule for source text (`clean-text.ts`). */
export function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'string' ? cleanText(cell).text : String(cell);
}

export function errorCell(cell: Cell): string | null {
  return typeof cell === 'string' && ERROR_CELL.test(cell.trim()) ? cell.trim() : null;
}

export function readNumber(cell: Cell, style: DecimalStyle): Read<number> {
  if (typeof cell === 'number') return Number.isFinite(cell) ? { value: cell } : { error: `${cell} is not a finite number` };
  const raw = text(cell);
  let s = raw.replace(/[\s\u00a0\u202f€$£]|EUR|CHF|USD/g, '');
  const percent = s.endsWith('%');
  if (percent) s = s.slice(0, -1);
  if (style === 'comma') s = s.replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.');
  else s = s.replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return { error: `"${raw}" is not a number` };
  const n = Number(s);
  // `1e309` matches the pattern but is Infinity: never a figure in a digest.
  if (!Number.isFinite(n)) return { error: `"${raw}" is not a finite number` };
  return { value: percent ? n / 100 : n };
}

/** A calendar date: a sheet serial number, `2026-11-18`, `18.11.2026`, or an ISO date-time. */
export function readDate(cell: Cell, timezone: string): Read<string> {
  if (typeof cell === 'number') {
    // A date cell from the Sheets API (UNFORMATTED_VALUE, SERIAL_NUMBER). Only 1970–2100 are
    // taken as dates: a plain number such as 47 or 2026 in a date column is a typing mistake.
    if (!Number.isFinite(cell) || cell < SERIAL_MIN || cell >= SERIAL_MAX) return { error: `${cell} is a number, not a date (enter a date such as 18.11.2026)` };
    return { value: SERIAL_EPOCH.plus({ days: Math.floor(cell) }).toISODate()! };
  }
  const raw = text(cell);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(raw);
  let d: DateTime;
  if (german) d = DateTime.fromObject({ year: +german[3]!, month: +german[2]!, day: +german[1]! }, { zone: timezone });
  else if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) d = DateTime.fromISO(raw, { zone: timezone });
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d/.test(raw)) d = DateTime.fromISO(raw.replace(' ', 'T'), { zone: timezone, setZone: false });
  else return { error: `"${raw}" is not a date (use 2026-11-18 or 18.11.2026)` };
  if (!d.isValid) return { error: `"${raw}" is not a valid date` };
  return { value: d.setZone(timezone).toISODate()! };
}

/** A week cell: `2026-W47`, `KW 47/2026`, `KW47 2026`, or any date inside the week. */
export function readWeek(cell: Cell, timezone: string): Read<string> {
  const raw = text(cell);
  if (typeof cell === 'string') {
    const iso = parseIsoWeek(raw.toUpperCase());
    if (iso) return { value: formatWeek(iso.weekYear, iso.weekNumber) };
    const kw = /^(?:KW|CW|WK|W)\s*(\d{1,2})\s*(?:[/,-]\s*|\s+)(\d{4})$/i.exec(raw);
    if (kw) {
      const week = `${kw[2]}-W${kw[1]!.padStart(2, '0')}`;
      return parseIsoWeek(week) ? { value: week } : { error: `"${raw}" names a week that year does not have` };
    }
  }
  if (typeof cell === 'number' && Number.isInteger(cell) && cell >= 1 && cell <= 53) {
    return { error: `${cell} is a week number without a year (use 2026-W47 or KW ${cell}/2026)` };
  }
  const date = readDate(cell, timezone);
  if (date.error !== undefined) return { error: `"${raw}" is not a week (use 2026-W47, KW 47/2026 or a date in the week)` };
  return { value: weekOfDate(date.value) };
}

/** Links are kept only for https:, http: and mailto:. */
export function readLink(cell: Cell): Read<string> {
  const raw = text(cell);
  try {
    const url = new URL(raw);
    if (['https:', 'http:', 'mailto:'].includes(url.protocol)) return { value: raw };
    return { error: `link "${raw}" is not allowed (only https:, http: and mailto: links)` };
  } catch {
    return { error: `"${raw}" is not a link (use a full https:// address)` };
  }
}

/** Lower-cased, trimmed, German umlauts folded: for matching aliases. */
export function fold(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .replace(/[\s_-]+/g, ' ');
}

/**
 * An instant: ISO 8601 with offset or `Z`; epoch milliseconds; or a local date-time without
 * offset (`2026-11-16 09:30`, `16.11.2026 09:30`), read in the digest's time zone.
 */
export function readInstant(cell: Cell, timezone: string): Read<number> {
  if (typeof cell === 'number') return Number.isFinite(cell) ? { value: cell } : { error: `${cell} is not a timestamp` };
  const raw = text(cell);
  if (/^\d{12,14}$/.test(raw)) return { value: Number(raw) };
  const fast = parseOffsetInstant(raw);
  if (fast !== null) return { value: fast };
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(raw);
  const d = german
    ? DateTime.fromObject(
        { year: +german[3]!, month: +german[2]!, day: +german[1]!, hour: +(german[4] ?? 0), minute: +(german[5] ?? 0), second: +(german[6] ?? 0) },
        { zone: timezone },
      )
    : DateTime.fromISO(raw.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2'), { zone: timezone });
  if (!d.isValid) return { error: `"${raw}" is not a timestamp (use ISO 8601, e.g. 2026-11-16T09:30:00+01:00)` };
  return { value: d.toMillis() };
}

const OFFSET_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

/**
 * The common case of CRM data, an ISO 8601 instant with an explicit offset, read without Luxon
 * (a CRM export has tens of thousands of these; Date.parse is exact for them and ~50× faster).
 * Null for anything else, including impossible dates such as 2026-11-31.
 */
function parseOffsetInstant(raw: string): number | null {
  const m = OFFSET_INSTANT.exec(raw);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  const ms = Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : ms;
}
