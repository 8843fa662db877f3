/**
 * ISO weeks in a time zone. A week runs from Monday 00:00 local time to the next Monday 00:00
 * local time, end exclusive, so DST weeks are 167 or 169 hours long.
 */
import { DateTime } from 'luxon';

export interface WeekPeriod {
  /** `2026-W47` */
  week: string;
  weekYear: number;
  weekNumber: number;
  timezone: string;
  startMs: number;
  endMs: number;
  /** ISO date of the week's Monday and Sunday in the time zone. */
  monday: string;
  sunday: string;
}

const WEEK_RE = /^(\d{4})-W(\d{2})$/;

export function formatWeek(weekYear: number, weekNumber: number): string {
  return `${weekYear}-W${String(weekNumber).padStart(2, '0')}`;
}

/** Parses `2026-W47`; null if it is not a real ISO week. */
export function parseIsoWeek(text: string): Readonly<{ weekYear: number; weekNumber: number }> | null {
  const m = WEEK_RE.exec(text.trim());
  if (!m) return null;
  // Every sheet row names its week: the Luxon check runs once per distinct week text.
  let parsed = isoWeekCache.get(m[0]);
  if (parsed === undefined) {
    if (isoWeekCache.size >= ISO_WEEK_CACHE_MAX) isoWeekCache.clear();
    parsed = checkIsoWeek(Number(m[1]), Number(m[2]));
    isoWeekCache.set(m[0], parsed);
  }
  return parsed;
}

const ISO_WEEK_CACHE_MAX = 10_000;
const isoWeekCache = new Map<string, Readonly<{ weekYear: number; weekNumber: number }> | null>();

function checkIsoWeek(weekYear: number, weekNumber: number): Readonly<{ weekYear: number; weekNumber: number }> | null {
  const probe = DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone: 'UTC' });
  if (!probe.isValid || probe.weekYear !== weekYear || probe.weekNumber !== weekNumber) return null;
  return Object.freeze({ weekYear, weekNumber });
}

// Luxon's zone arithmetic costs tens of microseconds a call; the same few weeks are asked for
// many times per digest, so periods and shifts are memoized (they are pure).
const periodCache = new Map<string, WeekPeriod>();
const shiftCache = new Map<string, string>();

export function weekPeriod(week: string, timezone: string): WeekPeriod {
  const key = `${week}|${timezone}`;
  let period = periodCache.get(key);
  if (!period) {
    period = Object.freeze(computeWeekPeriod(week, timezone));
    periodCache.set(key, period);
  }
  return period;
}

function computeWeekPeriod(week: string, timezone: string): WeekPeriod {
  const parsed = parseIsoWeek(week);
  if (!parsed) throw new RangeError(`not an ISO week: "${week}" (expected e.g. 2026-W47)`);
  const start = DateTime.fromObject({ ...parsed, weekday: 1 }, { zone: timezone }).startOf('day');
  const end = start.plus({ weeks: 1 });
  return {
    week: formatWeek(parsed.weekYear, parsed.weekNumber),
    ...parsed,
    timezone,
    startMs: start.toMillis(),
    endMs: end.toMillis(),
    monday: start.toISODate()!,
    sunday: start.plus({ days: 6 }).toISODate()!,
  };
}

export function shiftWeek(week: string, weeks: number): string {
  const key = `${week}|${weeks}`;
  let shifted = shiftCache.get(key);
  if (shifted === undefined) {
    shifted = computeShiftWeek(week, weeks);
    shiftCache.set(key, shifted);
  }
  return shifted;
}

function computeShiftWeek(week: string, weeks: number): string {
  const parsed = parseIsoWeek(week);
  if (!parsed) throw new RangeError(`not an ISO week: "${week}"`);
  const d = DateTime.fromObject({ ...parsed, weekday: 4 }, { zone: 'UTC' }).plus({ weeks });
  return formatWeek(d.weekYear, d.weekNumber);
}

/** The weeks from `week - (count - 1)` to `week`, oldest first. */
export function weeksEndingWith(week: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => shiftWeek(week, i - count + 1));
}

export function weekOfInstant(ms: number, timezone: string): string {
  const d = DateTime.fromMillis(ms, { zone: timezone });
  return formatWeek(d.weekYear, d.weekNumber);
}

/** The ISO week of a calendar date (`2026-11-18`). */
export function weekOfDate(isoDate: string): string {
  const d = DateTime.fromISO(isoDate, { zone: 'UTC' });
  return formatWeek(d.weekYear, d.weekNumber);
}

/** The last complete week before `nowMs` in the time zone. */
export function lastCompleteWeek(nowMs: number, timezone: string): string {
  return shiftWeek(weekOfInstant(nowMs, timezone), -1);
}

/** ISO week order is string order for four-digit years. */
export function compareWeeks(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The ISO string of an instant in the time zone, with its offset (`2026-11-16T00:00:00.000+01:00`). */
export function isoInZone(ms: number, timezone: string): string {
  return DateTime.fromMillis(ms, { zone: timezone }).toISO()!;
}
