/**
 * Chart drawings as SVG strings: pure functions of numbers and labels, no I/O. Sizes are CSS
 * pixels as the email displays them; `raster.ts` draws them at 2×.
 *
 * Every chart has an opaque background (dark-mode clients that invert or darken the page keep
 * the chart legible, and no text ever sits on a transparent background).
 */

export const PALETTE = {
  background: '#ffffff',
  line: '#0969da',
  target: '#8c959f',
  text: '#1f2328',
  muted: '#57606a',
  bar: '#2f6fb6',
  track: '#eaeef2',
} as const;

/** Display size of a KPI sparkline (CSS px); the template's `<img width height>` match. */
export const TREND_SIZE = { width: 64, height: 20 } as const;
/** Display width of the funnel chart (CSS px); the height follows from the number of steps. */
export const FUNNEL_WIDTH = 400;
const FUNNEL_ROW = 26;
const FUNNEL_PAD = 6;
const FONT = 12;

export const funnelHeight = (steps: number): number => FUNNEL_PAD * 2 + steps * FUNNEL_ROW;

const num = (n: number): string => String(Math.round(n * 100) / 100);

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * An 8-week sparkline: the values as a line (a missing week breaks the line; a value alone
 * between gaps is a dot), a dashed line at the target when there is one, the last value marked.
 * Null when there is no value at all (nothing to draw).
 */
export function trendSvg(values: readonly (number | null)[], target: number | null): string | null {
  const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  const known = values.filter(finite);
  if (known.length === 0) return null;
  const { width, height } = TREND_SIZE;
  const pad = { x: 4, y: 4 };
  const range = finite(target) ? [...known, target] : known;
  let lo = Math.min(...range);
  let hi = Math.max(...range);
  if (hi === lo) {
    const spread = Math.abs(hi) || 1;
    lo -= spread / 2;
    hi += spread / 2;
  }
  const step = values.length > 1 ? (width - 2 * pad.x) / (values.length - 1) : 0;
  const x = (i: number) => pad.x + i * step;
  const y = (v: number) => pad.y + (1 - (v - lo) / (hi - lo)) * (height - 2 * pad.y);

  const parts: string[] = [`<rect width="${width}" height="${height}" fill="${PALETTE.background}"/>`];
  if (finite(target)) {
    parts.push(`<line x1="${pad.x}" x2="${width - pad.x}" y1="${num(y(target))}" y2="${num(y(target))}" stroke="${PALETTE.target}" stroke-width="1" stroke-dasharray="3 2"/>`);
  }
  // Runs of consecutive values; a gap (null) ends a run.
  let run: string[] = [];
  const flush = (lastIndex: number) => {
    if (run.length > 1) parts.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${PALETTE.line}" stroke-width="1.6" stroke-linejoin="round" stroke-linecap="round"/>`);
    else if (run.length === 1) {
      const v = values[lastIndex] as number;
      parts.push(`<circle cx="${num(x(lastIndex))}" cy="${num(y(v))}" r="1.4" fill="${PALETTE.line}"/>`);
    }
    run = [];
  };
  values.forEach((v, i) => {
    if (finite(v)) run.push(`${num(x(i))},${num(y(v))}`);
    else flush(i - 1);
  });
  flush(values.length - 1);
  const lastIndex = values.length - 1;
  const last = values[lastIndex];
  if (finite(last)) {
    parts.push(`<circle cx="${num(x(lastIndex))}" cy="${num(y(last))}" r="2.8" fill="${PALETTE.line}" stroke="${PALETTE.background}" stroke-width="1"/>`);
  }
  return svg(width, height, parts);
}

export interface FunnelBar {
  label: string;
  count: number;
  /** The count as the reader sees it (`1.234`). */
  countText: string;
}

/** Horizontal bars, one per funnel step, widths relative to the largest count. */
export function funnelSvg(bars: readonly FunnelBar[]): string | null {
  if (bars.length === 0 || bars.every((b) => !(b.count > 0))) return null;
  const width = FUNNEL_WIDTH;
  const height = funnelHeight(bars.length);
  const charWidth = FONT * 0.6; // DejaVu Sans averages about 0.6 em per character
  const labelWidth = Math.min(170, Math.ceil(Math.max(...bars.map((b) => [...b.label].length)) * charWidth) + 10);
  const countWidth = Math.ceil(Math.max(...bars.map((b) => [...b.countText].length)) * charWidth * 1.08) + 8;
  const barMax = width - labelWidth - countWidth - 4;
  const max = Math.max(...bars.map((b) => (b.count > 0 ? b.count : 0)));
  const parts: string[] = [`<rect width="${width}" height="${height}" fill="${PALETTE.background}"/>`];
  bars.forEach((b, i) => {
    const top = FUNNEL_PAD + i * FUNNEL_ROW;
    const mid = top + FUNNEL_ROW / 2;
    const barWidth = b.count > 0 ? Math.max(2, (b.count / max) * barMax) : 0;
    parts.push(
      `<text x="0" y="${num(mid + FONT * 0.36)}" fill="${PALETTE.text}">${escapeXml(b.label)}</text>`,
      `<rect x="${labelWidth}" y="${top + 4}" width="${num(barMax)}" height="${FUNNEL_ROW - 8}" rx="2" fill="${PALETTE.track}"/>`,
      barWidth > 0 ? `<rect x="${labelWidth}" y="${top + 4}" width="${num(barWidth)}" height="${FUNNEL_ROW - 8}" rx="2" fill="${PALETTE.bar}"/>` : '',
      `<text x="${num(labelWidth + barMax + 6)}" y="${num(mid + FONT * 0.36)}" fill="${PALETTE.text}" font-weight="bold">${escapeXml(b.countText)}</text>`,
    );
  });
  return svg(width, height, parts, `font-family="DejaVu Sans" font-size="${FONT}"`);
}

function svg(width: number, height: number, parts: string[], attrs = ''): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"${attrs ? ` ${attrs}` : ''}>${parts.join('')}</svg>`;
}
