/**
 * The HTML part stays under Gmail's 102 KB for any input: long texts and URLs are cut, lists
 * capped; what still gets too big (hundreds of KPIs from the config) is refused by `send`, exit
 * 4, naming the biggest section.
 */
import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../src/render/index.js';
import { checkMessageSize, HTML_LIMIT_BYTES, measureHtml } from '../../src/render/size.js';
import { CONTEXT, exactly, fix, kpi, maximalDigest, note, withHighlights } from '../fixtures/digests.js';
import { runCli, sampleConfig } from '../helpers/cli.js';

// The maximal week has the People tab's 6 entries (SPEC), so the together section too.
const SECTIONS = ['header', 'at-a-glance', 'scorecard', 'planning', 'successes', 'changes', 'fixes', 'sources', 'voice', 'together', 'footer'];

describe('HTML size', () => {
  it('keeps the maximal week under 102 KB and measures every section by its digest-<section> class', async () => {
    const r = await renderDigest(maximalDigest(), CONTEXT);
    const size = measureHtml(r);
    console.log('maximal week HTML:', size.bytes, 'bytes;', size.sections.map((s) => `${s.section} ${s.bytes}`).join(', '));
    expect(size.bytes).toBeLessThan(HTML_LIMIT_BYTES);
    expect(size.sections.map((s) => s.section)).toEqual(SECTIONS);
    expect(size.biggest?.section).toBe('scorecard');
    expect(size.sections.reduce((n, s) => n + s.bytes, 0)).toBeLessThan(size.bytes);
    expect(checkMessageSize(r)).toBeNull();
  });

  it('cuts long texts and URLs, so even absurd notes and quotes stay small', async () => {
    const huge = exactly('Sehr langer Text ohne Ende ', 50_000);
    const url = `https://example.com/${'x'.repeat(20_000)}`;
    const d = maximalDigest();
    const absurd = withHighlights({
      ...d,
      title: huge,
      successes: Array.from({ length: 200 }, () => note(huge, { details: huge, author: huge, link: url })),
      changes: Array.from({ length: 200 }, () => note(huge, { details: huge, link: url })),
      fixes: Array.from({ length: 200 }, () => fix(huge, { details: huge, owner: huge, due: '2026-11-01' })),
      wins: d.wins.map((w) => ({ ...w, name: huge, owner: huge })),
      voice: Array.from({ length: 50 }, () => ({ topic: huge, quotes: Array.from({ length: 20 }, () => ({ quote: huge, author: huge, source: huge })) })),
      slaBreachesByOwner: Array.from({ length: 500 }, (_, i) => ({ ownerId: String(i), owner: `${huge}${i}`, email: null, count: 1 })),
      sources: Array.from({ length: 50 }, (_, i) => ({ source: `${huge}${i}`, sqls: 1, dealsWon: 1, revenueWon: 1 })),
    });
    const r = await renderDigest(absurd, { ...CONTEXT, listAddress: huge, footer: { ...CONTEXT.footer, contact: huge, nextMeeting: huge, sheetUrl: url } });
    const size = measureHtml(r);
    expect(size.bytes).toBeLessThan(HTML_LIMIT_BYTES);
    expect(r.html).not.toContain('x'.repeat(1000));
    expect([...r.subject].length).toBeLessThanOrEqual(78);
  });

  it('names the biggest section when a message is over the limit', async () => {
    const many = Array.from({ length: 400 }, (_, i) => kpi({ id: `kpi_${i}`, label: `Kennzahl ${i}`, target: 10, status: 'on_track', attainment: 1 }));
    const r = await renderDigest(withHighlights({ ...maximalDigest(), kpis: many }), CONTEXT);
    const refusal = checkMessageSize(r);
    expect(refusal?.code).toBe('MESSAGE_TOO_LARGE');
    expect(refusal?.reason).toMatch(/the HTML part is \d+\.\d KB, over the 102\.0 KB at which Gmail clips a message; the biggest section is "scorecard"/);
  });
});

describe('send refuses an over-size message', () => {
  it('exits 4 and names the biggest section (dry run, nothing written)', async () => {
    const kpis = Array.from({ length: 400 }, (_, i) => ({ id: `manual_${i}`, label: `Manuelle Kennzahl Nummer ${i} mit einem langen Namen` }));
    const { path } = await sampleConfig({}, { kpis });
    const { code, err } = await runCli(['send', '--dry-run', '--config', path, '--week', '2026-W47']);
    expect(code).toBe(4);
    expect(err).toMatch(/MESSAGE_TOO_LARGE|biggest section is "scorecard"/);
    expect(err).toContain('the biggest section is "scorecard"');
    expect(err).not.toMatch(/wrote|delivered/);
  });
});
