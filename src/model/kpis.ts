/**
 * The KPI scorecard: for each CRM and manual metric its value, previous value, change, target,
 * attainment, status, 8-week trend and month-to-date pacing.
 */
import type { Direction, KpiResult, KpiRow, MonthToDate, Status, TargetRow, Unit } from './types.js';
import { allowsMonthlyTarget } from './metric-catalog.js';
import { roundTo } from './number-format.js';
import { applicableTarget, attainmentOf, EPSILON, pacing, statusOf, type Thresholds } from './targets.js';
import type { WeekPeriod } from './period.js';
import type { MonthRange } from './window.js';

export interface MetricDefinition {
  id: string;
  label: string;
  unit: Unit;
  direction: Direction;
  origin: 'crm' | 'sheet';
  /** The metric's value for a trend week (index into the trend weeks), or null when unknown. */
  weekValue: (weekIndex: number) => number | null;
  /** The month-to-date value (only asked for counts and money). */
  monthToDate: () => number | null;
  /** A weekly target typed into the KPIs tab's target column for the report week. */
  rowTarget?: number | null;
}

export interface ScorecardInput {
  weeks: readonly WeekPeriod[];
  month: MonthRange;
  targets: readonly TargetRow[];
  thresholds: Thresholds;
  /** Relative change against the previous week that makes a KPI a mover (0.2). */
  moverThreshold: number;
}

export interface ScoredKpi {
  kpi: KpiResult;
  /** |value − previous| / |previous| ≥ the mover threshold (never when previous is 0 or null). */
  moved: boolean;
}

const round = (n: number | null, digits: number): number | null => (n === null ? null : roundTo(n, digits));
const roundValue = (n: number | null, unit: Unit) => round(n, unit === 'ratio' ? 4 : unit === 'count' ? 4 : 2);

export function buildKpi(def: MetricDefinition, input: ScorecardInput): ScoredKpi {
  const report = input.weeks[input.weeks.length - 1]!;
  const trend = input.weeks.map((_, i) => def.weekValue(i));
  const value = trend[trend.length - 1] ?? null;
  const previous = trend[trend.length - 2] ?? null;
  const delta = value !== null && previous !== null ? value - previous : null;
  const deltaRatio = delta !== null && previous !== 0 && previous !== null ? delta / Math.abs(previous) : null;

  const weekly = def.rowTarget ?? applicableTarget(input.targets, def.id, 'week', report.sunday)?.target ?? null;
  const monthly = allowsMonthlyTarget(def.unit) ? applicableTarget(input.targets, def.id, 'month', report.sunday) : null;

  let mtd: MonthToDate | null = null;
  let paceAttainment: number | null = null;
  if (monthly) {
    const mtdValue = def.monthToDate();
    const p = pacing(mtdValue, monthly.target, input.month.elapsedDays, input.month.daysInMonth, def.direction);
    mtd = { value: roundValue(mtdValue, def.unit), target: monthly.target, expected: round(p.expected, 2)!, pace: round(p.pace, 4) };
    paceAttainment = p.attainment;
  }

  let attainment: number | null = null;
  let status: Status;
  if (weekly !== null) {
    attainment = value === null ? null : attainmentOf(value, weekly, def.direction);
    status = value === null ? 'no_data' : statusOf(attainment, input.thresholds);
  } else if (mtd) {
    status = mtd.value === null ? 'no_data' : statusOf(paceAttainment, input.thresholds);
  } else {
    status = 'no_target';
  }

  const kpi: KpiResult = {
    id: def.id,
    label: def.label,
    unit: def.unit,
    origin: def.origin,
    direction: def.direction,
    value: roundValue(value, def.unit),
    previous: roundValue(previous, def.unit),
    delta: roundValue(delta, def.unit),
    deltaRatio: round(deltaRatio, 4),
    target: weekly,
    attainment: round(attainment, 4),
    status,
    trend: trend.map((v) => roundValue(v, def.unit)),
    mtd,
  };
  return { kpi, moved: deltaRatio !== null && Math.abs(deltaRatio) >= input.moverThreshold - EPSILON };
}

/** Manual KPI values by week from the KPIs tab. */
export function manualValues(rows: readonly KpiRow[], metric: string): Map<string, KpiRow> {
  const byWeek = new Map<string, KpiRow>();
  for (const row of rows) if (row.metric === metric) byWeek.set(row.week, row);
  return byWeek;
}
