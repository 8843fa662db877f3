/**
 * Locale formatting for the email: numbers, money, percentages, hours, deltas, calendar dates
 * and the week header. Pure: the digest's locale, currency and time zone are inputs; the clock
 * is never read. Every function returns `–` for a missing value, never `NaN` or `null`.
 */
import { DateTime } from 'luxon';
import type { Unit } from '../model/types.js';
import type { Strings } from './strings.js';

export const DASH = '–';

export interface Formatter {
  count(value: number | null | undefined): string;
  /** Money in the home currency, or in `currency` when given (original deal amounts). */
  money(value: number | null | undefined, currency?: string): string;
  /** A ratio as a percentage: 0.25 → `25 %` (de) / `25%` (en). */
  percent(value: number | null | undefined, maxFractionDigits?: number): string;
  hours(value: number | null | undefined): string;
  value(value: number | null | undefined, unit: Unit): string;
  /** A change with its sign: `+3`, `-1.500 €`, `+5 Pp.` for ratios. */
  delta(value: number | null | undefined, unit: Unit): string;
  /** A relative change with its sign: 0.333 → `+33 %`. */
  change(ratio: number | null | undefined): string;
  /** A calendar date (`2026-11-20`) in the medium style: `20.11.2026`, `20 Nov 2026`; other text as is. */
  date(isoDate: string | null | undefined): string;
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** The locale when Intl accepts it (`de-DE`), else its language (`de_DE` → `de`), else `en`. */
export function usableLocale(locale: string): string {
  for (const candidate of [locale, locale.split(/[-_]/)[0] ?? '']) {
    try {
      return Intl.getCanonicalLocales(candidate)[0] ?? 'en';
    } catch {
      // try the next candidate
    }
  }
  return 'en';
}

export function createFormatter(locale: string, currency: string, strings: Strings): Formatter {
  const cache = new Map<string, Intl.NumberFormat>();
  const nf = (options: Intl.NumberFormatOptions): Intl.NumberFormat => {
    const key = JSON.stringify(options);
    let f = cache.get(key);
    if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, options)));
    return f;
  };
  const moneyDigits = (v: number) => (Number.isInteger(v) || Math.abs(v) >= 1000 ? 0 : 2);
  const signed = { signDisplay: 'exceptZero' } as const;
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });

  const self: Formatter = {
    count: (v) => (finite(v) ? nf({ maximumFractionDigits: 2 }).format(v) : DASH),
    money: (v, cur = currency) => {
      if (!finite(v)) return DASH;
      const digits = moneyDigits(v);
      try {
        return nf({ style: 'currency', currency: cur, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
      } catch {
        // A currency code Intl does not accept (a typo in the CRM): the number and the code as given.
        return `${nf({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v)} ${cur}`;
      }
    },
    percent: (v, max = 1) => (finite(v) ? nf({ style: 'percent', maximumFractionDigits: max }).format(v) : DASH),
    hours: (v) =>
      finite(v) ? `${nf({ minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)} ${strings.t('units.hours')}` : DASH,
    value(v, unit) {
      switch (unit) {
        case 'money': return self.money(v);
        case 'ratio': return self.percent(v);
        case 'hours': return self.hours(v);
        default: return self.count(v);
      }
    },
    delta(v, unit) {
      if (!finite(v)) return DASH;
      switch (unit) {
        case 'money': {
          const digits = moneyDigits(v);
          return nf({ style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits, ...signed }).format(v);
        }
        case 'ratio':
          return `${nf({ maximumFractionDigits: 1, ...signed }).format(v * 100)} ${strings.t('units.percentPoints')}`;
        case 'hours':
          return `${nf({ minimumFractionDigits: 1, maximumFractionDigits: 1, ...signed }).format(v)} ${strings.t('units.hours')}`;
        default:
          return nf({ maximumFractionDigits: 2, ...signed }).format(v);
      }
    },
    change: (r) => (finite(r) ? nf({ style: 'percent', maximumFractionDigits: 0, ...signed }).format(r) : DASH),
    date(iso) {
      if (!iso) return DASH;
      const d = DateTime.fromISO(iso, { zone: 'UTC' });
      if (!d.isValid) return iso;
      return dateFormat.format(d.toJSDate());
    },
  };
  return self;
}

/** `2026-W47` → { year: 2026, week: 47 }; null for anything else. */
export function parseIsoWeek(week: string | null | undefined): { year: number; week: number } | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week ?? '');
  return m ? { year: Number(m[1]), week: Number(m[2]) } : null;
}

/** `KW 47` / `Week 47`; with the year when it differs from `currentYear` (`KW 52/2025`). */
export function weekLabel(week: string, strings: Strings, currentYear?: number): string {
  const parsed = parseIsoWeek(week);
  if (!parsed) return week;
  if (currentYear !== undefined && parsed.year !== currentYear) {
    return strings.t('week.labelWithYear', { week: parsed.week, year: parsed.year });
  }
  return strings.t('week.label', { week: parsed.week });
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

/** Free text from the config, or an ISO date/date-time formatted for the locale. */
export function meetingTime(text: string, timezone: string, locale: string): string {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return trimmed;
  const d = DateTime.fromISO(trimmed, { zone: timezone, setZone: false });
  if (!d.isValid) return trimmed;
  const local = d.setZone(timezone).setLocale(locale);
  return trimmed.length <= 10 ? local.toLocaleString(DateTime.DATE_HUGE) : local.toLocaleString({ ...DateTime.DATE_HUGE, hour: '2-digit', minute: '2-digit' });
}
