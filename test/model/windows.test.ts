import { describe, expect, it } from 'vitest';
import { weekPeriod } from '../../src/model/period.js';
import { sourceWindows } from '../../src/model/window.js';
import { at, TZ } from '../helpers/records.js';

const start = (week: string) => weekPeriod(week, TZ).startMs;
const END = at('2026-11-23 00:00');

describe('sourceWindows: each date fact is read for exactly what the metrics need of it (2026-W47)', () => {
  it('with the defaults: the 12-week basis decides contacts and closed deals; created deals need the trend only', () => {
    const w = sourceWindows('2026-W47', TZ);
    expect(w.contactCreated).toEqual({ startMs: start('2026-W36'), endMs: END });
    expect(w.mql).toEqual({ startMs: start('2026-W36'), endMs: END });
    expect(w.sql).toEqual({ startMs: start('2026-W36'), endMs: END });
    expect(w.dealCreated).toEqual({ startMs: start('2026-W40'), endMs: END }); // 8 trend weeks, MTD inside
    expect(w.dealClosed).toEqual({ startMs: start('2026-W36'), endMs: END });
  });

  it('follows planning.basisWeeks and capacity.lookbackDays: the 4-week rate of the oldest trend week, and a lookback in elapsed days across DST', () => {
    const w = sourceWindows('2026-W47', TZ, { basisWeeks: 4, lookbackDays: 90 });
    expect(w.contactCreated.startMs).toBe(start('2026-W40')); // trend
    expect(w.sql.startMs).toBe(start('2026-W40'));
    expect(w.dealClosed.startMs).toBe(start('2026-W37')); // win_rate of W40 looks back to W37
    // 90 × 24 h before Monday 23 Nov 00:00 CET is 25 Aug 01:00 CEST (the clocks went back in between).
    expect(w.mql.startMs).toBe(at('2026-08-25 01:00'));
    const short = sourceWindows('2026-W47', TZ, { basisWeeks: 4, lookbackDays: 30 });
    expect(short.mql.startMs).toBe(start('2026-W37')); // the cohort of the oldest trend week
  });
});
