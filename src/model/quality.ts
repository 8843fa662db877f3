/**
 * Sales' feedback on marketing's leads (SPEC "Planning the funnel together", Lead quality):
 * the MQLs of the 4 weeks ending with the report week that sales rejected, by original source
 * and by disqualification reason.
 */
import type { Contact, Quality } from './types.js';
import { byCodePoint, type RejectedTest } from './lead-status.js';
import { inRange, type Range } from './window.js';
import { roundTo } from './number-format.js';

export const TOP_REJECTION_SOURCES = 5;
export const TOP_REASONS = 5;
/** The source of a contact without one, as in the lead sources table. */
export const UNKNOWN_SOURCE = 'UNKNOWN';

const round4 = (n: number) => roundTo(n, 4);

export function buildQuality(contacts: readonly Contact[], window: Range, rejected: RejectedTest, withReasons: boolean): Quality {
  const cohort = contacts.filter((c) => inRange(c.mqlAt, window));
  const rejectedContacts = cohort.filter(rejected);

  const sources = new Map<string, { cohort: number; rejected: number }>();
  for (const c of cohort) {
    const key = c.source || UNKNOWN_SOURCE;
    const row = sources.get(key) ?? { cohort: 0, rejected: 0 };
    row.cohort++;
    if (rejected(c)) row.rejected++;
    sources.set(key, row);
  }
  const bySource = [...sources.entries()]
    .filter(([, r]) => r.rejected > 0)
    .map(([source, r]) => ({ source, cohort: r.cohort, rejected: r.rejected, rate: round4(r.rejected / r.cohort) }))
    .sort((a, b) => b.rejected - a.rejected || byCodePoint(a.source, b.source))
    .slice(0, TOP_REJECTION_SOURCES);

  const reasons = new Map<string | null, number>();
  if (withReasons) {
    for (const c of rejectedContacts) {
      const reason = c.disqualificationReason?.trim() || null;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  // By count; on equal counts by reason in code-point order, a missing reason after the named ones.
  const reasonOrder = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : byCodePoint(a, b));
  return {
    cohort: cohort.length,
    rejected: rejectedContacts.length,
    rejectionRate: cohort.length === 0 ? null : round4(rejectedContacts.length / cohort.length),
    bySource,
    reasons: [...reasons.entries()]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || reasonOrder(a.reason, b.reason))
      .slice(0, TOP_REASONS),
  };
}
