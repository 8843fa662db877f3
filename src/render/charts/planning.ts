/** The planning chart of a digest (need vs MTD per step) and its alt text with every number. */
import type { Digest } from '../../model/types.js';
import { CRM_LABELS } from '../../model/labels.js';
import type { Formatter } from '../format.js';
import type { Strings } from '../strings.js';
import { PLANNING_ROWS } from '../view-planning.js';
import { STATUS_SYMBOLS } from '../view-sections.js';
import { planningSvg, type PlanningBar } from './planning-svg.js';

export function planningChart(digest: Digest, s: Strings, f: Formatter): { svg: string; alt: string } | null {
  const p = digest.planning;
  if (!p) return null;
  const bars: (PlanningBar & { expectedText: string; statusText: string })[] = [];
  for (const id of PLANNING_ROWS) {
    const need = p.need[id];
    if (need === null) continue;
    bars.push({
      label: CRM_LABELS[s.language][id], need, mtd: p.mtd[id], expected: p.expected[id] ?? 0,
      // The status as symbol and word, never colour alone (the alt text says it too).
      text: `${f.count(p.mtd[id])} / ${f.count(need)}  ${STATUS_SYMBOLS[p.status[id]].replace('\uFE0E', '')} ${s.t(`status.${p.status[id]}`)}`,
      expectedText: f.count(Math.round(p.expected[id] ?? 0)),
      statusText: s.t(`status.${p.status[id]}`),
    });
  }
  const svg = planningSvg(bars);
  if (!svg) return null;
  const steps = bars.map((b) => s.t('charts.planningStep', { label: b.label, mtd: f.count(b.mtd), need: f.count(b.need), expected: b.expectedText, status: b.statusText }));
  return { svg, alt: s.t('charts.planningValues', { steps: steps.join('; ') }) };
}
