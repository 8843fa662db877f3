import { describe, expect, it } from 'vitest';
import { createFormatter, dateRange, meetingTime, usableLocale, weekLabel } from '../../src/render/format.js';
import { createStrings, languageOf, loadStrings } from '../../src/render/strings.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/render/index.js';

const strings = await loadStrings(DEFAULT_TEMPLATES_DIR);
const de = createFormatter('de-DE', 'EUR', strings.de);
const en = createFormatter('en-GB', 'EUR', strings.en);
const intl = (locale: string, options: Intl.NumberFormatOptions, n: number) => new Intl.NumberFormat(locale, options).format(n);

describe('numbers, money, percentages and hours', () => {
  it('formats German', () => {
    expect(de.money(12000)).toBe(intl('de-DE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }, 12000));
    expect(de.money(12000)).toMatch(/^12\.000\s€$/);
    expect(de.money(12.5)).toBe(intl('de-DE', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2 }, 12.5));
    expect(de.money(10000, 'CHF')).toBe(intl('de-DE', { style: 'currency', currency: 'CHF', maximumFractionDigits: 0 }, 10000));
    expect(de.percent(0.25)).toBe(intl('de-DE', { style: 'percent' }, 0.25));
    expect(de.percent(0.25)).toMatch(/^25\s%$/);
    expect(de.count(1234.5)).toBe('1.234,5');
    expect(de.hours(5)).toBe('5,0 Std.');
    expect(de.delta(-1500, 'money')).toBe(intl('de-DE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0, signDisplay: 'exceptZero' }, -1500));
    expect(de.delta(0.05, 'ratio')).toBe('+5 Pp.');
    expect(de.delta(0, 'count')).toBe('0');
    expect(de.change(1 / 3)).toBe(intl('de-DE', { style: 'percent', signDisplay: 'exceptZero' }, 0.33));
    expect(de.date('2026-11-20')).toBe('20.11.2026');
  });

  it('formats English', () => {
    expect(en.money(12000)).toBe('€12,000');
    expect(en.percent(0.25)).toBe('25%');
    expect(en.count(1234.5)).toBe('1,234.5');
    expect(en.hours(12.25)).toBe('12.3 h');
    expect(en.delta(3, 'count')).toBe('+3');
    expect(en.date('2026-11-20')).toBe('20 Nov 2026');
  });

  it('shows a dash for missing values, never NaN or Infinity', () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(de.count(v)).toBe('–');
      expect(de.money(v)).toBe('–');
      expect(de.percent(v)).toBe('–');
      expect(de.hours(v)).toBe('–');
      expect(de.delta(v, 'money')).toBe('–');
      expect(de.change(v)).toBe('–');
    }
    expect(de.date(null)).toBe('–');
    expect(de.date('Ende November')).toBe('Ende November');
  });
});

describe('bad codes from the CRM or config', () => {
  it('shows an amount in a currency Intl does not know with the code as given', () => {
    expect(de.money(1000, 'EURO')).toBe('1.000 EURO');
  });

  it('falls back to the language when the locale is malformed', () => {
    expect(usableLocale('de_DE')).toBe('de');
    expect(usableLocale('de-AT')).toBe('de-AT');
    expect(usableLocale('!!')).toBe('en');
  });
});

describe('weeks and dates', () => {
  it('labels weeks, with the year when it differs', () => {
    expect(weekLabel('2026-W45', strings.de, 2026)).toBe('KW 45');
    expect(weekLabel('2025-W52', strings.de, 2026)).toBe('KW 52/2025');
    expect(weekLabel('2026-W45', strings.en, 2026)).toBe('Week 45');
  });

  it('shows the days of a week in its time zone', () => {
    const range = (s: string, e: string, lang: 'de' | 'en', locale: string) => dateRange(s, e, 'Europe/Berlin', locale, strings[lang]);
    expect(range('2026-11-16T00:00:00.000+01:00', '2026-11-23T00:00:00.000+01:00', 'de', 'de-DE')).toBe('16.–22. November 2026');
    expect(range('2026-11-16T00:00:00.000+01:00', '2026-11-23T00:00:00.000+01:00', 'en', 'en-GB')).toBe('16–22 November 2026');
    expect(range('2026-11-30T00:00:00.000+01:00', '2026-12-07T00:00:00.000+01:00', 'de', 'de-DE')).toBe('30. November – 6. Dezember 2026');
    expect(range('2026-12-28T00:00:00.000+01:00', '2027-01-04T00:00:00.000+01:00', 'en', 'en-US')).toBe('28 December 2026 – 3 January 2027');
    // The same instants written in UTC still mean the Berlin days.
    expect(range('2026-11-15T23:00:00.000Z', '2026-11-22T23:00:00.000Z', 'de', 'de-DE')).toBe('16.–22. November 2026');
  });

  it('formats an ISO meeting time and keeps free text', () => {
    expect(meetingTime('2026-11-24T10:00:00+01:00', 'Europe/Berlin', 'de-DE')).toBe('Dienstag, 24. November 2026 um 10:00');
    expect(meetingTime('2026-11-24', 'Europe/Berlin', 'en-GB')).toBe('Tuesday, 24 November 2026');
    expect(meetingTime('Dienstag, 10 Uhr, Raum Elbe', 'Europe/Berlin', 'de-DE')).toBe('Dienstag, 10 Uhr, Raum Elbe');
  });
});

describe('strings', () => {
  it('chooses the language from the locale', () => {
    expect(languageOf('de-AT')).toBe('de');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf('fr-FR')).toBe('en');
  });

  it('picks plural forms and fills placeholders once', () => {
    expect(strings.de.t('summary.fixes', { count: 1 })).toBe('1 Baustelle');
    expect(strings.de.t('summary.fixes', { count: 0 })).toBe('0 Baustellen');
    expect(strings.en.t('summary.successes', { count: 2 })).toBe('2 successes');
    expect(strings.de.t('fixes.owner', { owner: '{owner}' })).toBe('Verantwortlich: {owner}');
  });

  it('throws for an unknown key or a missing placeholder', () => {
    expect(() => strings.de.t('sections.nope')).toThrow(/no string "sections.nope"/);
    expect(() => strings.de.t('sections')).toThrow(/no string/);
    expect(() => strings.de.t('fixes.owner')).toThrow(/needs \{owner\}/);
    expect(() => createStrings('en', { a: 'x' }).t('constructor')).toThrow(/no string/);
  });
});
