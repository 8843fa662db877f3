/** Small builders for hand-computed model tests. Local times are Europe/Berlin. */
import { DateTime } from 'luxon';
import type { Contact, CrmRecords, Deal, SheetRecords } from '../../src/model/types.js';
import type { ModelConfig } from '../../src/model/build-digest.js';
import { CRM_METRIC_IDS } from '../../src/model/metric-catalog.js';

export const TZ = 'Europe/Berlin';

/** `2026-11-16 09:30` in Berlin → epoch ms. */
export function at(local: string, zone = TZ): number {
  const d = DateTime.fromISO(local.replace(' ', 'T'), { zone });
  if (!d.isValid) throw new Error(`bad time ${local}`);
  return d.toMillis();
}

let seq = 0;
export function contact(p: { created?: string; mql?: string; sql?: string; touch?: string; source?: string; owner?: string; status?: string; reason?: string; topic?: string }): Contact {
  return {
    ...(p.status === undefined ? {} : { leadStatus: p.status }),
    ...(p.reason === undefined ? {} : { disqualificationReason: p.reason }),
    ...(p.topic === undefined ? {} : { firstConversion: p.topic }),
    id: `c${++seq}`,
    createdAt: p.created ? at(p.created) : null,
    mqlAt: p.mql ? at(p.mql) : null,
    sqlAt: p.sql ? at(p.sql) : null,
    firstTouchAt: p.touch ? at(p.touch) : null,
    source: p.source ?? null,
    ownerId: p.owner ?? null,
  };
}

export function deal(p: Partial<Omit<Deal, 'createdAt' | 'closedAt'>> & { created?: string; closed?: string }): Deal {
  return {
    id: p.id ?? `d${++seq}`,
    name: p.name ?? 'Deal',
    amount: p.amount ?? null,
    currency: p.currency ?? 'EUR',
    amountHome: p.amountHome ?? null,
    createdAt: p.created ? at(p.created) : null,
    closedAt: p.closed ? at(p.closed) : null,
    stageId: p.stageId ?? 'open',
    pipelineId: p.pipelineId ?? 'default',
    ownerId: p.ownerId ?? null,
    source: p.source ?? null,
  };
}

export const STAGES = [
  { pipelineId: 'default', stageId: 'open', label: 'Open', outcome: 'open' as const },
  { pipelineId: 'default', stageId: 'won', label: 'Won', outcome: 'won' as const },
  { pipelineId: 'default', stageId: 'lost', label: 'Lost', outcome: 'lost' as const },
];

export function crm(p: Partial<CrmRecords>): CrmRecords {
  return { contacts: p.contacts ?? [], deals: p.deals ?? [], stages: p.stages ?? STAGES, owners: p.owners ?? [] };
}

export function sheet(p: Partial<SheetRecords>): SheetRecords {
  return { kpis: p.kpis ?? [], targets: p.targets ?? [], notes: p.notes ?? [], voice: p.voice ?? [], definitions: p.definitions ?? [], people: p.people ?? [], tabGids: p.tabGids ?? {} };
}

export function modelConfig(p: Partial<ModelConfig> = {}): ModelConfig {
  return {
    id: 'test',
    title: 'Test Digest',
    locale: 'de-DE',
    timezone: TZ,
    currency: 'EUR',
    exchangeRates: {},
    kpis: [],
    crmMetrics: [...CRM_METRIC_IDS],
    statusThresholds: { onTrack: 1, atRisk: 0.9 },
    moverThreshold: 0.2,
    firstTouchSlaHours: 24,
    carryOverWeeks: 8,
    topSources: 5,
    definitions: { affects: {} },
    ...p,
  };
}
