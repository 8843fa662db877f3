/**
 * The sales-capacity signal (SPEC "Planning the funnel together", Capacity): MQLs of the
 * lookback window that sales has neither touched, accepted nor rejected by the week's end,
 * against the touches of the week. All from the contacts the digest already holds.
 */
import type { Capacity, Contact } from './types.js';
import { EPSILON } from './targets.js';
import { byCodePoint, type RejectedTest } from './lead-status.js';
import { inRange, lookbackRange } from './window.js';
import { median } from './crm-metrics.js';
import { roundTo } from './number-format.js';
import type { WeekPeriod } from './period.js';

const HOUR_MS = 3_600_000;
export const TOP_OWNERS = 5;

export interface CapacityInput {
  contacts: readonly Contact[];
  report: WeekPeriod;
  lookbackDays: number;
  bottleneckWeeks: number;
  rejected: RejectedTest;
  /** Name of an owner id (null: unassigned), as everywhere in the digest. */
  owner: (id: string | null) => { owner: string };
}


/** The backlog in weeks as the email shows it, at a glance and in the planning section alike: one decimal. */
export const shownBacklogWeeks = (weeks: number): number => roundTo(weeks, 1);

export function buildCapacity(input: CapacityInput): Capacity {
  const { report } = input;
  const end = report.endMs;
  const window = lookbackRange(end, input.lookbackDays);
  const inWindow = input.contacts.filter((c) => inRange(c.mqlAt, window));
  const before = (ms: number | null) => ms !== null && ms < end;
  const backlog = inWindow.filter((c) => !before(c.firstTouchAt) && !before(c.sqlAt) && !input.rejected(c));
  const touched = inWindow.filter((c) => inRange(c.firstTouchAt, report)).length;
  const age = median(backlog.map((c) => (end - c.mqlAt!) / HOUR_MS));
  const weeks = touched === 0 ? null : backlog.length / touched;
  // Compared unrounded (with the model's float slack), so 0.99996 weeks is not a bottleneck.
  const bottleneck = weeks === null ? backlog.length > 0 : weeks >= input.bottleneckWeeks - EPSILON;

  const counts = new Map<string | null, number>();
  for (const c of backlog) counts.set(c.ownerId, (counts.get(c.ownerId) ?? 0) + 1);
  const byOwner = [...counts.entries()]
    .map(([ownerId, count]) => ({ ownerId, owner: input.owner(ownerId).owner, count }))
    // Two owners of the same name stay two rows (told apart by id), in id order.
    .sort((a, b) => b.count - a.count || byCodePoint(a.owner, b.owner) || byCodePoint(a.ownerId ?? '', b.ownerId ?? ''))
    .slice(0, TOP_OWNERS);

  return {
    backlog: backlog.length,
    backlogMedianAgeHours: age === null ? null : roundTo(age, 2),
    touched,
    backlogWeeks: weeks === null ? null : roundTo(weeks, 4),
    status: bottleneck ? 'bottleneck' : 'ok',
    byOwner,
  };
}
