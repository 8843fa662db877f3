/**
 * Whether a week has any data at all. A digest of such a week is never sent: it would report
 * only zeros (usually a broken source or a wrong week), not news.
 */
import type { Digest, DigestItem, FixItem } from './types.js';

/** The notes written for the digest's own week (fixes carried over from earlier weeks excluded). */
export function notesOfTheWeek(digest: Digest): DigestItem[] {
  return [...digest.successes, ...digest.changes, ...digest.fixes].filter(
    (item) => item.origin === 'note' && !(item as Partial<FixItem>).openSince,
  );
}

export function isEmptyWeek(digest: Digest): boolean {
  const funnelEmpty = Object.values(digest.funnel).every((n) => n === 0);
  const crmEmpty = funnelEmpty && digest.wins.length === 0 && (digest.kpis.find((k) => k.id === 'deals_lost')?.value ?? 0) === 0;
  const sheetValues = digest.kpis.some((k) => k.origin === 'sheet' && k.value !== null);
  return crmEmpty && !sheetValues && notesOfTheWeek(digest).length === 0 && digest.voice.length === 0;
}
