/**
 * Sales' verdict on a lead: a contact is rejected when its (current) lead status is one of the
 * configured rejected statuses and it has no SQL time before the week's end: a contact sales
 * accepted once is not a rejection, whatever its status says now. Statuses are compared
 * trimmed and case-insensitively (`Unqualified` in an export is HubSpot's `UNQUALIFIED`).
 */
import type { Contact } from './types.js';

export type RejectedTest = (c: Contact) => boolean;

export function rejectedTest(statuses: readonly string[], endMs: number): RejectedTest {
  const wanted = new Set(statuses.map((s) => s.trim().toUpperCase()));
  return (c) => {
    const status = c.leadStatus?.trim().toUpperCase();
    if (!status || !wanted.has(status)) return false;
    return c.sqlAt === null || c.sqlAt >= endMs;
  };
}

/** Code-point order (not the locale's collation): the SPEC's tie-break for names. */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
