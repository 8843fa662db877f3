// A cold `digest preview` of the sample split into its stages, in a fresh process (run by
// scripts/bench.mjs): module imports, sources + model, charts (plan and draw the ones the email
// shows), render (Handlebars on the precompiled layout), the .eml (compose + nodemailer).
// Prints one JSON line of milliseconds. It imports the unbundled dist/ modules (the bundle has
// one entry point, the CLI), so its imports stage is larger than the bundled CLI's.
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const t = [performance.now()];
const lap = () => { t.push(performance.now()); return t.at(-1) - t.at(-2); };

const [{ loadConfig, selectDigest }, { choosePeriod, collectDigest, renderContext }, { drawDigestCharts }, { renderDigest }, { composeMessage }, { buildRaw }] = await Promise.all([
  import(join(ROOT, 'dist/config/load.js')), import(join(ROOT, 'dist/pipeline.js')), import(join(ROOT, 'dist/render/charts/index.js')),
  import(join(ROOT, 'dist/render/index.js')), import(join(ROOT, 'dist/deliver/compose.js')), import(join(ROOT, 'dist/deliver/mime.js')),
]);
const imports = lap();
const loaded = await loadConfig(join(ROOT, 'digest.config.example.yaml'));
const config = selectDigest(loaded, 'dach');
const digest = await collectDigest(loaded, config, choosePeriod('2026-W47', Date.now(), config.timezone));
const data = lap();
const charts = await drawDigestCharts(digest);
const planned = lap();
const context = renderContext(config);
// renderDigest fills the templates and draws the charts the HTML references; time the drawing apart.
const rendered = await renderDigest(digest, context, {});
const render = lap();
const withCharts = await renderDigest(digest, context, { charts });
const drawn = lap();
const message = composeMessage(withCharts, { digest: config, week: '2026-W47', allowedDomains: loaded.config.allowedDomains });
await buildRaw(message.mail);
const eml = lap();
console.log(JSON.stringify({ imports, data, charts: planned + Math.max(0, drawn - render), render, eml, total: t.at(-1) - t[0], html: rendered.html.length }));
