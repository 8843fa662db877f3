/** Digest-level config of when a digest goes out, its review window and the checks before sending. */
import { Cron } from 'croner';
import * as v from 'valibot';

const described = <S extends v.GenericSchema>(schema: S, description: string) => v.pipe(schema, v.description(description));
const withDefault = <S extends v.GenericSchema>(schema: S, fallback: v.InferInput<S>, description: string) =>
  v.pipe(v.optional(schema, fallback as never), v.description(description));
const text = v.pipe(v.string(), v.minLength(1, 'must not be empty'));
const hours = v.pipe(v.number(), v.minValue(0, 'must not be negative'));

function isCron(expression: string): boolean {
  try {
    new Cron(expression, { paused: true, mode: "5-part" }).stop();
    return true;
  } catch {
    return false;
  }
}

export const scheduleSchema = v.strictObject({
  cron: withDefault(
    v.pipe(v.string(), v.check(isCron, 'not a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. "0 8 * * 1"')),
    '0 8 * * 1',
    "when the digest goes out: a cron expression (minute hour dom month dow) in the digest's time zone; it reports the last complete week",
  ),
  skipDates: withDefault(
    v.array(v.pipe(v.string(), v.isoDate('use YYYY-MM-DD'))),
    [],
    'local dates (YYYY-MM-DD) on which no digest is sent, e.g. holidays; that week is recorded as skipped',
  ),
  paused: withDefault(v.boolean(), false, 'true: run and schedule send nothing for this digest (send still works by hand)'),
  catchUpHours: withDefault(hours, 12, 'a send missed (daemon or host down) is made up within this many hours; later, the week is recorded as missed and ops are alerted'),
  retryMinutes: withDefault(v.pipe(v.number(), v.minValue(1, 'must be at least 1')), 15, 'the daemon retries a failed week this often, inside the catch-up window (every `run` retries it too)'),
});

export const reviewSchema = v.strictObject({
  to: described(v.pipe(v.array(text), v.minLength(1, 'needs at least one address')), "editors' address(es) that get the draft (allowed domains only)"),
  leadHours: withDefault(v.pipe(v.number(), v.gtValue(0, 'must be greater than 0')), 24, 'hours before the scheduled send when the draft goes out'),
});

export const freshnessSchema = v.strictObject({
  enabled: withDefault(v.boolean(), true, 'refuse to send when the sources look stale'),
  crmMaxAgeHours: withDefault(hours, 72, 'the newest CRM activity (contact or deal change) must be at most this many hours older than the end of the report week'),
  requireSheetWeek: withDefault(v.boolean(), false, 'the sheet must have at least one KPI value or note for the report week'),
});

export type ScheduleConfig = v.InferOutput<typeof scheduleSchema>;
export type ReviewConfig = v.InferOutput<typeof reviewSchema>;
export type FreshnessConfig = v.InferOutput<typeof freshnessSchema>;
