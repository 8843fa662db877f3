// `npm run build`: compiles the package's MJML layout once into templates/compiled/digest.html.hbs
// (HTML with the Handlebars slots kept), validated strictly. A normal run then renders with
// Handlebars alone and never loads mjml; test/render/precompiled.test.ts checks the file is current.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const { readLayout, compileLayout, layoutHash, withHeader, COMPILED_FILE } = await import(join(ROOT, 'dist/render/layout.js'));
const dir = join(ROOT, 'templates');
const source = await readLayout(dir);
const { html, mjmlVersion } = await compileLayout(source, 'strict');
writeFileSync(join(dir, COMPILED_FILE), withHeader(html, layoutHash(source), mjmlVersion));
console.log(`templates/${COMPILED_FILE}: ${(html.length / 1024).toFixed(1)} KB from mjml ${mjmlVersion}`);
