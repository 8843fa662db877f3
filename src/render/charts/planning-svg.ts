/**
 * The planning chart: per funnel step one bar of the month to date against the month's need
 * (the light track), with a tick where the MTD should be by now (expected). Widths are
 * relative to the largest of need and MTD over all steps, so the steps compare. Pure SVG.
 */
import { escapeXml, FUNNEL_WIDTH, PALETTE } from './svg.js';

export interface PlanningBar {
  label: string;
  need: number;
  mtd: number;
  expected: number;
  /** `186 / 272  ▲ gefährdet` as the reader sees it: MTD of need, then the status as symbol and word. */
  text: string;
}

const ROW = 22;
const PAD = 6;
const FONT = 12;
export const PLANNING_WIDTH = FUNNEL_WIDTH;
export const planningHeight = (steps: number): number => PAD * 2 + steps * ROW;

const num = (n: number): string => String(Math.round(n * 100) / 100);

export function planningSvg(bars: readonly PlanningBar[]): string | null {
  if (bars.length === 0 || bars.every((b) => !(b.need > 0))) return null;
  const width = PLANNING_WIDTH;
  const height = planningHeight(bars.length);
  const charWidth = FONT * 0.6;
  const labelWidth = Math.min(120, Math.ceil(Math.max(...bars.map((b) => [...b.label].length)) * charWidth) + 10);
  const textWidth = Math.min(200, Math.ceil(Math.max(...bars.map((b) => [...b.text].length)) * charWidth * 1.04) + 8);
  const barMax = width - labelWidth - textWidth - 4;
  const max = Math.max(...bars.flatMap((b) => [b.need, b.mtd]));
  const x = (v: number) => labelWidth + (Math.max(0, v) / max) * barMax;
  const parts: string[] = [`<rect width="${width}" height="${height}" fill="${PALETTE.background}"/>`];
  bars.forEach((b, i) => {
    const top = PAD + i * ROW;
    const mid = top + ROW / 2;
    const barTop = top + 4;
    const barHeight = ROW - 8;
    parts.push(
      `<text x="0" y="${num(mid + FONT * 0.36)}" fill="${PALETTE.text}">${escapeXml(b.label)}</text>`,
      `<rect x="${labelWidth}" y="${barTop}" width="${num(x(b.need) - labelWidth)}" height="${barHeight}" rx="2" fill="${PALETTE.track}"/>`,
      b.mtd > 0 ? `<rect x="${labelWidth}" y="${barTop}" width="${num(Math.max(2, x(b.mtd) - labelWidth))}" height="${barHeight}" rx="2" fill="${PALETTE.bar}"/>` : '',
      `<rect x="${num(x(b.expected) - 1)}" y="${top + 2}" width="2" height="${ROW - 4}" fill="${PALETTE.text}"/>`,
      `<text x="${num(labelWidth + barMax + 6)}" y="${num(mid + FONT * 0.36)}" fill="${PALETTE.text}" font-weight="bold" xml:space="preserve">${escapeXml(b.text)}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans" font-size="${FONT}">${parts.join('')}</svg>`;
}
