/**
 * The few words the model itself writes into the Digest: CRM metric labels and the words in the
 * one-line details of automatic items (won deals, KPIs on target, movers, off-track KPIs).
 * Everything else the reader sees comes from `templates/locales/`.
 */
import type { CrmMetricId } from './metric-catalog.js';

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
  de: {
    target: 'Ziel', mtd: 'Monat bisher', expected: 'erwartet', unassigned: '(nicht zugewiesen)', unknownOwner: 'unbekannt', hours: 'Std.', percentPoints: 'Pp.',
    pace: 'Tempo', weeks: { one: 'Woche', other: 'Wochen' }, capacity: 'Engpass im Vertrieb: MQLs warten',
  },
  en: {
    target: 'target', mtd: 'month to date', expected: 'expected', unassigned: '(unassigned)', unknownOwner: 'unknown', hours: 'h', percentPoints: 'pp',
    pace: 'pace', weeks: { one: 'week', other: 'weeks' }, capacity: 'Sales is the bottleneck: MQLs waiting',
  },
} as const;

export function words(language: Language) {
  return WORDS[language];
}

/** The form of a counted word (`{ one, other }`) that `count` takes in `language`: 1 Woche, 1,5 Wochen. */
export function plural(language: Language, count: number, forms: { one: string; other: string }): string {
  return new Intl.PluralRules(language).select(count) === 'one' ? forms.one : forms.other;
}
