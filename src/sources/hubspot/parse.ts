/** HubSpot property values (always strings or null) to record fields. */
import type { DataIssue } from '../../model/types.js';

/** An instant from an ISO-8601 string or an epoch-ms string; undefined when unreadable. */
export function instant(value: string | null | undefined): number | null | undefined {
  if (value === null || value === undefined || value.trim() === '') return null;
  const v = value.trim();
  if (/^-?\d+$/.test(v)) return Number(v);
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

export function decimal(value: string | null | undefined): number | null | undefined {
  if (value === null || value === undefined || value.trim() === '') return null;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}

export function str(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value.trim();
}

/** Reads with `read`; an unreadable value becomes null and a data issue naming record and property. */
export function field<T>(
  read: (value: string | null | undefined) => T | null | undefined,
  properties: Record<string, string | null | undefined>,
  name: string,
  location: string,
  issues: DataIssue[],
): T | null {
  const value = read(properties[name]);
  if (value !== undefined) return value;
  issues.push({ source: 'crm', location: `${location}.${name}`, severity: 'warning', message: `unreadable value "${properties[name]}"; it is ignored` });
  return null;
}
