/**
 * The People tab for a digest (the "Together" section): the entries of the report week, then
 * those of the next week, each in sheet order. Pure; the email caps the list, digest.json not.
 */
import type { PeopleEntry, PeopleRow } from './types.js';
import { shiftWeek } from './period.js';

export function peopleForWeek(rows: readonly PeopleRow[], week: string): PeopleEntry[] {
  const next = shiftWeek(week, 1);
  const entry = ({ location: _, ...rest }: PeopleRow): PeopleEntry => rest;
  return [...rows.filter((r) => r.week === week), ...rows.filter((r) => r.week === next)].map(entry);
}
