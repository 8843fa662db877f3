/**
 * Deals the digest counts but cannot count right, as data issues (never silent numbers): no
 * usable amount, a negative amount (left out of the sums), a close date before the create date
 * (kept, warned), a pipeline or stage the CRM does not define (neither won nor lost).
 *
 * Only deals some metric looks at are checked: created in the deal-creation window or closed
 * in the close window (`sourceWindows`), which is what every source returns, so files and
 * HubSpot report the same issues for the same deals. A missing amount is reported for the
 * report week's sums only, as before.
 */
import type { CrmFacts } from './crm-metrics.js';
import { closedIn, createdIn } from './crm-metrics.js';
import { recordAt } from './crm-records.js';
import { hasNegativeAmount, missingAmountReason, type MoneyRules, type StageJudge } from './deal-facts.js';
import type { DataIssue, Deal } from './types.js';
import { inRange, type Range, type SourceWindows } from './window.js';

const issue = (deal: Deal, field: string | undefined, severity: DataIssue['severity'], message: string): DataIssue => ({
  source: deal.location ? 'files' : 'crm',
  location: recordAt('deal', deal, field),
  severity,
  message,
});

export function dealIssues(facts: CrmFacts, report: Range, windows: SourceWindows, money: MoneyRules, judge: StageJudge): DataIssue[] {
  const issues: DataIssue[] = [];
  const weekSums = new Set<Deal>([...createdIn(facts, report), ...closedIn(facts, report, 'won')]);
  for (const deal of facts.deals) {
    if (!inRange(deal.createdAt, windows.dealCreated) && !inRange(deal.closedAt, windows.dealClosed)) continue;
    const name = `"${deal.name || deal.id}"`;
    if (hasNegativeAmount(deal)) {
      const field = deal.amountHome !== null && deal.amountHome < 0 ? 'amountHome' : 'amount';
      issues.push(issue(deal, field, 'warning', `${name} ${missingAmountReason(deal, money)}; it counts in the deal counts but not in the sums`));
    } else if (weekSums.has(deal) && facts.homeAmount(deal) === null) {
      issues.push(issue(deal, 'amount', 'warning', `${name} ${missingAmountReason(deal, money)}; it counts in the deal counts but not in the sums`));
    }
    if (deal.closedAt !== null && deal.createdAt !== null && deal.closedAt < deal.createdAt) {
      issues.push(issue(deal, 'closedAt', 'warning', `${name} was closed (${new Date(deal.closedAt).toISOString()}) before it was created (${new Date(deal.createdAt).toISOString()}); it is kept as it is`));
    }
    const problem = judge.problem(deal);
    if (problem === 'unknown_pipeline') {
      issues.push(issue(deal, 'pipelineId', 'warning', `${name} is in pipeline "${deal.pipelineId}", which the CRM does not define; it counts as neither won nor lost`));
    } else if (problem === 'unknown_stage') {
      issues.push(issue(deal, 'stageId', 'warning', `${name} is in stage "${deal.stageId}", which ${deal.pipelineId === null ? 'no single pipeline defines' : `pipeline "${deal.pipelineId}" does not define`}; it counts as neither won nor lost`));
    }
  }
  return issues;
}
