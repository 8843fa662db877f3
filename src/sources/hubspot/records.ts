/** Search results, pipelines and owners to the model's compact records. */
import type { Contact, DataIssue, Deal, Owner, Stage, StageOutcome } from '../../model/types.js';
import type { OwnersPage, PipelinesAnswer, SearchResult } from './api-types.js';
import type { HubspotProperties } from './config.js';
import { decimal, field, instant, str } from './parse.js';

export function toContact(r: SearchResult, p: HubspotProperties, issues: DataIssue[]): Contact {
  const at = `contact ${r.id}`;
  const props = r.properties;
  return {
    id: r.id,
    createdAt: field(instant, props, 'createdate', at, issues),
    mqlAt: field(instant, props, p.mqlDate, at, issues),
    sqlAt: field(instant, props, p.sqlDate, at, issues),
    firstTouchAt: field(instant, props, p.firstTouch, at, issues),
    source: str(props[p.contactSource]),
    ownerId: str(props.hubspot_owner_id),
    leadStatus: str(props[p.leadStatus]),
    disqualificationReason: p.disqualificationReason ? str(props[p.disqualificationReason]) : null,
    firstConversion: str(props[p.firstConversion]),
  };
}

export function toDeal(r: SearchResult, p: HubspotProperties, issues: DataIssue[]): Deal {
  const at = `deal ${r.id}`;
  const props = r.properties;
  const currency = str(props.deal_currency_code)?.toUpperCase() ?? null;
  return {
    id: r.id,
    name: str(props.dealname, { location: `${at}.dealname`, issues }) ?? '',
    amount: field(decimal, props, 'amount', at, issues),
    currency,
    amountHome: field(decimal, props, 'amount_in_home_currency', at, issues),
    createdAt: field(instant, props, 'createdate', at, issues),
    closedAt: field(instant, props, 'closedate', at, issues),
    stageId: str(props.dealstage),
    pipelineId: str(props.pipeline),
    ownerId: str(props.hubspot_owner_id),
    source: str(props[p.dealSource]),
  };
}

/** Won = closed with probability 1.0, lost = closed with probability 0.0 (stage metadata). */
export function stageOutcome(metadata: Record<string, string | undefined> | undefined): StageOutcome {
  if (String(metadata?.isClosed).toLowerCase() !== 'true') return 'open';
  const probability = Number(metadata?.probability);
  if (probability === 1) return 'won';
  if (probability === 0) return 'lost';
  return 'open';
}

export function toStages(answer: PipelinesAnswer, pipelines: 'all' | string[]): Stage[] {
  const wanted = pipelines === 'all' ? null : new Set(pipelines);
  return answer.results
    .filter((pipeline) => wanted === null || wanted.has(pipeline.id))
    .flatMap((pipeline) =>
      pipeline.stages.map((s): Stage => ({ pipelineId: pipeline.id, stageId: s.id, label: s.label || s.id, outcome: stageOutcome(s.metadata) })),
    );
}

export function toOwners(page: OwnersPage): Owner[] {
  return page.results.map((o) => {
    const name = [o.firstName, o.lastName].map((s) => str(s)).filter(Boolean).join(' ');
    return { id: String(o.id), name: name || o.email || String(o.id), email: o.email || null };
  });
}
