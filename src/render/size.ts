/**
 * The over-size check: Gmail clips an HTML part above 102 KB ("[Message clipped]", the rest,
 * the unsubscribe link included, behind a click). Render cuts long texts and URLs and caps the
 * lists, so only an unusual config (hundreds of KPIs) or template gets there; then `send`
 * refuses the message and names the section that takes the most room.
 *
 * Sections are found by their outer element's `digest-<section>` class (the layout contract).
 */
import { DigestError } from '../errors.js';
import type { RenderedDigest } from './types.js';

/** Gmail's clipping limit for the HTML part. */
export const HTML_LIMIT_BYTES = 102 * 1024;

export interface SectionSize {
  /** `scorecard`, `at-a-glance`, … (the class without `digest-`). */
  section: string;
  bytes: number;
}

export interface HtmlSize {
  bytes: number;
  limit: number;
  /** Every `digest-<section>` element, in document order. */
  sections: SectionSize[];
  biggest: SectionSize | null;
}

const SECTION_CLASS = /<div\b[^>]*\bclass="[^"]*\bdigest-([a-z-]+)\b[^"]*"[^>]*>/g;
const DIV_TAG = /<div\b[^>]*>|<\/div>/g;

/** The HTML part's size in bytes (UTF-8) and the size of each `digest-<section>` element. */
export function measureHtml(rendered: Pick<RenderedDigest, 'html'>): HtmlSize {
  const { html } = rendered;
  const sections: SectionSize[] = [];
  for (const m of html.matchAll(SECTION_CLASS)) {
    const start = m.index!;
    const end = closingDiv(html, start + m[0].length);
    sections.push({ section: m[1]!, bytes: Buffer.byteLength(html.slice(start, end)) });
  }
  const biggest = sections.reduce<SectionSize | null>((a, b) => (a === null || b.bytes > a.bytes ? b : a), null);
  return { bytes: Buffer.byteLength(html), limit: HTML_LIMIT_BYTES, sections, biggest };
}

/** The end of the `<div>` whose content starts at `from` (data is escaped: no `<div` in it). */
function closingDiv(html: string, from: number): number {
  let depth = 1;
  DIV_TAG.lastIndex = from;
  for (let m = DIV_TAG.exec(html); m; m = DIV_TAG.exec(html)) {
    depth += m[0] === '</div>' ? -1 : 1;
    if (depth === 0) return m.index + m[0].length;
  }
  return html.length;
}

export interface SizeRefusal {
  code: 'MESSAGE_TOO_LARGE';
  reason: string;
}

/** Like the guards before sending: null when the message may go out, else why not. */
export function checkMessageSize(rendered: Pick<RenderedDigest, 'html'>): SizeRefusal | null {
  const size = measureHtml(rendered);
  if (size.bytes < size.limit) return null;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const where = size.biggest ? `; the biggest section is "${size.biggest.section}" with ${kb(size.biggest.bytes)}` : '';
  return { code: 'MESSAGE_TOO_LARGE', reason: `the HTML part is ${kb(size.bytes)}, over the ${kb(size.limit)} at which Gmail clips a message${where}` };
}

/** Throws MESSAGE_TOO_LARGE (exit 4) for an over-size message. */
export function assertMessageSize(rendered: Pick<RenderedDigest, 'html'>): void {
  const refusal = checkMessageSize(rendered);
  if (refusal) throw new DigestError(refusal.code, `${refusal.reason}; nothing was sent`);
}
