/**
 * The checks every CRM source's records go through before the model sees them, whichever
 * adapter read them (files, HubSpot, later others), so the rules hold alike for all:
 *
 * - **Records are counted once.** A contact or deal id that appears twice (an export appended to
 *   another, a paging overlap) is a data issue and counts once; the last occurrence wins.
 * - **Numbers are finite.** A value such as `1e309` (Infinity) never reaches a figure: it is a
 *   data issue and the value is ignored.
 */
import type { Contact, CrmRecords, DataIssue, Deal, SourceResult } from './types.js';

type Kind = 'contact' | 'deal';

/** Where a record is: its cell in a file or tab (`deals.csv!D37`), else `deal 123`. */
export function recordAt(kind: Kind, record: Contact | Deal, field?: string): string {
  const loc = record.location;
  if (!loc) return `${kind} ${record.id}`;
  const column = (field === undefined ? undefined : loc.columns[field]) ?? loc.columns.id ?? 'A';
  return `${loc.table}!${column}${loc.row}`;
}

const CONTACT_NUMBERS = ['createdAt', 'mqlAt', 'sqlAt', 'firstTouchAt'] as const;
const DEAL_NUMBERS = ['amount', 'amountHome', 'createdAt', 'closedAt'] as const;

function source(record: Contact | Deal): DataIssue['source'] {
  return record.location ? 'files' : 'crm';
}

/** The record with every non-finite number set to null, one issue per value. */
function finite<R extends Contact | Deal>(kind: Kind, record: R, fields: readonly string[], issues: DataIssue[]): R {
  let fixed: R | null = null;
  for (const field of fields) {
    const value = (record as unknown as Record<string, unknown>)[field];
    if (typeof value !== 'number' || Number.isFinite(value)) continue;
    fixed ??= { ...record };
    (fixed as unknown as Record<string, unknown>)[field] = null;
    issues.push({ source: source(record), location: recordAt(kind, record, field), severity: 'warning', message: `${kind} ${record.id}: ${field} is not a finite number (${value}); the value is ignored` });
  }
  return fixed ?? record;
}

function once<R extends Contact | Deal>(kind: Kind, records: readonly R[], fields: readonly string[], issues: DataIssue[]): R[] {
  const byId = new Map<string, R>();
  for (const raw of records) {
    const record = finite(kind, raw, fields, issues);
    const earlier = byId.get(record.id);
    if (earlier) {
      const again = record.location ? `again at ${recordAt(kind, record)}` : 'twice';
      issues.push({ source: source(record), location: recordAt(kind, earlier), severity: 'warning', message: `${kind} ${record.id} appears ${again}; it counts once, the later occurrence wins` });
      byId.delete(record.id); // the last occurrence wins, and takes the last one's place
    }
    byId.set(record.id, record);
  }
  return [...byId.values()];
}

export function checkCrmRecords(result: SourceResult<CrmRecords>): SourceResult<CrmRecords> {
  const issues: DataIssue[] = [...result.issues];
  const contacts = once('contact', result.records.contacts, CONTACT_NUMBERS, issues);
  const deals = once('deal', result.records.deals, DEAL_NUMBERS, issues);
  return { records: { ...result.records, contacts, deals }, issues };
}
