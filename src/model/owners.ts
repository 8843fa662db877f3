/**
 * Owners are told apart by id, never by name: two colleagues called "Jürgen Müller" are two
 * owners. An id the CRM does not list (neither among its active nor its archived owners) is
 * shown as `unbekannt (id)` and becomes a data issue, once per id.
 */
import type { DataIssue, Owner } from './types.js';

export interface OwnerRef {
  ownerId: string | null;
  owner: string;
  email: string | null;
}

export interface OwnerDirectory {
  /** Name and e-mail of an owner id; null is "unassigned". */
  ref(id: string | null): OwnerRef;
  /** One issue per owner id that was looked up but is not listed. */
  issues(): DataIssue[];
}

export function ownerDirectory(owners: readonly Owner[], words: { unassigned: string; unknownOwner: string }): OwnerDirectory {
  const byId = new Map(owners.map((o) => [o.id, o]));
  const missing = new Set<string>();
  return {
    ref(id) {
      if (id === null) return { ownerId: null, owner: words.unassigned, email: null };
      const known = byId.get(id);
      if (known) return { ownerId: id, owner: known.name, email: known.email };
      missing.add(id);
      return { ownerId: id, owner: `${words.unknownOwner} (${id})`, email: null };
    },
    issues: () =>
      [...missing].map((id) => ({
        source: 'crm',
        location: `owner ${id}`,
        severity: 'warning',
        message: `owner id ${id} is not in the CRM's owner list (active or archived); shown as "${words.unknownOwner} (${id})"`,
      })),
  };
}
