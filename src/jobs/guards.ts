/**
 * The checks before a digest goes out, the same for a real send, `--dry-run` and `--to`: every
 * tab, file and column could be read (not half-built), the week has data at all, and the
 * sources are current. Each check has one flag that lets a person override it on purpose
 * (`--allow-incomplete`, `--allow-empty`); `--force` is all of them. Pure: digest and records
 * in, the refusals out.
 */
import type { FreshnessConfig } from '../schedule/config.js';
import { isEmptyWeek, notesOfTheWeek } from '../model/emptiness.js';
import type { WeekPeriod } from '../model/period.js';
import type { CrmRecords, Digest, SheetRecords } from '../model/types.js';
import { DigestError, type ErrorCode } from '../errors.js';
import type { MissingNote } from '../render/review.js';

/** What a person allowed on purpose; `--force` sets all four. */
export interface Allowances {
  /** Send a week again that was already sent, or whose ledger entry is broken. */
  resend?: boolean | undefined;
  /** Send although a source failed, is incomplete or looks stale (the header says so). */
  incomplete?: boolean | undefined;
  /** Send a week that has not ended yet. */
  openWeek?: boolean | undefined;
  /** Send a week without any data. */
  empty?: boolean | undefined;
}

export interface SendFlags {
  force?: boolean | undefined;
  resend?: boolean | undefined;
  allowIncomplete?: boolean | undefined;
  allowOpenWeek?: boolean | undefined;
  allowEmpty?: boolean | undefined;
}

export function allowancesFrom(flags: SendFlags): Allowances {
  const all = flags.force === true;
  return { resend: all || flags.resend, incomplete: all || flags.allowIncomplete, openWeek: all || flags.allowOpenWeek, empty: all || flags.allowEmpty };
}

export interface GuardFailure {
  code: Extract<ErrorCode, 'SOURCE_INCOMPLETE' | 'EMPTY_WEEK' | 'STALE_SOURCES'>;
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

export function checkFreshness(records: { crm: CrmRecords; sheet: SheetRecords }, period: WeekPeriod, freshness: FreshnessConfig): GuardFailure | null {
  if (!freshness.enabled) return null;
  const problems: string[] = [];
  const newest = newestCrmActivity(records.crm);
  const limitMs = period.endMs - freshness.crmMaxAgeHours * 3_600_000;
  if (newest === null) problems.push('the CRM returned no records with a date');
  else if (newest < limitMs) {
    const hours = Math.round((period.endMs - newest) / 3_600_000);
    problems.push(`the newest CRM activity is from ${new Date(newest).toISOString()}, ${hours} h before the end of ${period.week} (limit: ${freshness.crmMaxAgeHours} h); is the CRM export or sync stuck?`);
  }
  if (freshness.requireSheetWeek) {
    const has = records.sheet.kpis.some((k) => k.week === period.week) || records.sheet.notes.some((n) => n.week === period.week);
    if (!has) problems.push(`the sheet has no KPI value and no note for ${period.week}`);
  }
  return problems.length ? { code: 'STALE_SOURCES', reason: problems.join('; ') } : null;
}

/** Every reason not to send this digest that the allowances do not override. */
export function checkBeforeSending(
  digest: Digest,
  records: { crm: CrmRecords; sheet: SheetRecords },
  period: WeekPeriod,
  freshness: FreshnessConfig,
  allow: Allowances = {},
): GuardFailure[] {
  const failures: GuardFailure[] = [];
  const incomplete = digest.dataIssues.filter((issue) => issue.incomplete);
  if (incomplete.length && !allow.incomplete) {
    const parts = incomplete.map((issue) => `${issue.location}: ${issue.message}`).join('; ');
    failures.push({ code: 'SOURCE_INCOMPLETE', reason: `part of the data could not be read, so the digest would be half-built: ${parts}` });
  }
  if (isEmptyWeek(digest)) {
    if (!allow.empty) failures.push({ code: 'EMPTY_WEEK', reason: `${digest.week} has no data at all (no CRM activity, notes or KPI values)` });
  } else if (!allow.incomplete) {
    const stale = checkFreshness(records, period, freshness);
    if (stale) failures.push(stale);
  }
  return failures;
}

/** The refusals as one error: the first refusal's code, every reason, and the flag that overrides each. */
export function refusalError(digestId: string, failures: readonly GuardFailure[]): DigestError {
  const flag: Record<GuardFailure['code'], string> = { SOURCE_INCOMPLETE: '--allow-incomplete', STALE_SOURCES: '--allow-incomplete', EMPTY_WEEK: '--allow-empty' };
  const headline: Record<GuardFailure['code'], string> = { SOURCE_INCOMPLETE: 'the data is incomplete', STALE_SOURCES: 'the sources look stale', EMPTY_WEEK: 'the week has no data' };
  const reasons = failures.map((f) => `${headline[f.code]}: ${f.reason} (${flag[f.code]} sends anyway)`).join('; ');
  return new DigestError(failures[0]!.code, `${digestId}: not sent, ${reasons}`);
}

/** A week that has not ended yet is not sent unless `--allow-open-week`. */
export function assertWeekEnded(digestId: string, period: WeekPeriod, nowMs: number, allow: Allowances): void {
  if (period.endMs <= nowMs || allow.openWeek) return;
  throw new DigestError('WEEK_NOT_ENDED', `${digestId} ${period.week} has not ended yet (it ends ${new Date(period.endMs).toISOString()}); nothing was sent. Use --allow-open-week to send it early on purpose`);
}

/** What the editors still have to fill in: teams without a note this week, manual KPIs without a value. */
export function missingNotes(digest: Digest, manualKpiIds: readonly string[]): MissingNote[] {
  const missing: MissingNote[] = [];
  const notes = notesOfTheWeek(digest);
  for (const team of ['marketing', 'sales'] as const) {
    if (!notes.some((n) => n.team === team || n.team === 'both')) missing.push({ team });
  }
  for (const kpi of digest.kpis) {
    if (kpi.origin === 'sheet' && manualKpiIds.includes(kpi.id) && kpi.value === null) missing.push({ kpi: kpi.label });
  }
  return missing;
}
