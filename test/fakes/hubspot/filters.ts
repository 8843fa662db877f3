/**
 * HubSpot search semantics for the fake: filters in a group are AND'ed, groups are OR'ed.
 * Values are strings; a comparison is numeric when both sides are numbers, by instant when the
 * stored value is a date-time (filter values are epoch ms), else by string.
 */
export type Props = Record<string, string | null>;

export interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  highValue?: string;
  values?: string[];
}

export const OPERATORS = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY'] as const;

const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

/** Sort/compare key of a stored value. */
export function keyOf(value: string): number | string {
  if (NUMBER.test(value)) return Number(value);
  if (DATE_TIME.test(value)) return Date.parse(value);
  return value;
}

function operand(raw: string, like: number | string): number | string {
  if (typeof like === 'number') {
    if (NUMBER.test(raw)) return Number(raw);
    if (DATE_TIME.test(raw)) return Date.parse(raw);
  }
  return raw;
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

const present = (v: string | null | undefined): v is string => v !== null && v !== undefined && v !== '';

/** A stored record with a cache of parsed keys (a large fake portal is filtered per request). */
export interface StoredRecord {
  id: string;
  properties: Props;
  keys?: Record<string, number | string>;
}

function cachedKey(rec: StoredRecord, name: string, raw: string): number | string {
  const keys = (rec.keys ??= {});
  let key = keys[name];
  if (key === undefined) key = keys[name] = keyOf(raw);
  return key;
}

export function matchesFilter(rec: StoredRecord, f: Filter): boolean {
  const raw = f.propertyName === 'hs_object_id' ? rec.id : rec.properties[f.propertyName];
  if (f.operator === 'HAS_PROPERTY') return present(raw);
  if (f.operator === 'NOT_HAS_PROPERTY') return !present(raw);
  if (!present(raw)) return f.operator === 'NEQ' || f.operator === 'NOT_IN';
  const stored = cachedKey(rec, f.propertyName, raw);
  const cmp = (value: string | undefined) => compare(stored, operand(value ?? '', stored));
  switch (f.operator) {
    case 'EQ': return cmp(f.value) === 0;
    case 'NEQ': return cmp(f.value) !== 0;
    case 'LT': return cmp(f.value) < 0;
    case 'LTE': return cmp(f.value) <= 0;
    case 'GT': return cmp(f.value) > 0;
    case 'GTE': return cmp(f.value) >= 0;
    case 'BETWEEN': return cmp(f.value) >= 0 && cmp(f.highValue) <= 0;
    case 'IN': return (f.values ?? []).some((v) => cmp(v) === 0);
    case 'NOT_IN': return !(f.values ?? []).some((v) => cmp(v) === 0);
    default: throw new Error(`unknown operator ${f.operator}`);
  }
}

export function matches(rec: StoredRecord, groups: { filters: Filter[] }[]): boolean {
  if (groups.length === 0) return true;
  return groups.some((g) => g.filters.every((f) => matchesFilter(rec, f)));
}

/** HubSpot's limits on a query: 5 groups, 10 filters a group, 25 in all; known operators. */
export function validateGroups(groups: { filters: Filter[] }[]): string | null {
  if (groups.length > 5) return `Too many filter groups (${groups.length}); the maximum is 5.`;
  let total = 0;
  for (const g of groups) {
    if (g.filters.length > 10) return `Too many filters in a group (${g.filters.length}); the maximum is 10.`;
    total += g.filters.length;
    for (const f of g.filters) if (!(OPERATORS as readonly string[]).includes(f.operator)) return `Unknown operator ${f.operator}.`;
  }
  return total > 25 ? `Too many filters (${total}); the maximum is 25.` : null;
}

/** Sorted copy; the store is kept in id order, so an ascending id sort is free. */
export function sortRecords<T extends StoredRecord>(records: T[], sorts: { propertyName: string; direction?: string }[]): T[] {
  if (sorts.length === 0 || (sorts.length === 1 && sorts[0]!.propertyName === 'hs_object_id' && sorts[0]!.direction !== 'DESCENDING')) return records;
  return [...records].sort((a, b) => {
    for (const s of sorts) {
      const va = s.propertyName === 'hs_object_id' ? a.id : a.properties[s.propertyName];
      const vb = s.propertyName === 'hs_object_id' ? b.id : b.properties[s.propertyName];
      const c = present(va) && present(vb) ? compare(cachedKey(a, s.propertyName, va), cachedKey(b, s.propertyName, vb)) : present(va) ? -1 : present(vb) ? 1 : 0;
      if (c !== 0) return s.direction === 'DESCENDING' ? -c : c;
    }
    return Number(a.id) - Number(b.id);
  });
}
