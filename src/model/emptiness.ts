/**
 * Whether a week has any data at all. A digest of such a week is never sent: it would report
 * only zeros (usually a broken source or a wrong week), not news.
 */
import type { Digest } from './types.js';

export function isEmptyWeek(digest: Digest): boolean {
  const funnelEmpty = Object.values(digest.funnel).every((n) => n === 0);
  const crmEmpty = funnelEmpty && digest.wins.length === 0 && (digest.kpis.find((k) => k.id === 'deals_lost')?.value ?? 0) === 0;
  const sheetValues = digest.kpis.some((k) => k.origin === 'sheet' && k.value !== null);
  const thisWeeksNotes = [...digest.successes, ...digest.changes, ...digest.fixes].some(
    (item) => item.origin === 'note' && !('openSince' in item && item.openSince),
  );
  return crmEmpty && !sheetValues && !thisWeeksNotes && digest.voice.length === 0;
}
