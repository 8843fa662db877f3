/**
 * The package's HTML layout is MJML compiled once at build time with the Handlebars slots kept
 * (templates/compiled/digest.html.hbs). These tests prove that filling it gives the same HTML as
 * filling the MJML first and running mjml on it (whitespace and attribute order normalised), for
 * the sample, an empty and a maximal week in both locales, and that the committed file is current.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import mjml2html from 'mjml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR, renderDigest, renderMjml } from '../../src/render/index.js';
import { compileLayout, COMPILED_FILE, layoutHash, readLayout, tidyHtml, withHeader } from '../../src/render/layout.js';
import { loadTemplates } from '../../src/render/templates.js';
import type { Digest } from '../../src/model/types.js';
import { CONTEXT, emptyDigest, maximalDigest, sampleDigest, withHighlights } from '../fixtures/digests.js';

/** The same week in English (en-GB, London). */
const english = (d: Digest): Digest => withHighlights({ ...d, locale: 'en-GB', period: { ...d.period, timezone: 'Europe/London' } });

const WEEKS: [string, () => Digest][] = [
  ['sample (de)', sampleDigest], ['empty (de)', emptyDigest], ['maximal (de)', maximalDigest],
  ['sample (en)', () => english(sampleDigest())], ['empty (en)', () => english(emptyDigest())], ['maximal (en)', () => english(maximalDigest())],
];

/** Whitespace runs collapsed (none between tags), each tag's attributes sorted. */
export function normaliseHtml(html: string): string {
  return html
    .replace(/<([a-zA-Z][\w:-]*)((?:\s+[^\s=>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/g, (_m, tag: string, attrs: string, slash: string) => {
      const list = [...attrs.matchAll(/([^\s=>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)].map((a) => (a[2] === undefined ? a[1]! : `${a[1]}=${a[2]}`)).sort();
      return `<${tag}${list.length ? ` ${list.join(' ')}` : ''}${slash}>`;
    })
    .replace(/\s+/g, ' ')
    .replace(/>\s+</g, '><')
    .trim();
}

describe('precompiled MJML layout', () => {
  it('is what the build writes for the current templates and mjml', async () => {
    const source = await readLayout(DEFAULT_TEMPLATES_DIR);
    const { html, mjmlVersion } = await compileLayout(source, 'strict');
    const committed = await readFile(join(DEFAULT_TEMPLATES_DIR, COMPILED_FILE), 'utf8');
    expect(committed, 'run `npm run build` and commit templates/compiled/').toBe(withHeader(html, layoutHash(source), mjmlVersion));
    expect((await loadTemplates(DEFAULT_TEMPLATES_DIR)).precompiled).toBe(true);
  });

  it.each(WEEKS)('gives the HTML a run-time mjml compile of the filled MJML gives: %s', async (_name, build) => {
    const d = build();
    const precompiled = (await renderDigest(d, CONTEXT)).html;
    const filled = await renderMjml(d, CONTEXT);
    const { html, errors } = await mjml2html(filled, { validationLevel: 'strict', fonts: {}, keepComments: false, minify: false, beautify: false });
    expect(errors).toEqual([]);
    expect(normaliseHtml(precompiled)).toBe(normaliseHtml(tidyHtml(html)));
  });

  it('compares strictly enough to see a difference', () => {
    expect(normaliseHtml('<p  b="2" a="1">x  y</p>\n<br/>')).toBe(normaliseHtml('<p a="1" b="2">x y</p><br/>'));
    expect(normaliseHtml('<p a="1">x</p>')).not.toBe(normaliseHtml('<p a="2">x</p>'));
    expect(normaliseHtml('<p>x y</p>')).not.toBe(normaliseHtml('<p>xy</p>'));
  });
});
