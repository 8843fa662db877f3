// After tsc: compiles the package's Handlebars templates (the precompiled HTML layout, the text
// template, their partials and the review draft's notice) into their cache,
// node_modules/.cache/alignment-digest/templates/ (src/render/template-cache.ts), so that the
// first run after `npm ci` already renders with Handlebars' runtime alone instead of loading its
// compiler (~80 ms). An edited template is a new cache key and is compiled on its first use.
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const { loadTemplates } = await import(join(ROOT, 'dist/render/templates.js'));
const { DEFAULT_TEMPLATES_DIR } = await import(join(ROOT, 'dist/render/index.js'));
const templates = await loadTemplates(DEFAULT_TEMPLATES_DIR);
await templates.reviewNotice();
if (!templates.precompiled) console.warn('templates/compiled/digest.html.hbs is not current for templates/: run `npm run build` and commit it');
