#!/usr/bin/env node
/**
 * A screenshot of one section of a rendered digest, as a phone shows it (375 px, 2×), for the
 * docs: the .eml's HTML with its inline images, in Debian's Chromium.
 *
 * Usage: node scripts/screenshot-section.mjs <digest.eml> <section, e.g. planning> <out.png>
 *        (render first: npx digest preview --config digest.config.example.yaml --week 2026-W47)
 */
import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';

const [eml, section, out] = process.argv.slice(2);
if (!eml || !section || !out) {
  console.error('usage: node scripts/screenshot-section.mjs <digest.eml> <section> <out.png>');
  process.exit(2);
}
const mail = await simpleParser(readFileSync(eml));
let html = String(mail.html);
for (const a of mail.attachments) if (a.cid) html = html.split(`cid:${a.cid}`).join(`data:${a.contentType};base64,${a.content.toString('base64')}`);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 }, deviceScaleFactor: 2 });
  await page.setContent(html, { waitUntil: 'load' });
  const box = await page.evaluate((cls) => {
    const el = document.querySelector(`.digest-${cls}`);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { y: r.top + window.scrollY, height: r.height, page: document.documentElement.scrollHeight };
  }, section);
  if (!box) throw new Error(`no element with the class digest-${section}`);
  await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: box.y, width: 375, height: box.height } });
  console.log(`${out}: digest-${section} at ${Math.round(box.y)} px, ${Math.round(box.height)} px tall (email ${box.page} px)`);
} finally {
  await browser.close();
}
