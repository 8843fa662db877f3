/**
 * Locale formatting for the email: numbers, money, percentages, hours, deltas, calendar dates
 * and the week header. Pure: the digest's locale, currency and time zone are inputs; the clock
 * is never read. Every function returns `–` for a missing value, never `NaN` or `null`.
 */
import { DateTime } from 'luxon';
import { createNumberFormatter, DASH, type Formatter } from '../model/number-format.js';
import { parseIsoWeek } from '../model/period.js';
import { words } from '../model/labels.js';
import type { Strings } from './strings.js';

export { DASH, usableLocale, type Formatter } from '../model/number-format.js';
export { parseIsoWeek } from '../model/period.js';

/** The product's number formatter, with the unit words (`Std.`/`h`, `Pp.`/`pp`) of the strings' language. */
export function createFormatter(locale: string, currency: string, strings: Strings): Formatter {
  return createNumberFormatter(locale, currency, words(strings.language));
}

/** `KW 47` / `Week 47`; with the year when it differs from `currentYear` (`KW 52/2025`). */
export function weekLabel(week: string, strings: Strings, currentYear?: number): string {
  const parsed = parseIsoWeek(week);
  if (!parsed) return week;
  if (currentYear !== undefined && parsed.weekYear !== currentYear) {
    return strings.t('week.labelWithYear', { week: parsed.weekNumber, year: parsed.weekYear });
  }
  return strings.t('week.label', { week: parsed.weekNumber });
}

/**
 * The days of a period `[start, end)` in its time zone: `16.–22. November 2026`,
 * `30. November – 6. Dezember 2026`, `28. Dezember 2026 – 3. Januar 2027` (patterns in the
 * locale strings, month names from Intl).
 */
export function dateRange(startIso: string, endIso: string, timezone: string, locale: string, strings: Strings): string {
  const first = DateTime.fromISO(startIso, { zone: timezone }).setLocale(locale);
  const last = DateTime.fromISO(endIso, { zone: timezone }).setLocale(locale).minus({ days: 1 });
  if (!first.isValid || !last.isValid) return DASH;
  const parts = {
    startDay: first.day, startMonth: first.toFormat('MMMM'), startYear: first.year,
    endDay: last.day, endMonth: last.toFormat('MMMM'), endYear: last.year,
  };
  if (first.year !== last.year) return strings.t('week.rangeAcrossYears', parts);
  if (first.month !== last.month) return strings.t('week.rangeAcrossMonths', parts);
  return strings.t('week.range', parts);
}

/** `16.11.` / `16 Nov`: a day of an ISO date, in the locale strings' pattern. */
export function dayMonth(isoDate: string, locale: string, s: Strings): string {
  const d = DateTime.fromISO(isoDate, { zone: 'UTC' }).setLocale(locale);
  return d.isValid ? d.toFormat(s.t('format.dayMonth')) : isoDate;
}

/** `November` for `2026-11`, in the digest's language. */
export function monthName(month: string, locale: string): string {
  const [year, m] = month.split('-').map(Number);
  if (!year || !m) return month;
  return new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(Date.UTC(year, m - 1, 15));
}

/** Free text from the config, or an ISO date/date-time formatted for the locale. */
export function meetingTime(text: string, timezone: string, locale: string): string {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return trimmed;
  const d = DateTime.fromISO(trimmed, { zone: timezone, setZone: false });
  if (!d.isValid) return trimmed;
  const local = d.setZone(timezone).setLocale(locale);
  return trimmed.length <= 10 ? local.toLocaleString(DateTime.DATE_HUGE) : local.toLocaleString({ ...DateTime.DATE_HUGE, hour: '2-digit', minute: '2-digit' });
}
