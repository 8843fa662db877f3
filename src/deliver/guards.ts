/**
 * The checks before a digest goes out: every tab, file and column could be read (not
 * half-built), the week has data at all, and the sources are current.
 * (A source that cannot read throws while collecting; the caller turns that into the same kind
 * of refusal.) Pure: records and digest in, a list of reasons out.
 */
import type { FreshnessConfig } from '../schedule/config.js';
import { isEmptyWeek, notesOfTheWeek } from '../model/emptiness.js';
import { weekPeriod } from '../model/period.js';
import type { CrmRecords, Digest, SheetRecords } from '../model/types.js';

export interface GuardFailure {
  code: 'SOURCE_FAILED' | 'SOURCE_INCOMPLETE' | 'EMPTY_WEEK' | 'STALE_SOURCES';
  reason: string;
}

/** The newest instant any CRM record carries, or null when there is none. */
export function newestCrmActivity(crm: CrmRecords): number | null {
  let newest: number | null = null;
  const see = (ms: number | null) => {
    if (ms !== null && (newest === null || ms > newest)) newest = ms;
  };
  for (const c of crm.contacts) [c.createdAt, c.mqlAt, c.sqlAt, c.firstTouchAt].forEach(see);
  for (const d of crm.deals) [d.createdAt, d.closedAt].forEach(see);
  return newest;
}

export function checkFreshness(
  records: { crm: CrmRecords; sheet: SheetRecords },
  week: string,
  timezone: string,
  freshness: FreshnessConfig,
): GuardFailure | null {
  if (!freshness.enabled) return null;
  const { endMs } = weekPeriod(week, timezone);
  const problems: string[] = [];
  const newest = newestCrmActivity(records.crm);
  const limitMs = endMs - freshness.crmMaxAgeHours * 3_600_000;
  if (newest === null) problems.push('the CRM returned no records with a date');
  else if (newest < limitMs) {
    const hours = Math.round((endMs - newest) / 3_600_000);
    problems.push(`the newest CRM activity is from ${new Date(newest).toISOString()}, ${hours} h before the end of ${week} (limit: ${freshness.crmMaxAgeHours} h); is the CRM export or sync stuck?`);
  }
  if (freshness.requireSheetWeek) {
    const has = records.sheet.kpis.some((k) => k.week === week) || records.sheet.notes.some((n) => n.week === week);
    if (!has) problems.push(`the sheet has no KPI value and no note for ${week}`);
  }
  // The reason only: the caller's headline already says "the sources look stale".
  return problems.length ? { code: 'STALE_SOURCES', reason: problems.join('; ') } : null;
}

/** Every reason not to send this digest; empty when it may go out. */
export function checkBeforeSending(
  digest: Digest,
  records: { crm: CrmRecords; sheet: SheetRecords } | undefined,
  timezone: string,
  freshness: FreshnessConfig,
): GuardFailure[] {
  const failures: GuardFailure[] = [];
  const incomplete = digest.dataIssues.filter((issue) => issue.incomplete);
  if (incomplete.length) {
    const parts = incomplete.map((issue) => `${issue.location}: ${issue.message}`).join('; ');
    failures.push({ code: 'SOURCE_INCOMPLETE', reason: `part of the data could not be read, so the digest would be half-built: ${parts}` });
  }
  if (isEmptyWeek(digest)) {
    failures.push({ code: 'EMPTY_WEEK', reason: `${digest.digestId} ${digest.week} has no data at all (no CRM activity, notes or KPI values)` });
  } else if (records) {
    const stale = checkFreshness(records, digest.week, timezone, freshness);
    if (stale) failures.push(stale);
  }
  return failures;
}

/** What the editors still have to fill in: teams without a note this week, manual KPIs without a value. */
export function missingNotes(digest: Digest, manualKpiIds: readonly string[]): string[] {
  const missing: string[] = [];
  const notes = notesOfTheWeek(digest);
  for (const team of ['marketing', 'sales'] as const) {
    if (!notes.some((n) => n.team === team || n.team === 'both')) missing.push(`no note from ${team} for ${digest.week}`);
  }
  for (const kpi of digest.kpis) {
    if (kpi.origin === 'sheet' && manualKpiIds.includes(kpi.id) && kpi.value === null) missing.push(`no value for KPI "${kpi.label}" (${kpi.id}) in ${digest.week}`);
  }
  return missing;
}
