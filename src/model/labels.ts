/**
 * The few words the model itself writes into the Digest: CRM metric labels and the one-line
 * details of automatic items (won deals, KPIs on target, movers, off-track KPIs). Everything
 * else the reader sees comes from `templates/locales/`.
 */
import type { CrmMetricId } from './metric-catalog.js';
import type { Unit } from './types.js';

export type Language = 'de' | 'en';

export function languageOf(locale: string): Language {
  return locale.toLowerCase().startsWith('de') ? 'de' : 'en';
}

export const CRM_LABELS: Record<Language, Record<CrmMetricId, string>> = {
  de: {
    leads_new: 'Neue Leads',
    mqls: 'MQLs',
    sqls: 'SQLs',
    mql_to_sql_rate: 'MQL→SQL-Quote (4 Wochen)',
    deals_created: 'Neue Deals',
    pipeline_created: 'Neue Pipeline',
    deals_won: 'Gewonnene Deals',
    revenue_won: 'Gewonnener Umsatz',
    deals_lost: 'Verlorene Deals',
    win_rate: 'Abschlussquote (4 Wochen)',
    avg_deal_size: 'Ø Dealgröße',
    first_touch_sla_breaches: 'SLA-Verstöße Erstkontakt',
    median_first_touch_hours: 'Median bis Erstkontakt',
  },
  en: {
    leads_new: 'New leads',
    mqls: 'MQLs',
    sqls: 'SQLs',
    mql_to_sql_rate: 'MQL→SQL rate (4 weeks)',
    deals_created: 'Deals created',
    pipeline_created: 'Pipeline created',
    deals_won: 'Deals won',
    revenue_won: 'Revenue won',
    deals_lost: 'Deals lost',
    win_rate: 'Win rate (4 weeks)',
    avg_deal_size: 'Avg deal size',
    first_touch_sla_breaches: 'First-touch SLA breaches',
    median_first_touch_hours: 'Median time to first touch',
  },
};

const WORDS = {
  de: { target: 'Ziel', mtd: 'Monat bisher', expected: 'erwartet', unassigned: '(nicht zugewiesen)', hours: 'Std.' },
  en: { target: 'target', mtd: 'month to date', expected: 'expected', unassigned: '(unassigned)', hours: 'h' },
} as const;

export function words(language: Language) {
  return WORDS[language];
}

// Building an Intl.NumberFormat costs far more than using one: keep one per locale and style.
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

/** Formats a value of a unit for the item details the model writes. */
export function formatValue(value: number | null, unit: Unit, locale: string, currency: string): string {
  if (value === null) return '–';
  switch (unit) {
    case 'money':
      return numberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);
    case 'ratio':
      return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'hours':
      return `${numberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${words(languageOf(locale)).hours}`;
    case 'count':
      return numberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  }
}

export function formatPercentChange(ratio: number, locale: string): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'always' }).format(ratio);
}
