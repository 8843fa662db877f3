/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The preview server in a real headless Chromium (Debian's `chromium`, driven by
 * playwright-core). Without Chromium these tests fail with a message saying how to install it:
 * CI installs it (.ci/run), so a silent skip would hide a broken check.
 */
import { get } from 'node:http';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR } from '../../src/render/index.js';
import { startPreviewServer, type PreviewServer } from '../../src/preview/server.js';
import { DESKTOP_WIDTH, PHONE_WIDTH } from '../../src/preview/page.js';
import { launchChromium } from '../helpers/browser.js';
import { EXAMPLE_CONFIG, REPO } from '../helpers/cli.js';

const ARTIFACTS = join(REPO, 'test-artifacts');
const WEEK = '2026-W47';

let browser: Browser;
let server: PreviewServer;
let templatesDir: string;
let page: Page;

beforeAll(async () => {
  templatesDir = await mkdtemp(join(tmpdir(), 'digest-preview-templates-'));
  await cp(DEFAULT_TEMPLATES_DIR, templatesDir, { recursive: true });
  await mkdir(ARTIFACTS, { recursive: true });
  server = await startPreviewServer({ configPath: EXAMPLE_CONFIG, week: WEEK, templatesDir, debounceMs: 50 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: PHONE_WIDTH + DESKTOP_WIDTH + 120, height: 900 } });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (templatesDir) await rm(templatesDir, { recursive: true, force: true });
});

/** The iframe's Frame by element id. */
async function frameOf(id: 'phone' | 'desktop'): Promise<Frame> {
  const handle = await page.waitForSelector(`iframe#${id}`);
  const f = await handle.contentFrame();
  if (!f) throw new Error(`iframe ${id} has no frame`);
  await f.waitForLoadState('load');
  return f;
}

describe('digest preview --serve in headless Chromium', () => {
  it('binds to loopback and shows subject, preheader, data issues and the switchers', async () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await expect(page.locator('#subject').textContent()).resolves.toMatch(/KW 47: .+ \([\d.]+\s€\)$/); // the top success with its figure
    await expect(page.locator('#preheader').textContent()).resolves.toMatch(/^\d+ Erfolge · \d+ Veränderungen · \d+ Baustellen$/);
    await expect(page.locator('#issues').textContent()).resolves.toMatch(/deals\.csv!C\d+|deal \d+|none/);
    await expect(page.locator('select[name=digest] option').allTextContents()).resolves.toEqual(['dach']);
    expect(await page.locator('select[name=week] option').count()).toBeGreaterThan(1);
    await expect(page.locator('select[name=week]').inputValue()).resolves.toBe(WEEK);
  });

  it('shows the email at 375 px without horizontal scrolling, and at the desktop width', async () => {
    for (const [id, width] of [['phone', PHONE_WIDTH], ['desktop', DESKTOP_WIDTH]] as const) {
      const f = await frameOf(id);
      const box = await f.evaluate(() => ({
        inner: window.innerWidth,
        scroll: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        text: document.body.innerText,
      }));
      expect(box.inner, id).toBeGreaterThanOrEqual(width - 20); // minus a scrollbar, if any
      expect(box.inner, id).toBeLessThanOrEqual(width);
      expect(box.scroll, `${id}: horizontal scrolling`).toBeLessThanOrEqual(box.inner);
      expect(box.body, `${id}: horizontal scrolling`).toBeLessThanOrEqual(box.inner);
      expect(box.text).toContain('KW 47');
      expect(box.text).toContain('Auf einen Blick');
      await (await page.$(`iframe#${id}`))!.screenshot({ path: join(ARTIFACTS, `preview-${id}-${width}px.png`) });
    }
    // The phone layout stacks the content in one column as wide as the phone; the desktop one is 600 px.
    const contentWidth = async (id: 'phone' | 'desktop') => (await frameOf(id)).evaluate(() => Math.max(...[...document.querySelectorAll('body > div > div')].map((e) => e.getBoundingClientRect().width)));
    expect(await contentWidth('phone')).toBeLessThanOrEqual(PHONE_WIDTH);
    expect(await contentWidth('desktop')).toBe(600);
    await page.screenshot({ path: join(ARTIFACTS, 'preview-page.png'), fullPage: true });
  });

  it('loads every inline image (cid: resolved) at 2× its displayed size', async () => {
    for (const id of ['phone', 'desktop'] as const) {
      const f = await frameOf(id);
      await f.waitForFunction(() => [...document.images].every((img) => img.complete));
      const images = await f.evaluate(() => [...document.images].map((img) => ({ src: img.getAttribute('src') ?? '', alt: img.alt, natural: img.naturalWidth, width: Number(img.getAttribute('width')) })));
      expect(images.length, id).toBeGreaterThan(5);
      for (const img of images) {
        expect(img.src).toMatch(/^\/image\//);
        expect(img.src).not.toContain('cid:');
        expect(img.natural, `${id}: ${img.src} did not load`).toBeGreaterThan(0);
        expect(img.natural).toBe(img.width * 2);
        expect(img.alt.length).toBeGreaterThan(10);
      }
    }
  });

  it('switches the week', async () => {
    await Promise.all([page.waitForURL(/week=2026-W46/), page.selectOption('select[name=week]', '2026-W46')]);
    await expect(page.locator('#subject').textContent()).resolves.toContain('KW 46');
    expect(await (await frameOf('desktop')).evaluate(() => document.body.innerText)).toContain('KW 46');
    await page.goto(`${server.url}?digest=dach&week=${WEEK}`);
  });

  it('reloads when a template changes', async () => {
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'live');
    const marker = `Live-Reload-Marke ${Date.now()}`;
    const file = join(templatesDir, 'partials/header.mjml.hbs');
    await writeFile(file, (await readFile(file, 'utf8')).replace('{{header.weekLine}}', `{{header.weekLine}} · ${marker}`));
    await expect.poll(async () => {
      try {
        return await (await frameOf('phone')).evaluate(() => document.body.innerText);
      } catch {
        return ''; // the page is reloading
      }
    }, { timeout: 15_000, interval: 200 }).toContain(marker);
    expect(Number(await page.locator('body').getAttribute('data-version'))).toBeGreaterThan(0);
  });

  it('answers only loopback host names while bound to loopback', async () => {
    const ok = await fetch(server.url);
    expect(ok.status).toBe(200);
    // fetch() may not set Host; node:http does.
    const status = await new Promise<number>((resolve, reject) => {
      get(`${server.url}email?week=${WEEK}`, { headers: { host: `attacker.example:${server.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(403);
  });
});
