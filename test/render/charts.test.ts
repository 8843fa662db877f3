import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { drawDigestCharts, FUNNEL_WIDTH, SCALE, TREND_SIZE } from '../../src/render/charts/index.js';
import { trendSvg } from '../../src/render/charts/svg.js';
import { renderDigest } from '../../src/render/index.js';
import type { InlineImage } from '../../src/render/types.js';
import { CONTEXT, emptyDigest, englishDigest, maximalDigest, sampleDigest } from '../fixtures/digests.js';

const decode = (img: Pick<InlineImage, 'content'>) => PNG.sync.read(img.content);

function distinctColours(png: PNG): number {
  const seen = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) seen.add(png.data.readUInt32BE(i));
  return seen.size;
}

function opaque(png: PNG): boolean {
  for (let i = 3; i < png.data.length; i += 4) if (png.data[i] !== 255) return false;
  return true;
}

/** Displayed size of `<img src="cid:…">` in the HTML. */
function displayedSize(html: string, cid: string): { width: number; height: number | null } {
  const tag = html.match(new RegExp(`<img[^>]*src="cid:${cid.replace(/[.@]/g, '\\$&')}"[^>]*>`))?.[0];
  if (!tag) throw new Error(`no <img> for ${cid}`);
  const height = tag.match(/\sheight="(\d+)"/)?.[1];
  return { width: Number(tag.match(/\swidth="(\d+)"/)![1]), height: height ? Number(height) : null };
}

describe('charts', () => {
  it('draws a sparkline per KPI with values (the funnel chart only on demand), as 2× PNGs that are not blank', async () => {
    const d = sampleDigest();
    const charts = await drawDigestCharts(d);
    const kpiIds = d.kpis.filter((k) => k.trend.some((v) => v !== null)).map((k) => k.id);
    expect(Object.keys(charts.kpis ?? {})).toEqual(kpiIds);
    const r = await renderDigest(d, CONTEXT, { charts, validationLevel: 'strict' });
    // The email shows the funnel as one line at a glance (its chart is planned, never drawn for
    // it); the planning section shows its chart.
    expect(r.images).toHaveLength(kpiIds.length + 1);
    const sizes: Record<string, number> = {};
    for (const img of r.images) {
      const png = decode(img);
      const shown = displayedSize(r.html, img.cid);
      expect(png.width, img.cid).toBe(shown.width * SCALE);
      if (shown.height !== null) expect(png.height, img.cid).toBe(shown.height * SCALE);
      expect(distinctColours(png), img.cid).toBeGreaterThanOrEqual(4);
      expect(opaque(png), `${img.cid} has an opaque background`).toBe(true);
      expect(img.contentType).toBe('image/png');
      sizes[img.filename] = img.content.length;
    }
    const trend = decode(r.images[0]!);
    expect([trend.width, trend.height]).toEqual([TREND_SIZE.width * SCALE, TREND_SIZE.height * SCALE]);
    expect(decode({ content: charts.funnel!.draw() }).width).toBe(FUNNEL_WIDTH * SCALE);
    console.log('chart PNG bytes:', sizes, 'total', Object.values(sizes).reduce((a, b) => a + b, 0));
    for (const size of Object.values(sizes)) expect(size).toBeLessThan(8 * 1024);
  });

  it('puts the numbers into the alt text, formatted for the locale', async () => {
    const d = sampleDigest();
    const r = await renderDigest(d, CONTEXT, { charts: await drawDigestCharts(d) });
    const sqls = r.images.find((i) => i.cid.startsWith('trend-sqls'))!;
    expect(sqls.alt).toBe('SQLs, letzte 8 Wochen bis KW 47: 4; 6; kein Wert; 8; 9; 7; 9; 12; Ziel 15');
    expect(r.html).toContain(`alt="${sqls.alt}"`);
    const revenue = r.images.find((i) => i.cid.startsWith('trend-revenue_won'))!;
    const eur = (n: number) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(n);
    expect(revenue.alt).toContain(`${eur(18000)}; ${eur(27100)}; Ziel ${eur(25000)}`);
    const funnel = (await drawDigestCharts(d)).funnel!;
    const pct = (n: number) => new Intl.NumberFormat('de-DE', { style: 'percent' }).format(n);
    expect(funnel.alt).toBe(`Funnel der Woche: Neue Leads 84 → MQLs 27 (${pct(27 / 84)}) → SQLs 12 (${pct(12 / 27)}) → Neue Deals 5 (${pct(5 / 12)}) → Gewonnene Deals 3 (${pct(3 / 5)})`);
    const e = await drawDigestCharts(englishDigest());
    expect(e.kpis?.mql_to_sql_rate?.alt).toBe('MQL→SQL rate (4 weeks), last 8 weeks to Week 47: 400%; 600%; no value; 800%; 900%; 700%; 20%; 25%');
    expect(e.funnel?.alt).toMatch(/^This week's funnel: New leads 84 → MQLs 27 \(32%\)/);
  });

  it('leaves out charts with nothing to draw (no values, an empty funnel)', async () => {
    const charts = await drawDigestCharts(emptyDigest());
    expect(charts.kpis).toEqual({});
    expect(charts.funnel).toBeUndefined();
    const r = await renderDigest(emptyDigest(), CONTEXT, { charts });
    expect(r.images).toEqual([]);
    expect(r.html).not.toContain('cid:');
  });

  it('breaks the line at missing weeks, draws a target line, marks the last point', () => {
    const svg = trendSvg([1, 2, null, 4, null, 6, 7, 8], 5)!;
    expect(svg.match(/<polyline/g)).toHaveLength(2); // 1–2 and 6–8; 4 alone is a dot
    expect(svg).toContain('stroke-dasharray'); // target
    expect(svg.match(/<circle/g)).toHaveLength(2); // the lone 4 and the last point
    expect(trendSvg([null, null], null)).toBeNull();
    expect(trendSvg([3, 3, 3], null)).not.toContain('NaN');
    expect(trendSvg([3, 3, 3], null)).not.toContain('dasharray');
  });

  it('is deterministic: the same digest gives the same bytes', async () => {
    const a = await drawDigestCharts(sampleDigest());
    const b = await drawDigestCharts(sampleDigest());
    expect(a.funnel!.draw().equals(b.funnel!.draw())).toBe(true);
    expect(a.kpis!.sqls!.draw().equals(b.kpis!.sqls!.draw())).toBe(true);
  });

  it('keeps the HTML of the sample and the maximal week with charts under 102 KB', async () => {
    const sizes: Record<string, number> = {};
    for (const [name, d] of [['sample', sampleDigest()], ['maximal', maximalDigest()]] as const) {
      const r = await renderDigest(d, CONTEXT, { charts: await drawDigestCharts(d) });
      sizes[name] = Buffer.byteLength(r.html);
      sizes[`${name} images`] = r.images.reduce((n, i) => n + i.content.length, 0);
    }
    console.log('HTML and image bytes with charts:', sizes);
    expect(sizes.sample).toBeLessThan(102 * 1024);
    expect(sizes.maximal).toBeLessThan(102 * 1024);
  });
});
