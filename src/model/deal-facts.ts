/**
 * What the model needs to know about a deal beyond its raw fields: whether its stage is won,
 * lost or open (from the pipeline definitions, never from stage names), and its amount in the
 * home currency.
 */
import type { Deal, Stage, StageOutcome } from './types.js';
import { roundTo } from './number-format.js';

export interface MoneyRules {
  homeCurrency: string;
  /** Value of one unit of a foreign currency in the home currency (`CHF: 1.06`). */
  exchangeRates: Readonly<Record<string, number>>;
}

/** Why a deal's stage cannot be judged: its pipeline, or its stage in that pipeline, is not defined. */
export type StageProblem = 'unknown_pipeline' | 'unknown_stage' | null;

export interface StageJudge {
  outcome(deal: Deal): StageOutcome;
  problem(deal: Deal): StageProblem;
}

/**
 * Outcomes from the CRM's pipeline definitions, by (pipeline, stage): a deal in a pipeline or a
 * stage the CRM does not define is neither won nor lost (it counts as open, with a data issue).
 * Stage ids are never matched across pipelines. Two cases are matched by stage id alone, since
 * nothing else can tell: stage definitions without a pipeline (a stages file without that
 * column) match any deal, and a deal without a pipeline matches a stage id that exactly one
 * pipeline defines.
 */
export function stageJudge(stages: readonly Stage[]): StageJudge {
  const byPipelineStage = new Map<string, StageOutcome>();
  const pipelines = new Set<string>();
  const anyPipeline = new Map<string, StageOutcome>();
  const byStage = new Map<string, StageOutcome[]>();
  for (const s of stages) {
    if (s.pipelineId === '') anyPipeline.set(s.stageId, s.outcome);
    else {
      byPipelineStage.set(`${s.pipelineId}\u0000${s.stageId}`, s.outcome);
      pipelines.add(s.pipelineId);
      byStage.set(s.stageId, [...(byStage.get(s.stageId) ?? []), s.outcome]);
    }
  }
  const lookup = (deal: Deal): StageOutcome | StageProblem => {
    if (deal.stageId === null) return 'open';
    const loose = anyPipeline.get(deal.stageId);
    if (loose) return loose;
    if (deal.pipelineId === null) {
      const candidates = byStage.get(deal.stageId) ?? [];
      return candidates.length === 1 ? candidates[0]! : 'unknown_stage';
    }
    if (!pipelines.has(deal.pipelineId)) return 'unknown_pipeline';
    return byPipelineStage.get(`${deal.pipelineId}\u0000${deal.stageId}`) ?? 'unknown_stage';
  };
  return {
    outcome: (deal) => {
      const r = lookup(deal);
      return r === 'won' || r === 'lost' ? r : 'open';
    },
    problem: (deal) => {
      const r = lookup(deal);
      return r === 'unknown_pipeline' || r === 'unknown_stage' ? r : null;
    },
  };
}

/**
 * The CRM's home-currency amount where it has one, else the amount when the deal is in the
 * home currency (a deal without a currency is in the home currency), else the configured rate.
 */
export function homeAmount(deal: Deal, rules: MoneyRules): number | null {
  if (hasNegativeAmount(deal)) return null; // implausible: left out of the sums, with a data issue
  if (deal.amountHome !== null) return round2(deal.amountHome);
  if (deal.amount === null) return null;
  const currency = deal.currency ?? rules.homeCurrency;
  if (currency === rules.homeCurrency) return deal.amount;
  const rate = rules.exchangeRates[currency];
  return rate === undefined ? null : round2(deal.amount * rate);
}

export function hasNegativeAmount(deal: Deal): boolean {
  return (deal.amount !== null && deal.amount < 0) || (deal.amountHome !== null && deal.amountHome < 0);
}

/** Why a deal has no usable amount, for its data issue. */
export function missingAmountReason(deal: Deal, rules: MoneyRules): string {
  if (hasNegativeAmount(deal)) return `has a negative amount (${deal.amountHome !== null && deal.amountHome < 0 ? deal.amountHome : deal.amount})`;
  if (deal.amount === null) return 'has no amount';
  return `is in ${deal.currency} and the config has no exchange rate for it (exchangeRates.${deal.currency})`;
}

const round2 = (n: number): number => roundTo(n, 2);
