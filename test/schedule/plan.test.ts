/** Schedule logic with a fixed `now`: DST in Europe/Berlin, skip dates, pause, catch-up, review times. */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { newRecord } from '../../src/state/types.js';
import { reviewSchema, scheduleSchema } from '../../src/schedule/config.js';
import { decide, latestRun, nextRuns, nextSend, nextWake, reviewDue } from '../../src/schedule/plan.js';

const TZ = 'Europe/Berlin';
const schedule = (input: v.InferInput<typeof scheduleSchema> = {}) => v.parse(scheduleSchema, input);
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const record = (state: 'sent' | 'failed' | 'partial' | 'sending' | 'skipped' | 'missed', permanent = false) => ({
  ...newRecord('dach', '2026-W12', 'digest', '2026-03-23T07:00:00Z'),
  state,
  error: state === 'failed' || state === 'partial' ? { code: 'X', message: 'x', permanent } : null,
});

describe('next runs across DST changes (Europe/Berlin)', () => {
  it('keeps Monday 08:00 local time across the spring change (UTC offset +1 → +2)', () => {
    const runs = nextRuns(schedule(), TZ, at('2026-03-20T00:00:00Z'), 3);
    expect(runs.map((r) => iso(r.atMs))).toEqual(['2026-03-23T07:00:00.000Z', '2026-03-30T06:00:00.000Z', '2026-04-06T06:00:00.000Z']);
    expect(runs.map((r) => r.week)).toEqual(['2026-W12', '2026-W13', '2026-W14']);
  });

  it('keeps Monday 08:00 local time across the autumn change (UTC offset +2 → +1)', () => {
    const runs = nextRuns(schedule(), TZ, at('2026-10-20T00:00:00Z'), 2);
    expect(runs.map((r) => iso(r.atMs))).toEqual(['2026-10-26T07:00:00.000Z', '2026-11-02T07:00:00.000Z']);
    expect(runs[0]!.localDate).toBe('2026-10-26');
  });

  it('a daily 02:30 run happens once on both change days (skipped hour: next valid time; doubled hour: once)', () => {
    const daily = schedule({ cron: '30 2 * * *' });
    const spring = nextRuns(daily, TZ, at('2026-03-28T00:00:00Z'), 3).map((r) => iso(r.atMs));
    expect(spring).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    const autumn = nextRuns(daily, TZ, at('2026-10-24T00:00:00Z'), 3).map((r) => iso(r.atMs));
    expect(autumn).toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('a Sunday 02:30 schedule on the spring change day still reports the previous week', () => {
    const [run] = nextRuns(schedule({ cron: '30 2 * * 0' }), TZ, at('2026-03-28T12:00:00Z'), 1);
    expect(run!.localDate).toBe('2026-03-29');
    expect(run!.week).toBe('2026-W12');
  });
});

describe('decide', () => {
  const s = schedule({ cron: '0 8 * * 1', catchUpHours: 12 });

  it('sends at the scheduled minute, reporting the last complete week', () => {
    const d = decide(s, TZ, at('2026-11-23T07:00:00Z'), null);
    expect(d).toMatchObject({ action: 'send', lateByMs: 0, occurrence: { week: '2026-W47', localDate: '2026-11-23' } });
  });

  it('catches up inside the window, once: a sent week is done', () => {
    expect(decide(s, TZ, at('2026-11-23T18:00:00Z'), null)).toMatchObject({ action: 'send', occurrence: { week: '2026-W47' } });
    expect(decide(s, TZ, at('2026-11-23T18:00:00Z'), record('sent'))).toMatchObject({ action: 'done', state: 'sent' });
  });

  it('retries a crashed, failed or partial send inside the window, transient or permanent alike', () => {
    expect(decide(s, TZ, at('2026-11-23T09:00:00Z'), record('sending'))).toMatchObject({ action: 'send' });
    expect(decide(s, TZ, at('2026-11-23T09:00:00Z'), record('failed'))).toMatchObject({ action: 'send' });
    expect(decide(s, TZ, at('2026-11-23T09:00:00Z'), record('failed', true))).toMatchObject({ action: 'send' });
    expect(decide(s, TZ, at('2026-11-23T09:00:00Z'), record('partial', true))).toMatchObject({ action: 'send' });
    // …and a failed week that falls out of the window is missed, never "done".
    expect(decide(s, TZ, at('2026-11-23T19:00:01Z'), record('failed', true))).toMatchObject({ action: 'missed' });
  });

  it('outside the window the week is missed (and stays done once recorded)', () => {
    expect(decide(s, TZ, at('2026-11-23T19:00:01Z'), null)).toMatchObject({ action: 'missed', occurrence: { week: '2026-W47' } });
    expect(decide(s, TZ, at('2026-11-25T07:00:00Z'), record('missed'))).toMatchObject({ action: 'done', state: 'missed' });
  });

  it('a skip date skips that week; the next send is the week after', () => {
    const holiday = schedule({ cron: '0 8 * * 1', skipDates: ['2026-12-28'] });
    expect(decide(holiday, TZ, at('2026-12-28T07:30:00Z'), null)).toMatchObject({ action: 'skip', occurrence: { localDate: '2026-12-28', week: '2026-W52' } });
    expect(nextSend(holiday, TZ, at('2026-12-22T00:00:00Z'))).toMatchObject({ localDate: '2027-01-04', week: '2026-W53' });
    expect(decide(holiday, TZ, at('2026-12-28T07:30:00Z'), record('skipped'))).toMatchObject({ action: 'done' });
  });

  it('a paused digest is never due and the daemon does not wake for it', () => {
    const paused = schedule({ paused: true });
    expect(decide(paused, TZ, at('2026-11-23T07:00:00Z'), null)).toEqual({ action: 'paused' });
    expect(nextWake(paused, undefined, TZ, at('2026-11-23T07:00:00Z'))).toBeNull();
  });

  it('the latest run counts an exact hit and nothing before the first occurrence', () => {
    expect(iso(latestRun(s, TZ, at('2026-11-23T07:00:00Z'))!.atMs)).toBe('2026-11-23T07:00:00.000Z');
    expect(iso(latestRun(s, TZ, at('2026-11-23T06:59:59Z'))!.atMs)).toBe('2026-11-16T07:00:00.000Z');
  });
});

describe('review window', () => {
  const s = schedule({ cron: '0 8 * * 1' });
  const review = v.parse(reviewSchema, { to: ['editors@nordlicht-software.de'], leadHours: 24 });

  it('is due from leadHours before the send, for the week that send reports', () => {
    expect(reviewDue(s, review, TZ, at('2026-11-29T06:59:00Z'), null)).toBeNull();
    expect(reviewDue(s, review, TZ, at('2026-11-29T07:00:00Z'), null)).toMatchObject({ send: { week: '2026-W48', localDate: '2026-11-30' } });
    expect(reviewDue(s, review, TZ, at('2026-11-29T08:00:00Z'), { ...record('sent'), kind: 'review' })).toBeNull();
  });

  it('the daemon wakes for the review draft before the send', () => {
    expect(iso(nextWake(s, review, TZ, at('2026-11-24T00:00:00Z'))!)).toBe('2026-11-29T07:00:00.000Z');
    expect(iso(nextWake(s, undefined, TZ, at('2026-11-24T00:00:00Z'))!)).toBe('2026-11-30T07:00:00.000Z');
  });
});
