/** The CRM metrics of the SPEC: fixed ids, their unit, which way is better and who owns them. */
import type { Direction, Team, Unit } from './types.js';

export const CRM_METRIC_IDS = [
  'leads_new',
  'mqls',
  'sqls',
  'mql_to_sql_rate',
  'deals_created',
  'pipeline_created',
  'deals_won',
  'revenue_won',
  'deals_lost',
  'win_rate',
  'avg_deal_size',
  'first_touch_sla_breaches',
  'median_first_touch_hours',
] as const;

export type CrmMetricId = (typeof CRM_METRIC_IDS)[number];

export interface MetricMeta {
  unit: Unit;
  direction: Direction;
  team: Team;
}

export const CRM_METRICS: Record<CrmMetricId, MetricMeta> = {
  leads_new: { unit: 'count', direction: 'higher', team: 'marketing' },
  mqls: { unit: 'count', direction: 'higher', team: 'marketing' },
  sqls: { unit: 'count', direction: 'higher', team: 'both' },
  mql_to_sql_rate: { unit: 'ratio', direction: 'higher', team: 'both' },
  deals_created: { unit: 'count', direction: 'higher', team: 'sales' },
  pipeline_created: { unit: 'money', direction: 'higher', team: 'sales' },
  deals_won: { unit: 'count', direction: 'higher', team: 'sales' },
  revenue_won: { unit: 'money', direction: 'higher', team: 'sales' },
  deals_lost: { unit: 'count', direction: 'lower', team: 'sales' },
  win_rate: { unit: 'ratio', direction: 'higher', team: 'sales' },
  avg_deal_size: { unit: 'money', direction: 'higher', team: 'sales' },
  first_touch_sla_breaches: { unit: 'count', direction: 'lower', team: 'sales' },
  median_first_touch_hours: { unit: 'hours', direction: 'lower', team: 'sales' },
};

export function isCrmMetric(id: string): id is CrmMetricId {
  return (CRM_METRIC_IDS as readonly string[]).includes(id);
}

/** Monthly targets (MTD pacing) apply to counts and money only. */
export function allowsMonthlyTarget(unit: Unit): boolean {
  return unit === 'count' || unit === 'money';
}
