/// <reference lib="dom" />
/**
 * The email in real headless Chromium, in the light and the dark colour scheme: every visible
 * piece of text must keep a WCAG AA contrast (4.5:1) against the background it is drawn on.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDigest } from '../../src/render/index.js';
import { CONTEXT, sampleDigest } from '../fixtures/digests.js';
import { launchChromium } from '../helpers/browser.js';

let browser: Browser;
let html: string;

beforeAll(async () => {
  browser = await launchChromium();
  html = (await renderDigest(sampleDigest(), CONTEXT)).html;
});
afterAll(async () => browser?.close());

/** Runs in the page: [text, contrast ratio] for every element that draws its own text. */
function contrasts(): [string, number][] {
  const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r, g, b]: number[]) => {
    const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
  };
  const background = (el: Element | null): number[] => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3]! > 0)) return c;
      const attr = e.getAttribute('bgcolor');
      if (attr) {
        const probe = document.createElement('div');
        probe.style.color = attr;
        document.body.appendChild(probe);
        const value = rgb(getComputedStyle(probe).color);
        probe.remove();
        return value;
      }
    }
    return [255, 255, 255];
  };
  const out: [string, number][] = [];
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    const own = Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()).map((n) => n.textContent!.trim()).join(' ');
    if (!own || (el as HTMLElement).offsetParent === null) continue;
    if (el.closest('[style*="display:none"], [style*="display: none"]')) continue;
    const fg = luminance(rgb(getComputedStyle(el).color));
    const bg = luminance(background(el));
    out.push([own.slice(0, 40), (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)]);
  }
  return out;
}

describe('colour schemes', () => {
  it.each(['light', 'dark'] as const)('keeps every text readable in the %s scheme', async (colorScheme) => {
    const page = await browser.newPage({ colorScheme, viewport: { width: 640, height: 900 } });
    await page.setContent(html, { waitUntil: 'load' });
    const found = await page.evaluate(contrasts);
    await page.close();
    expect(found.length).toBeGreaterThan(50);
    const poor = found.filter(([, ratio]) => ratio < 4.5).map(([text, ratio]) => `${text} (${ratio.toFixed(2)}:1)`);
    expect(poor).toEqual([]);
  });
});
