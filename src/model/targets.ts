/**
 * Targets, attainment, status and month-to-date pacing (SPEC "Precise rules").
 */
import type { Direction, Status, TargetRow } from './types.js';

export interface Thresholds {
  onTrack: number;
  atRisk: number;
}

/** Float noise must not turn 0.2 into 0.19999999: comparisons allow this much slack. */
export const EPSILON = 1e-9;

/**
 * The row with the latest `from` on or before the week's Sunday; on equal dates the later row
 * in the sheet (rows are in sheet order).
 */
export function applicableTarget(rows: readonly TargetRow[], metric: string, period: 'week' | 'month', sunday: string): TargetRow | null {
  let best: TargetRow | null = null;
  for (const row of rows) {
    if (row.metric !== metric || row.period !== period || row.from > sunday) continue;
    if (best === null || row.from >= best.from) best = row;
  }
  return best;
}

/**
 * value / target for higher-is-better, target / value for lower-is-better. Null where the
 * division has no meaning: a lower-is-better value of 0 (on track by definition) or a target
 * of 0 for higher-is-better (met by any value).
 */
export function attainmentOf(value: number, target: number, direction: Direction): number | null {
  if (direction === 'lower') return value === 0 ? null : target / value;
  return target === 0 ? null : value / target;
}

export function statusOf(attainment: number | null, thresholds: Thresholds): Status {
  if (attainment === null) return 'on_track';
  if (attainment >= thresholds.onTrack - EPSILON) return 'on_track';
  if (attainment >= thresholds.atRisk - EPSILON) return 'at_risk';
  return 'off_track';
}

export interface Pacing {
  expected: number;
  /** MTD / expected, as the SPEC defines it; null when expected is 0 or MTD unknown. */
  pace: number | null;
  /** What plays the part of attainment for the status (expected / MTD when lower is better). */
  attainment: number | null;
}

/** expected = target × elapsed days / days in month; pace = MTD / expected. */
export function pacing(mtd: number | null, target: number, elapsedDays: number, daysInMonth: number, direction: Direction): Pacing {
  const expected = (target * elapsedDays) / daysInMonth;
  // One division each (mtd × days / (target × elapsed)) keeps exact ratios exact.
  const pace = mtd === null || target === 0 ? null : (mtd * daysInMonth) / (target * elapsedDays);
  let attainment: number | null;
  if (mtd === null) attainment = null;
  else if (direction === 'lower') attainment = mtd === 0 ? null : (target * elapsedDays) / (mtd * daysInMonth);
  else attainment = pace;
  return { expected, pace, attainment };
}
