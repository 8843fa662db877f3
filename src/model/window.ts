/**
 * Which time the digest needs: the report week, the 8 trend weeks, the 4-week windows of the
 * rate metrics for every trend week, and the month-to-date range. Sources are asked for this
 * window once; the model never asks for more.
 */
import { DateTime } from 'luxon';
import { weekPeriod, weeksEndingWith, type WeekPeriod } from './period.js';

export const TREND_WEEKS = 8;
export const ROLLING_WEEKS = 4;
/** Defaults of `planning.basisWeeks` and `capacity.lookbackDays` (SPEC "Planning the funnel together"). */
export const PLANNING_BASIS_WEEKS = 12;
export const CAPACITY_LOOKBACK_DAYS = 30;
const DAY_MS = 86_400_000;

/** How far back the planning figures look; the defaults when not given. */
export interface PlanningReach {
  basisWeeks?: number;
  lookbackDays?: number;
}

export interface Range {
  startMs: number;
  endMs: number;
}

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

/** The 4 weeks ending with `week`, as one range. */
export function rollingRange(week: string, timezone: string): Range {
  const weeks = weeksEndingWith(week, ROLLING_WEEKS);
  return { startMs: weekPeriod(weeks[0]!, timezone).startMs, endMs: weekPeriod(week, timezone).endMs };
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

/** The `basisWeeks` weeks ending with `week`, as one range (the planning basis rates). */
export function basisRange(week: string, timezone: string, basisWeeks = PLANNING_BASIS_WEEKS): Range {
  const weeks = weeksEndingWith(week, basisWeeks);
  return { startMs: weekPeriod(weeks[0]!, timezone).startMs, endMs: weekPeriod(week, timezone).endMs };
}

/** [week's end − lookbackDays × 24 h, week's end): elapsed time, so DST does not move it. */
export function lookbackRange(endMs: number, lookbackDays = CAPACITY_LOOKBACK_DAYS): Range {
  return { startMs: endMs - lookbackDays * DAY_MS, endMs };
}

/** The instants the sources must cover for a report week. */
export function historyWindow(week: string, timezone: string, reach: PlanningReach = {}): Range {
  const oldestTrend = weeksEndingWith(week, TREND_WEEKS)[0]!;
  const oldestRolling = weeksEndingWith(oldestTrend, ROLLING_WEEKS)[0]!;
  const report = weekPeriod(week, timezone);
  const start = Math.min(
    weekPeriod(oldestRolling, timezone).startMs,
    monthToDate(report).startMs,
    basisRange(week, timezone, reach.basisWeeks).startMs,
    lookbackRange(report.endMs, reach.lookbackDays).startMs,
  );
  return { startMs: start, endMs: report.endMs };
}
