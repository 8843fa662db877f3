/**
 * Which time the digest needs: the report week, the 8 trend weeks, the 4-week windows of the
 * rate metrics for every trend week, the month-to-date range, and the planning windows (the
 * 12-week basis, the 30-day capacity lookback). Sources are asked for these windows once, one
 * range per date fact (`sourceWindows`); the model never asks for more.
 */
import { DateTime } from 'luxon';
import { weekPeriod, weeksEndingWith, type WeekPeriod } from './period.js';

export const TREND_WEEKS = 8;
export const ROLLING_WEEKS = 4;
/** Default `planning.basisWeeks`: the weeks the funnel's basis rates are taken over. */
export const BASIS_WEEKS = 12;
/** Default `capacity.lookbackDays`: how far back an MQL still counts in the sales backlog. */
export const LOOKBACK_DAYS = 30;

export interface Range {
  startMs: number;
  endMs: number;
}

/** Whether an instant falls in the range: start inclusive, end exclusive; no instant is in none. */
export const inRange = (ms: number | null, r: Range): ms is number => ms !== null && ms >= r.startMs && ms < r.endMs;

export interface MonthRange extends Range {
  /** Days of the month elapsed up to and including the week's Sunday (capped at the month's end). */
  elapsedDays: number;
  daysInMonth: number;
  /** `2026-11` */
  month: string;
}

/** The trend weeks, oldest first; the last one is the report week. */
export function trendWeeks(week: string, timezone: string): WeekPeriod[] {
  return weeksEndingWith(week, TREND_WEEKS).map((w) => weekPeriod(w, timezone));
}

/** The `n` weeks ending with `week`, as one range. */
function weeksRange(week: string, timezone: string, n: number): Range {
  return { startMs: weekPeriod(weeksEndingWith(week, n)[0]!, timezone).startMs, endMs: weekPeriod(week, timezone).endMs };
}

/** The 4 weeks ending with `week`, as one range. */
export function rollingRange(week: string, timezone: string): Range {
  return weeksRange(week, timezone, ROLLING_WEEKS);
}

/** Month-to-date: from the 1st of the month that contains the week's Sunday to the week's end. */
export function monthToDate(period: WeekPeriod): MonthRange {
  const sunday = DateTime.fromISO(period.sunday, { zone: period.timezone });
  const monthStart = sunday.startOf('month');
  const monthEnd = monthStart.plus({ months: 1 });
  return {
    startMs: monthStart.toMillis(),
    endMs: Math.min(period.endMs, monthEnd.toMillis()),
    elapsedDays: sunday.day,
    daysInMonth: sunday.daysInMonth!,
    month: sunday.toFormat('yyyy-MM'),
  };
}

export interface PlanningWindows {
  /** `planning.basisWeeks` (default 12). */
  basisWeeks: number;
  /** `capacity.lookbackDays` (default 30), elapsed days before the week's end. */
  lookbackDays: number;
}

/**
 * The range each date fact must be read for, so that a source fetches exactly the records some
 * metric counts. Every range ends at the report week's end (all metrics look back from it), so
 * each fact's needs join into one range:
 *
 * - `contactCreated` (`leads_new`): the trend weeks, MTD, the planning basis.
 * - `mql`: the trend weeks (`mqls`, SLA, median touch), the 4-week cohort of the oldest trend
 *   week (`mql_to_sql_rate`), MTD, the basis, the capacity lookback, the 4-week topics and lead
 *   quality. A contact selected here carries its SQL time and first touch with it: the cohort
 *   converts on an SQL time before the week's end in either order, and capacity's "touched" is
 *   an MQL in the lookback with a first touch in the week, so neither needs a range of its own.
 * - `sql` (`sqls`, topics' SQLs): the trend weeks, MTD, the basis, the 4 topic weeks.
 * - `dealCreated` (`deals_created`, `pipeline_created`): the trend weeks and MTD.
 * - `dealClosed` (won and lost deals only): the trend weeks, the 4-week `win_rate` of the oldest
 *   trend week, MTD, the basis (`deals_won`, the average won amount).
 */
export interface SourceWindows {
  contactCreated: Range;
  mql: Range;
  sql: Range;
  dealCreated: Range;
  dealClosed: Range;
}


export function sourceWindows(week: string, timezone: string, planning: PlanningWindows = { basisWeeks: BASIS_WEEKS, lookbackDays: LOOKBACK_DAYS }): SourceWindows {
  const report = weekPeriod(week, timezone);
  const end = report.endMs;
  const weeksBack = (n: number) => weeksRange(week, timezone, n).startMs;
  const trend = weeksBack(TREND_WEEKS);
  const rollingOfOldest = weeksBack(TREND_WEEKS + ROLLING_WEEKS - 1);
  const mtd = monthToDate(report).startMs;
  const basis = weeksBack(planning.basisWeeks);
  const lookback = lookbackRange(end, planning.lookbackDays).startMs;
  const from = (...starts: number[]): Range => ({ startMs: Math.min(...starts), endMs: end });
  return {
    contactCreated: from(trend, mtd, basis),
    mql: from(trend, rollingOfOldest, mtd, basis, lookback, weeksBack(ROLLING_WEEKS)),
    sql: from(trend, mtd, basis, weeksBack(ROLLING_WEEKS)),
    dealCreated: from(trend, mtd),
    dealClosed: from(trend, rollingOfOldest, mtd, basis),
  };
}

/** The same range for every fact (a request that only knows one window). */
export function uniformWindows(range: Range): SourceWindows {
  return { contactCreated: range, mql: range, sql: range, dealCreated: range, dealClosed: range };
}

/** The instants the sources must cover for a report week: the hull of `sourceWindows`. */
export function historyWindow(week: string, timezone: string, planning?: PlanningWindows): Range {
  const windows = Object.values(sourceWindows(week, timezone, planning));
  return { startMs: Math.min(...windows.map((w) => w.startMs)), endMs: Math.max(...windows.map((w) => w.endMs)) };
}

/** The `basisWeeks` weeks ending with `week`, as one range (the planning basis rates). */
export function basisRange(week: string, timezone: string, basisWeeks = BASIS_WEEKS): Range {
  return weeksRange(week, timezone, basisWeeks);
}

/** [week's end − lookbackDays × 24 h, week's end): elapsed time, so DST does not move it. */
export function lookbackRange(endMs: number, lookbackDays = LOOKBACK_DAYS): Range {
  return { startMs: endMs - lookbackDays * 86_400_000, endMs };
}
