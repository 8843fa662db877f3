/**
 * Locale formatting of the digest's figures: counts, money, percentages, hours, deltas and
 * calendar dates. One formatter for the whole product, so a KPI reads the same in the model's
 * item details and in the rendered scorecard. Pure: locale, currency and unit words are inputs;
 * every function returns `–` for a missing value, never `NaN` or `null`.
 */
import { DateTime } from 'luxon';
import type { Unit } from './types.js';

export const DASH = '–';

/** `n` rounded to `digits` decimals: the one rounding of the figures digest.json keeps. */
export const roundTo = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

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

/** Words the formatter puts after a number. */
export interface UnitWords {
  hours: string;
  percentPoints: string;
}

export function createNumberFormatter(locale: string, currency: string, units: UnitWords): Formatter {
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
      finite(v) ? `${nf({ minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)} ${units.hours}` : DASH,
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
          return `${nf({ maximumFractionDigits: 1, ...signed }).format(v * 100)} ${units.percentPoints}`;
        case 'hours':
          return `${nf({ minimumFractionDigits: 1, maximumFractionDigits: 1, ...signed }).format(v)} ${units.hours}`;
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
