import { describe, expect, it } from 'vitest';
import { renderDigest, renderMjml } from '../../src/render/index.js';
import type { Digest } from '../../src/model/types.js';
import { CONTEXT, emptyDigest, englishDigest, LONG_DEFINITIONS, maximalDigest, sampleDigest } from '../fixtures/digests.js';

const longDefinitions = (): Digest => ({ ...maximalDigest(), definitions: LONG_DEFINITIONS });
import { validateStrict, visibleText } from './helpers.js';

const withKpiMark = (d: Digest): Digest => ({ ...d, kpis: d.kpis.map((k) => ({ ...k, definitionChanged: k.id === 'sqls' ? ['MQL'] : [] })) });
/** Handlebars escapes `&` and `=` in text and attributes; the browser shows them as typed. */
const decode = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&').replace(/&nbsp;/g, ' ');
const squash = (html: string) => decode(visibleText(html)).replace(/\s+/g, ' ');
/** The HTML from a section's class up to the footer (the together section comes last before it). */
const fromClassToFooter = (html: string, cls: string) => {
  const start = html.indexOf(`${cls}"`);
  expect(start, cls).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('Vereinbarte Definitionen', start));
};

describe('banner: a definition changed this week', () => {
  it('shows under the header, in German, with the date it holds from', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    expect(squash(r.html)).toContain('Neu seit 16.11.: MQL ab 65 Punkten Lead-Score');
    expect(r.html.indexOf('digest-banner')).toBeLessThan(r.html.indexOf('Kennzahlen'));
    expect(r.text).toContain('! Neu seit 16.11.: MQL ab 65 Punkten Lead-Score');
    expect(r.text.indexOf('Neu seit')).toBeLessThan(r.text.indexOf('Kennzahlen'));
  });

  it('in English', async () => {
    const r = await renderDigest(englishDigest(), CONTEXT);
    expect(squash(r.html)).toContain('New since 16 Nov: MQL ab 65 Punkten Lead-Score');
    expect(r.text).toContain('Agreed definitions:');
  });

  it('only when a definition changed: none in a week without a change, none without definitions', async () => {
    const unchanged = { ...sampleDigest(), definitions: sampleDigest().definitions.map((d) => ({ ...d, changedThisWeek: false })) };
    for (const d of [unchanged, emptyDigest()]) {
      const r = await renderDigest(d, CONTEXT);
      expect(r.html).not.toContain('digest-banner');
      expect(r.text).not.toContain('Neu seit');
    }
  });

  it('cuts a long definition to 90 characters a line, one line per changed term', async () => {
    const r = await renderDigest(longDefinitions(), CONTEXT);
    const lines = r.text.split('\n').filter((l) => l.startsWith('! ')).map((l) => l.slice(2));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect([...line].length).toBeLessThanOrEqual(90);
      expect(line.endsWith('…')).toBe(true);
    }
  });
});

describe('footer: the agreed definitions in force', () => {
  it('one line per term, in HTML and text, after the last section', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    expect(squash(r.html)).toContain('Vereinbarte Definitionen MQL: ab 65 Punkten Lead-Score SQL: Vertrieb hat Bedarf, Budget und Zeitplan bestätigt');
    expect(r.text).toMatch(/Vereinbarte Definitionen:\n {2}MQL: ab 65 Punkten Lead-Score\n {2}SQL: Vertrieb hat Bedarf, Budget und Zeitplan bestätigt\n/);
    expect(r.html.indexOf('Vereinbarte Definitionen')).toBeGreaterThan(r.html.indexOf('digest-together'));
  });

  it('cuts a long definition so the line never passes 90 characters', async () => {
    const r = await renderDigest(longDefinitions(), CONTEXT);
    const block = r.text.slice(r.text.indexOf('Vereinbarte Definitionen:'));
    const lines = block.split('\n').slice(1, 6).map((l) => l.trim());
    expect(lines).toHaveLength(5);
    for (const line of lines) {
      expect([...line].length).toBeLessThanOrEqual(90);
      expect(line).toMatch(/^(MQL|SQL|SLA|Opportunity|Pipeline): Vereinbarte Definition Nr\. \d: .*…$/);
    }
  });

  it('left out without definitions', async () => {
    const r = await renderDigest(emptyDigest(), CONTEXT);
    expect(r.html).not.toContain('Vereinbarte Definitionen');
    expect(r.text).not.toContain('Vereinbarte Definitionen');
  });
});

describe('together (Miteinander)', () => {
  it('lists the entries: title, then kind, date like due dates, who, seats; 0 seats is booked out', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    const section = squash(fromClassToFooter(r.html, 'digest-together'));
    expect(section).toContain('Miteinander');
    expect(section).toContain('Kundentermin bei der Stadtwerke AG begleiten · Hospitation · 19.11.2026 · Tobias Huber · 2 Plätze frei');
    expect(section).toContain('Gemeinsames Mittagessen Marketing & Vertrieb · Gemeinsam essen · Freitag, 12:30 Uhr · ausgebucht');
    expect(section).toContain('Willkommen, Lena Brandt (Inside Sales) · Willkommen · Lena Brandt');
    expect(r.html).toContain('href="https://example.com/slots"');
    expect(r.text).toContain('Miteinander\n===========\n- Kundentermin bei der Stadtwerke AG begleiten\n  Hospitation · 19.11.2026 · Tobias Huber · 2 Plätze frei\n  https://example.com/slots\n');
    expect(r.text).toContain('ausgebucht');
  });

  it('English words', async () => {
    const r = await renderDigest(englishDigest(), CONTEXT);
    expect(r.text).toContain('Together\n========\n- ');
    expect(r.text).toContain('Sit in · ');
    expect(r.text).toContain('2 seats left');
    expect(r.text).toContain('booked out');
  });

  it('shows at most 4, each title cut to 50 characters; the rest is one line linking to the People tab by its gid', async () => {
    const r = await renderDigest(maximalDigest(), { ...CONTEXT, sheetGids: { people: 123456 } });
    const titles = r.text.match(/^- Hospitation im Vertrieb Nr\. \d.*$/gm)!;
    expect(titles).toHaveLength(4);
    for (const t of titles) expect([...t.slice(2)].length).toBeLessThanOrEqual(50);
    expect(r.text).toContain('und 2 weitere im Sheet: https://docs.google.com/spreadsheets/d/abc123/edit#gid=123456');
    expect(decode(r.html)).toContain('href="https://docs.google.com/spreadsheets/d/abc123/edit#gid=123456"');
    expect(r.text).toContain('1 Platz frei');
  });

  it('the rest line links to the sheet itself without a gid, and is plain text without a sheet URL', async () => {
    const noGid = await renderDigest(maximalDigest(), CONTEXT);
    expect(noGid.text).toContain('und 2 weitere im Sheet: https://docs.google.com/spreadsheets/d/abc123/edit\n');
    const noUrl = await renderDigest(maximalDigest(), { ...CONTEXT, footer: { ...CONTEXT.footer, sheetUrl: undefined } });
    expect(noUrl.text).toMatch(/und 2 weitere im Sheet\n/);
  });

  it('is left out without entries', async () => {
    const r = await renderDigest({ ...sampleDigest(), people: [] }, CONTEXT);
    expect(r.html).not.toContain('digest-together"');
    expect(r.text).not.toContain('Miteinander');
  });
});

describe('scorecard mark for metrics a changed definition affects', () => {
  it('names the changed term on the affected KPI only (HTML and text)', async () => {
    const r = await renderDigest(withKpiMark(sampleDigest()), CONTEXT);
    expect(r.html.match(/MQL-Definition neu/g)).toHaveLength(1);
    expect(r.text).toMatch(/- SQLs \(MQL-Definition neu\): /);
  });
});

describe('changes: the changed definition comes first, before the change notes', () => {
  it('in the Changes section of the HTML and the text', async () => {
    const d = sampleDigest();
    const withItem = { ...d, changes: [{ origin: 'definition' as const, title: 'MQL: ab 65 Punkten Lead-Score', details: null, team: null, author: 'Anke Vogel', link: null, refId: 'MQL' }, ...d.changes] };
    const r = await renderDigest(withItem, CONTEXT);
    const changes = r.text.slice(r.text.indexOf('Veränderungen\n====='));
    expect(changes.indexOf('- MQL: ab 65 Punkten Lead-Score')).toBeGreaterThan(0);
    expect(changes.indexOf('- MQL: ab 65 Punkten Lead-Score')).toBeLessThan(changes.indexOf('Neue Preisliste'));
  });
});

describe('valid MJML with every new part present', () => {
  it.each([['sample', sampleDigest], ['maximal', maximalDigest], ['english', englishDigest], ['empty', emptyDigest]])('%s', async (_, build) => {
    await validateStrict(await renderMjml(withKpiMark(build()), { ...CONTEXT, sheetGids: { people: 7 } }));
  });
});
