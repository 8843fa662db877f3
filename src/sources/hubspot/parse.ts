/** HubSpot property values (always strings or null) to record fields. */
import type { DataIssue } from '../../model/types.js';
import { BIDI_WARNING, cleanText } from '../clean-text.js';

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

/**
 * A text property, cleaned by the one rule for source text (bidi controls removed, invisible-only
 * text is empty). With `report`, a removal becomes a warning at the record's property.
 */
export function str(value: string | null | undefined, report?: { location: string; issues: DataIssue[] }): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = cleanText(value);
  if (cleaned.strippedBidi && report) report.issues.push({ source: 'crm', location: report.location, severity: 'warning', message: BIDI_WARNING });
  return cleaned.text === '' ? null : cleaned.text;
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
