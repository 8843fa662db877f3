/// <reference lib="dom" />
/**
 * The length budget in real Chromium at 375 px with the images inline (SPEC "What the digest
 * shows: read in one minute"): the at-a-glance block ends within the first 667 px; the sample
 * week, with every section that has content (the banner, planning and together included), is at
 * most 4,500 px tall; the maximal week at most 6,000 px; the sample's text part at most 750
 * words. Writes the first screen as docs/img/first-screen-375.png.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, selectDigest } from '../../src/config/load.js';
import { collectDigest, renderForMail } from '../../src/pipeline.js';
import { drawDigestCharts } from '../../src/render/charts/index.js';
import { renderDigest } from '../../src/render/index.js';
import type { RenderedDigest } from '../../src/render/types.js';
import { CONTEXT, maximalDigest } from '../fixtures/digests.js';
import { launchChromium } from '../helpers/browser.js';
import { EXAMPLE_CONFIG, REPO } from '../helpers/cli.js';
import { weekPeriod } from '../../src/model/period.js';

/** Every section, in the SPEC's order: the sample week has content for each. */
const SECTIONS = ['header', 'banner', 'at-a-glance', 'scorecard', 'planning', 'successes', 'changes', 'fixes', 'sources', 'voice', 'together', 'footer'];

let browser: Browser;
let sample: RenderedDigest;

beforeAll(async () => {
  browser = await launchChromium();
  const loaded = await loadConfig(EXAMPLE_CONFIG);
  const config = selectDigest(loaded, 'dach');
  sample = await renderForMail(await collectDigest(loaded, config, weekPeriod('2026-W47', config.timezone)), config);
});
afterAll(async () => browser?.close());

/** The HTML with every `cid:` image as a data URI, as a client shows it. */
function inline(r: RenderedDigest): string {
  let html = r.html;
  for (const img of r.images) html = html.replaceAll(`cid:${img.cid}`, `data:${img.contentType};base64,${img.content.toString('base64')}`);
  return html;
}

interface Layout { height: number; sections: Record<string, { top: number; bottom: number }> }

async function layout(r: RenderedDigest, screenshot?: string): Promise<Layout> {
  const page = await browser.newPage({ viewport: { width: 375, height: 667 } });
  await page.setContent(inline(r), { waitUntil: 'load' });
  const result = await page.evaluate(() => {
    const sections: Record<string, { top: number; bottom: number }> = {};
    for (const el of Array.from(document.querySelectorAll('[class*="digest-"]'))) {
      const name = Array.from(el.classList).find((c) => c.startsWith('digest-'))!.slice('digest-'.length);
      const box = el.getBoundingClientRect();
      sections[name] = { top: Math.round(box.top + window.scrollY), bottom: Math.round(box.bottom + window.scrollY) };
    }
    const overflow = document.documentElement.scrollWidth > window.innerWidth;
    return { height: document.documentElement.scrollHeight, sections, overflow };
  });
  if (screenshot) await page.screenshot({ path: screenshot });
  await page.close();
  expect(result.overflow, 'no horizontal scrolling at 375 px').toBe(false);
  return result;
}

const words = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

describe('one minute at 375 px', () => {
  it('the sample week with every section: at a glance on the first screen, ≤ 4,500 px, text ≤ 750 words', async () => {
    await mkdir(join(REPO, 'docs/img'), { recursive: true });
    const l = await layout(sample, join(REPO, 'docs/img/first-screen-375.png'));
    console.log('sample week at 375 px:', l.height, 'px;', Object.entries(l.sections).map(([s, b]) => `${s} ${b.bottom - b.top}`).join(', '), '; at a glance ends at', l.sections['at-a-glance']?.bottom, '; text words:', words(sample.text));
    expect(l.sections['at-a-glance']!.bottom).toBeLessThanOrEqual(667);
    expect(l.height).toBeLessThanOrEqual(4500);
    expect(words(sample.text)).toBeLessThanOrEqual(750);
    // Every section is there, in the SPEC's order.
    const order = Object.entries(l.sections).sort((a, b) => a[1].top - b[1].top).map(([s]) => s);
    expect(order).toEqual(SECTIONS);
  });

  it('the maximal week: ≤ 6,000 px, at a glance still on the first screen', async () => {
    const d = maximalDigest();
    const r = await renderDigest(d, CONTEXT, { charts: await drawDigestCharts(d) });
    const l = await layout(r);
    console.log('maximal week at 375 px:', l.height, 'px;', Object.entries(l.sections).map(([s, b]) => `${s} ${b.bottom - b.top}`).join(', '), '; at a glance ends at', l.sections['at-a-glance']?.bottom);
    expect(l.height).toBeLessThanOrEqual(6000);
    expect(l.sections['at-a-glance']!.bottom).toBeLessThanOrEqual(667);
  });
});
