import { describe, expect, it } from 'vitest';
import { readDate, readInstant, readLink, readNumber, readWeek } from '../../src/sources/sheet/cells.js';
import { at, TZ } from '../helpers/records.js';

describe('week cells', () => {
  it.each([
    ['2026-W47', '2026-W47'],
    [' 2026-w47 ', '2026-W47'],
    ['KW 47/2026', '2026-W47'],
    ['KW47 2026', '2026-W47'],
    ['kw 7/2026', '2026-W07'],
    ['2026-11-18', '2026-W47'],
    ['22.11.2026', '2026-W47'],
    ['2027-01-01', '2026-W53'],
  ])('%s → %s', (cell, week) => {
    expect(readWeek(cell, TZ)).toEqual({ value: week });
  });
  it('reads sheet serial numbers as dates (46344 = 2026-11-18)', () => {
    expect(readWeek(46344, TZ)).toEqual({ value: '2026-W47' });
    expect(readDate(45292, TZ)).toEqual({ value: '2024-01-01' });
    expect(readDate(45292.75, TZ)).toEqual({ value: '2024-01-01' });
  });
  it.each(['KW 54/2026', '2026-W54', 'nächste Woche', '31.02.2026', ''])('refuses %j', (cell) => {
    expect(readWeek(cell, TZ).error).toBeTruthy();
  });
});

describe('numbers', () => {
  it('reads point and comma styles', () => {
    expect(readNumber('1234.5', 'point')).toEqual({ value: 1234.5 });
    expect(readNumber('1,234.5', 'point')).toEqual({ value: 1234.5 });
    expect(readNumber('1.234,5', 'comma')).toEqual({ value: 1234.5 });
    expect(readNumber('0,25', 'comma')).toEqual({ value: 0.25 });
    expect(readNumber('25 %', 'point')).toEqual({ value: 0.25 });
    expect(readNumber('12.000 €', 'comma')).toEqual({ value: 12000 });
    expect(readNumber(42, 'point')).toEqual({ value: 42 });
  });
  it('refuses text', () => {
    expect(readNumber('zwölf', 'point').error).toBe('"zwölf" is not a number');
    expect(readNumber('1,5', 'point').error).toBeTruthy();
  });
});

describe('instants and links', () => {
  it('reads ISO with offset, local time in the zone, German dates and epoch ms', () => {
    expect(readInstant('2026-11-16T00:30:00+01:00', TZ)).toEqual({ value: at('2026-11-16 00:30') });
    expect(readInstant('2026-11-15T23:30:00Z', TZ)).toEqual({ value: at('2026-11-16 00:30') });
    expect(readInstant('2026-11-16 00:30', TZ)).toEqual({ value: at('2026-11-16 00:30') });
    expect(readInstant('16.11.2026 00:30', TZ)).toEqual({ value: at('2026-11-16 00:30') });
    expect(readInstant('1763249400000', TZ)).toEqual({ value: 1763249400000 });
    expect(readInstant('gestern', TZ).error).toBeTruthy();
  });
  it('keeps only https, http and mailto links', () => {
    expect(readLink('https://example.com/a')).toEqual({ value: 'https://example.com/a' });
    expect(readLink('mailto:a@example.com')).toEqual({ value: 'mailto:a@example.com' });
    expect(readLink('javascript:alert(1)').error).toMatch(/not allowed/);
    expect(readLink('www.example.com').error).toMatch(/not a link/);
  });
});
