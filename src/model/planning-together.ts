/**
 * The four blocks of "Planning the funnel together" in one place: the month's lead need
 * (`planning`), the sales-capacity signal (`capacity`), the topics that convert (`topics`) and
 * sales' verdict on lead quality (`quality`). A block whose contact property the source cannot
 * deliver at all is null (see `CrmRecords.available`).
 */
import type { CrmRecords, DataIssue, Digest, SheetRecords } from './types.js';
import type { CrmFacts } from './crm-metrics.js';
import type { WeekPeriod } from './period.js';
import type { Thresholds } from './targets.js';
import { BASIS_WEEKS, LOOKBACK_DAYS, monthToDate, rollingRange } from './window.js';
import { buildPlanning } from './planning.js';
import { buildCapacity } from './capacity.js';
import { buildTopics } from './topics.js';
import { buildQuality } from './quality.js';
import { rejectedTest } from './lead-status.js';
import type { OwnerRef } from './owners.js';

/** Defaults of the per-digest keys (the config schema uses the same). */
export const PLANNING_DEFAULTS = {
  basisWeeks: BASIS_WEEKS,
  lookbackDays: LOOKBACK_DAYS,
  bottleneckWeeks: 1,
  rejectedStatuses: ['UNQUALIFIED', 'BAD_TIMING'] as string[],
};

export interface PlanningSettings {
  planning?: { basisWeeks?: number };
  capacity?: { lookbackDays?: number; bottleneckWeeks?: number };
  quality?: { rejectedStatuses?: string[] };
}

export interface PlanningTogetherInput {
  facts: CrmFacts;
  crm: CrmRecords;
  sheet: SheetRecords;
  report: WeekPeriod;
  settings: PlanningSettings;
  thresholds: Thresholds;
  owner: (id: string | null) => OwnerRef;
  issues: DataIssue[];
}

export function planningTogether(input: PlanningTogetherInput): Pick<Digest, 'planning' | 'capacity' | 'topics' | 'quality'> {
  const { facts, report, settings } = input;
  const available = { firstTouch: true, firstConversion: true, leadStatus: true, disqualificationReason: true, ...input.crm.available };
  const rejected = rejectedTest(available.leadStatus ? settings.quality?.rejectedStatuses ?? PLANNING_DEFAULTS.rejectedStatuses : [], report.endMs);
  const rolling = rollingRange(report.week, report.timezone);
  return {
    planning: buildPlanning({
      facts, report, month: monthToDate(report), targets: input.sheet.targets, forecast: input.sheet.forecast ?? [],
      basisWeeks: settings.planning?.basisWeeks ?? PLANNING_DEFAULTS.basisWeeks, thresholds: input.thresholds, issues: input.issues,
    }),
    capacity: available.firstTouch
      ? buildCapacity({
          contacts: facts.contacts, report, rejected, owner: input.owner,
          lookbackDays: settings.capacity?.lookbackDays ?? PLANNING_DEFAULTS.lookbackDays,
          bottleneckWeeks: settings.capacity?.bottleneckWeeks ?? PLANNING_DEFAULTS.bottleneckWeeks,
        })
      : null,
    topics: available.firstConversion ? buildTopics(facts.contacts, rolling) : null,
    quality: available.leadStatus ? buildQuality(facts.contacts, rolling, rejected, available.disqualificationReason) : null,
  };
}
