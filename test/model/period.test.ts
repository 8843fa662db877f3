import { describe, expect, it } from 'vitest';
import { lastCompleteWeek, shiftWeek, weekOfInstant, weekPeriod, weeksEndingWith } from '../../src/model/period.js';
import { historyWindow, monthToDate } from '../../src/model/window.js';
import { at, TZ } from '../helpers/records.js';

const HOUR = 3_600_000;

describe('ISO weeks in a time zone', () => {
  it('runs from Monday 00:00 to the next Monday 00:00 local time', () => {
    const w = weekPeriod('2026-W47', TZ);
    expect(new Date(w.startMs).toISOString()).toBe('2026-11-15T23:00:00.000Z');
    expect(new Date(w.endMs).toISOString()).toBe('2026-11-22T23:00:00.000Z');
    expect([w.monday, w.sunday]).toEqual(['2026-11-16', '2026-11-22']);
  });

  it('is 167 hours long in the week clocks spring forward (2026-W13)', () => {
    const w = weekPeriod('2026-W13', TZ);
    expect(w.monday).toBe('2026-03-23');
    expect((w.endMs - w.startMs) / HOUR).toBe(167);
  });

  it('is 169 hours long in the week clocks fall back (2026-W43)', () => {
    const w = weekPeriod('2026-W43', TZ);
    expect(w.sunday).toBe('2026-10-25');
    expect((w.endMs - w.startMs) / HOUR).toBe(169);
  });

  it('puts Monday 00:30 local time into that Monday\'s week, although it is Sunday in UTC', () => {
    const ms = at('2026-11-16 00:30');
    expect(new Date(ms).getUTCDay()).toBe(0);
    expect(weekOfInstant(ms, TZ)).toBe('2026-W47');
    expect(weekOfInstant(at('2026-11-15 23:59'), TZ)).toBe('2026-W46');
  });

  it('handles week-year boundaries', () => {
    expect(shiftWeek('2026-W01', -1)).toBe('2025-W52');
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(weekPeriod('2026-W53', TZ).monday).toBe('2026-12-28');
    expect(() => weekPeriod('2025-W53', TZ)).toThrow(/not an ISO week/);
    expect(weeksEndingWith('2026-W02', 3)).toEqual(['2025-W52', '2026-W01', '2026-W02']);
  });

  it('picks the last complete week before now in the time zone', () => {
    expect(lastCompleteWeek(at('2026-11-23 00:10'), TZ)).toBe('2026-W47');
    expect(lastCompleteWeek(at('2026-11-22 23:50'), TZ)).toBe('2026-W46');
    // Monday 00:30 in Berlin is Sunday 23:30 UTC: the week W47 is already complete in Berlin.
    expect(lastCompleteWeek(Date.parse('2026-11-22T23:30:00Z'), TZ)).toBe('2026-W47');
  });
});

describe('month to date', () => {
  it('runs from the 1st of the month of the week\'s Sunday: W47 2026 is 22 of 30 days', () => {
    const m = monthToDate(weekPeriod('2026-W47', TZ));
    expect([m.elapsedDays, m.daysInMonth, m.month]).toEqual([22, 30, '2026-11']);
    expect(m.startMs).toBe(at('2026-11-01 00:00'));
    expect(m.endMs).toBe(at('2026-11-23 00:00'));
  });

  it('belongs to the new month when the week straddles two months (2026-W44 ends Sunday 1 November)', () => {
    const m = monthToDate(weekPeriod('2026-W44', TZ));
    expect([m.elapsedDays, m.month]).toEqual([1, '2026-11']);
    expect((m.endMs - m.startMs) / HOUR).toBe(24);
  });

  it('the history window is the hull of the per-fact windows: the 12-week planning basis (W36 … W47)', () => {
    const w = historyWindow('2026-W47', TZ);
    expect(w.startMs).toBe(weekPeriod('2026-W36', TZ).startMs);
    expect(w.endMs).toBe(weekPeriod('2026-W47', TZ).endMs);
    // Fewer basis weeks: the 4-week rates of the oldest trend week reach furthest back.
    expect(historyWindow('2026-W47', TZ, { basisWeeks: 4, lookbackDays: 30 }).startMs).toBe(weekPeriod('2026-W37', TZ).startMs);
    // A long capacity lookback (elapsed days before the week's end) reaches further.
    expect(historyWindow('2026-W47', TZ, { basisWeeks: 12, lookbackDays: 120 }).startMs).toBe(weekPeriod('2026-W47', TZ).endMs - 120 * 24 * HOUR);
  });
});
