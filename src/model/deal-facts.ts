/**
 * What the model needs to know about a deal beyond its raw fields: whether its stage is won,
 * lost or open (from the pipeline definitions, never from stage names), and its amount in the
 * home currency.
 */
import type { Deal, Stage, StageOutcome } from './types.js';

export interface MoneyRules {
  homeCurrency: string;
  /** Value of one unit of a foreign currency in the home currency (`CHF: 1.06`). */
  exchangeRates: Readonly<Record<string, number>>;
}

export function stageOutcomes(stages: readonly Stage[]): (deal: Deal) => StageOutcome {
  const byPipelineStage = new Map<string, StageOutcome>();
  const byStage = new Map<string, StageOutcome>();
  for (const s of stages) {
    byPipelineStage.set(`${s.pipelineId}\u0000${s.stageId}`, s.outcome);
    if (!byStage.has(s.stageId)) byStage.set(s.stageId, s.outcome);
  }
  return (deal) => {
    if (deal.stageId === null) return 'open';
    return byPipelineStage.get(`${deal.pipelineId ?? ''}\u0000${deal.stageId}`) ?? byStage.get(deal.stageId) ?? 'open';
  };
}

export function knowsStage(stages: readonly Stage[], deal: Deal): boolean {
  return deal.stageId === null || stages.some((s) => s.stageId === deal.stageId);
}

/**
 * The CRM's home-currency amount where it has one, else the amount when the deal is in the
 * home currency (a deal without a currency is in the home currency), else the configured rate.
 */
export function homeAmount(deal: Deal, rules: MoneyRules): number | null {
  if (deal.amountHome !== null) return round2(deal.amountHome);
  if (deal.amount === null) return null;
  const currency = deal.currency ?? rules.homeCurrency;
  if (currency === rules.homeCurrency) return deal.amount;
  const rate = rules.exchangeRates[currency];
  return rate === undefined ? null : round2(deal.amount * rate);
}

/** Why a deal has no usable amount, for its data issue. */
export function missingAmountReason(deal: Deal, rules: MoneyRules): string {
  if (deal.amount === null) return 'has no amount';
  return `is in ${deal.currency} and the config has no exchange rate for it (exchangeRates.${deal.currency})`;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
