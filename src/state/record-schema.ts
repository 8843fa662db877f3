/**
 * The shape of a ledger record, checked whenever a store reads one back: a truncated file, a
 * hand edit or a row written by something else becomes a located `LEDGER_UNREADABLE`, never a
 * half-valid object that the job would act on.
 */
import * as v from 'valibot';
import type { LedgerKey, LedgerRecord } from './types.js';

const iso = v.string();
const nullableText = v.nullable(v.string());

/** Typed as the port's record, so the two cannot drift apart unnoticed. */
const ledgerRecordSchema: v.GenericSchema<unknown, LedgerRecord> = v.object({
  digestId: v.pipe(v.string(), v.minLength(1)),
  week: v.pipe(v.string(), v.minLength(1)),
  kind: v.picklist(['digest', 'review']),
  state: v.picklist(['rendering', 'sending', 'sent', 'partial', 'failed', 'skipped', 'missed']),
  messageId: nullableText,
  recipients: v.array(
    v.object({
      address: v.string(),
      status: v.picklist(['pending', 'accepted', 'rejected']),
      response: v.optional(v.string()),
    }),
  ),
  transport: nullableText,
  attempts: v.pipe(v.number(), v.integer(), v.minValue(0)),
  createdAt: iso,
  updatedAt: iso,
  sendingAt: nullableText,
  sentAt: nullableText,
  scheduledFor: nullableText,
  reason: nullableText,
  error: v.nullable(v.object({ code: v.string(), message: v.string(), permanent: v.boolean() })),
  alerts: v.array(v.object({ code: v.string(), at: iso })),
});

/**
 * The record in `value` when it has the right shape and belongs to `key`; otherwise the reason
 * in words (`state: Invalid type …`, `holds dach/2026-W48/digest`).
 */
export function checkRecord(value: unknown, key: LedgerKey): { record: LedgerRecord } | { problem: string } {
  const parsed = v.safeParse(ledgerRecordSchema, value);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '(root)';
    return { problem: `wrong shape: ${path}: ${issue.message}` };
  }
  const record = parsed.output;
  if (record.digestId !== key.digestId || record.week !== key.week || record.kind !== key.kind) {
    return { problem: `wrong shape: holds ${record.digestId}/${record.week}/${record.kind}` };
  }
  return { record };
}

export function compareKeys(a: LedgerKey, b: LedgerKey): number {
  return a.digestId.localeCompare(b.digestId) || a.week.localeCompare(b.week) || a.kind.localeCompare(b.kind);
}

/** Ids and weeks become file names and SQL values: only these characters, so no key escapes its folder. */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function assertSafeKey(key: { digestId: string; week?: string }): void {
  if (!SAFE.test(key.digestId) || (key.week !== undefined && !SAFE.test(key.week))) {
    throw new TypeError(`unsafe ledger key ${key.digestId}/${key.week ?? ''}`);
  }
}
