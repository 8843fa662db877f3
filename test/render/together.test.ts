import { describe, expect, it } from 'vitest';
import { renderDigest, renderMjml } from '../../src/render/index.js';
import type { Digest } from '../../src/model/types.js';
import { CONTEXT, emptyDigest, englishDigest, maximalDigest, sampleDigest } from '../fixtures/digests.js';
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
    expect(r.text).toContain('>> Neu seit 16.11.: MQL ab 65 Punkten Lead-Score');
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
    const r = await renderDigest(maximalDigest(), CONTEXT);
    const lines = r.text.split('\n').filter((l) => l.startsWith('>> ')).map((l) => l.slice(3));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect([...line].length).toBeLessThanOrEqual(90);
      expect(line.endsWith('…')).toBe(true);
    }
  });
});

describe('footer: the agreed definitions in force', () => {
  it('one line per term with its owner, at most 90 characters, in HTML and text', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    expect(squash(r.html)).toContain('Vereinbarte Definitionen MQL: ab 65 Punkten Lead-Score (Anke Vogel) SQL: Vertrieb hat Bedarf, Budget und Zeitplan bestätigt (Jörg Hansen)');
    expect(r.text).toContain('Vereinbarte Definitionen:\n- MQL: ab 65 Punkten Lead-Score (Anke Vogel)\n- SQL: Vertrieb hat Bedarf, Budget und Zeitplan bestätigt (Jörg Hansen)');
    expect(r.html.indexOf('Vereinbarte Definitionen')).toBeGreaterThan(r.html.indexOf('Stimme der Kunden'));
  });

  it('cuts the definition, keeps the owner, never passes 90 characters', async () => {
    const r = await renderDigest(maximalDigest(), CONTEXT);
    const block = r.text.slice(r.text.indexOf('Vereinbarte Definitionen:'));
    const lines = block.split('\n').slice(1, 6);
    expect(lines).toHaveLength(5);
    for (const line of lines) {
      expect([...line.slice(2)].length).toBeLessThanOrEqual(90);
      expect(line).toMatch(/… \(Dörte Müller-Lüdenscheidt\)$/);
    }
  });

  it('left out without definitions', async () => {
    const r = await renderDigest(emptyDigest(), CONTEXT);
    expect(r.html).not.toContain('Vereinbarte Definitionen');
    expect(r.text).not.toContain('Vereinbarte Definitionen');
  });
});

describe('together (Miteinander)', () => {
  it('lists the entries with kind, title, date like due dates, who, seats; 0 seats is booked out', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    const section = squash(fromClassToFooter(r.html, 'digest-together'));
    expect(section).toContain('Miteinander');
    expect(section).toContain('Hospitation: Kundentermin bei der Stadtwerke AG begleiten 19.11.2026 · Tobias Huber · 2 Plätze frei · Anmelden');
    expect(section).toContain('Gemeinsam essen: Gemeinsames Mittagessen Marketing & Vertrieb Freitag, 12:30 Uhr · ausgebucht');
    expect(section).toContain('Willkommen: Willkommen, Lena Brandt (Inside Sales) Lena Brandt');
    expect(r.html).toContain('href="https://example.com/slots"');
    expect(r.text).toContain('Miteinander\n===========\n- Hospitation: Kundentermin bei der Stadtwerke AG begleiten\n  19.11.2026 · Tobias Huber · 2 Plätze frei\n  Anmelden: https://example.com/slots');
    expect(r.text).toContain('ausgebucht');
  });

  it('English words', async () => {
    const r = await renderDigest(englishDigest(), CONTEXT);
    expect(r.text).toContain('Together\n========\n- Sit in: ');
    expect(r.text).toContain('2 seats left');
    expect(r.text).toContain('booked out');
  });

  it('shows at most 4; the rest is one line linking to the People tab by its gid', async () => {
    const r = await renderDigest(maximalDigest(), { ...CONTEXT, sheetGids: { people: 123456 } });
    expect(r.text.match(/^- (Hospitation|Gemeinsam essen|Willkommen|Außerdem): /gm)).toHaveLength(4);
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
    expect(r.html).not.toContain('digest-together');
    expect(r.text).not.toContain('Miteinander');
  });
});

describe('scorecard mark for metrics a changed definition affects', () => {
  it('names the changed term on the affected KPI only (HTML and text)', async () => {
    const r = await renderDigest(withKpiMark(sampleDigest()), CONTEXT);
    expect(r.html.match(/Definition geändert: MQL/g)).toHaveLength(1);
    expect(r.text).toMatch(/- SQLs: [^\n]*\n(  [^\n]*\n)*  Definition geändert: MQL\n/);
  });
});

describe('valid MJML with every new part present', () => {
  it.each([['sample', sampleDigest], ['maximal', maximalDigest], ['english', englishDigest], ['empty', emptyDigest]])('%s', async (_, build) => {
    await validateStrict(await renderMjml(withKpiMark(build()), { ...CONTEXT, sheetGids: { people: 7 } }));
  });
});
