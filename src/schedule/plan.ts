/**
 * When a digest is due: pure functions of the schedule, the time zone, `now` and what the
 * ledger says. croner computes the cron occurrences in the digest's time zone (DST-correct: a
 * local time that does not exist in spring runs once at the next valid minute, one that exists
 * twice in autumn runs once). Each occurrence reports the last complete week before it.
 */
import { Cron } from 'croner';
import { DateTime } from 'luxon';
import { lastCompleteWeek } from '../model/period.js';
import type { LedgerRecord } from '../state/types.js';
import type { ReviewConfig, ScheduleConfig } from './config.js';

export interface Occurrence {
  /** The scheduled instant. */
  atMs: number;
  /** Its local date in the digest's time zone (YYYY-MM-DD), for skip dates. */
  localDate: string;
  /** The week it reports: the last complete week before the occurrence. */
  week: string;
  skipped: boolean;
}

export type Decision =
  | { action: 'paused' }
  | { action: 'none'; next: Occurrence | null }
  | { action: 'done'; occurrence: Occurrence; state: LedgerRecord['state'] }
  | { action: 'send'; occurrence: Occurrence; lateByMs: number }
  | { action: 'skip'; occurrence: Occurrence }
  | { action: 'missed'; occurrence: Occurrence; lateByMs: number };

/** The states that end a week: nothing more is tried for it. */
export function isSettled(state: LedgerRecord['state']): boolean {
  return state === 'sent' || state === 'skipped' || state === 'missed';
}

function cron(schedule: ScheduleConfig, timezone: string): Cron {
  return new Cron(schedule.cron, { timezone, paused: true, mode: '5-part' });
}

function occurrence(atMs: number, schedule: ScheduleConfig, timezone: string): Occurrence {
  const localDate = DateTime.fromMillis(atMs, { zone: timezone }).toISODate()!;
  return { atMs, localDate, week: lastCompleteWeek(atMs, timezone), skipped: schedule.skipDates.includes(localDate) };
}

/** The next `count` occurrences strictly after `fromMs` (skip dates included, flagged). */
export function nextRuns(schedule: ScheduleConfig, timezone: string, fromMs: number, count: number): Occurrence[] {
  return cron(schedule, timezone).nextRuns(count, new Date(fromMs)).map((d) => occurrence(d.getTime(), schedule, timezone));
}

/** The next occurrence after `fromMs` that is not a skip date. */
export function nextSend(schedule: ScheduleConfig, timezone: string, fromMs: number): Occurrence | null {
  return nextRuns(schedule, timezone, fromMs, 60).find((o) => !o.skipped) ?? null;
}

/** The latest occurrence at or before `nowMs`. */
export function latestRun(schedule: ScheduleConfig, timezone: string, nowMs: number): Occurrence | null {
  // previousRuns counts a run earlier in the same second as the reference, so an exact hit counts.
  const [last] = cron(schedule, timezone).previousRuns(1, new Date(nowMs + 999));
  return last && last.getTime() <= nowMs ? occurrence(last.getTime(), schedule, timezone) : null;
}

/** What `run` (and the daemon) should do for one digest right now. */
export function decide(schedule: ScheduleConfig, timezone: string, nowMs: number, record: LedgerRecord | null): Decision {
  if (schedule.paused) return { action: 'paused' };
  const last = latestRun(schedule, timezone, nowMs);
  if (!last) return { action: 'none', next: nextSend(schedule, timezone, nowMs) };
  // Only sent, skipped and missed end a week; a failed or partial week is tried again.
  if (record && isSettled(record.state)) return { action: 'done', occurrence: last, state: record.state };
  if (last.skipped) return { action: 'skip', occurrence: last };
  const lateByMs = nowMs - last.atMs;
  if (lateByMs <= schedule.catchUpHours * 3_600_000) return { action: 'send', occurrence: last, lateByMs };
  return { action: 'missed', occurrence: last, lateByMs };
}

/** The review draft's time for the next send: `leadHours` before it. */
export function reviewTime(schedule: ScheduleConfig, review: ReviewConfig, timezone: string, nowMs: number): { atMs: number; send: Occurrence } | null {
  const send = nextSend(schedule, timezone, nowMs);
  return send ? { atMs: send.atMs - review.leadHours * 3_600_000, send } : null;
}

/** Whether the review draft for the upcoming send is due now (and not yet sent). */
export function reviewDue(schedule: ScheduleConfig, review: ReviewConfig | undefined, timezone: string, nowMs: number, record: LedgerRecord | null): { send: Occurrence } | null {
  if (!review || schedule.paused) return null;
  const next = reviewTime(schedule, review, timezone, nowMs);
  if (!next || nowMs < next.atMs) return null;
  if (record && record.state === 'sent') return null;
  return { send: next.send };
}

/** When the daemon has to wake up next for this digest (a send or a review draft). */
export function nextWake(schedule: ScheduleConfig, review: ReviewConfig | undefined, timezone: string, nowMs: number): number | null {
  if (schedule.paused) return null;
  const candidates: number[] = [];
  const send = nextSend(schedule, timezone, nowMs);
  if (send) candidates.push(send.atMs);
  for (const o of review ? nextRuns(schedule, timezone, nowMs, 8).filter((r) => !r.skipped) : []) {
    const at = o.atMs - review!.leadHours * 3_600_000;
    if (at > nowMs) {
      candidates.push(at);
      break;
    }
  }
  return candidates.length ? Math.min(...candidates) : null;
}

export function formatLocal(ms: number, timezone: string): string {
  return DateTime.fromMillis(ms, { zone: timezone }).toFormat("yyyy-MM-dd HH:mm ZZZZ");
}
