// Bench case: the cost of the charts. Draws and rasterises every chart of the sample week
// (one sparkline per KPI and the funnel) in this process, from the built code in dist/, and
// prints the time (first call, with module and font loading, and the median of warm calls)
// and the bytes per chart and in total, next to the HTML and .eml sizes with the charts.
import { join } from 'node:path';

export async function run({ root }) {
  const { loadConfig, selectDigest } = await import(join(root, 'dist/config/load.js'));
  const { choosePeriod, collectDigest, renderForMail } = await import(join(root, 'dist/pipeline.js'));
  const loaded = await loadConfig(join(root, 'digest.config.example.yaml'));
  const digestConfig = selectDigest(loaded, 'dach');
  const digest = await collectDigest(loaded, digestConfig, choosePeriod('2026-W47', Date.now(), digestConfig.timezone));

  let start = performance.now();
  const { drawDigestCharts } = await import(join(root, 'dist/render/charts/index.js'));
  // Charts are planned (SVG, CID, alt) and drawn on demand: draw every one to time the work.
  const drawAll = async () => {
    const charts = await drawDigestCharts(digest);
    const planned = [...Object.values(charts.kpis ?? {}), charts.funnel, charts.planning].filter(Boolean);
    return { charts, images: planned.map(({ draw, ...image }) => ({ ...image, content: draw() })) };
  };
  const { images } = await drawAll();
  const first = performance.now() - start;
  const warm = [];
  for (let i = 0; i < 7; i++) {
    start = performance.now();
    await drawAll();
    warm.push(performance.now() - start);
  }
  warm.sort((a, b) => a - b);
  const funnel = images.find((i) => i.filename === 'funnel.png');
  const sparklines = images.filter((i) => i.filename.startsWith('trend-'));
  const total = images.reduce((n, i) => n + i.content.length, 0);
  const rendered = await renderForMail(digest, digestConfig);
  const base64 = Math.ceil(total / 3) * 4;

  console.log('\ncharts (sample week, SVG → PNG with resvg at 2×, 8-bit palette)');
  console.log(`  draw + rasterise all     ${images.length} charts: first ${first.toFixed(0)} ms (loads resvg and fonts), then ${warm[3].toFixed(0)} ms (median of ${warm.length})`);
  console.log(`  sparklines               ${sparklines.length} × ${sparklines.length ? `${Math.min(...sparklines.map((i) => i.content.length))}–${Math.max(...sparklines.map((i) => i.content.length))}` : 0} bytes`);
  if (funnel) console.log(`  funnel                   ${funnel.content.length} bytes`);
  console.log(`  all images               ${(total / 1024).toFixed(1)} KB (${(base64 / 1024).toFixed(1)} KB as base64 in the .eml); HTML with charts ${(Buffer.byteLength(rendered.html) / 1024).toFixed(1)} KB`);
}
