// Bundles the compiled CLI (dist/cli/main.js, from tsc) into dist/app/: one ES module per part
// that a command loads lazily, instead of ~190 module files. A cold `digest preview` then
// resolves and opens 36 files instead of 191, which saves it ~40 ms (README, Performance).
// `dist/cli/bin.js` loads dist/app/main.js; the tests and the library entry points keep using
// the unbundled dist/ modules, which are the same code.
//
// Left outside the bundle, loaded from node_modules at run time as before:
//   - @resvg/resvg-js: a native addon that finds its platform binary itself;
//   - mjml: only for custom templates and the build (templates/compiled/), never a normal run;
//   - @googleapis/sheets, pg, pino, pino-pretty: large, optional, and they resolve files of
//     their own at run time (pino's worker-thread transports, pg's optional pg-native).
// nodemailer is bundled from its ES module build (the .eml needs its mailer and stream transport
// only; the SMTP transport lands in the send command's part). Handlebars' runtime and iconv-lite
// are loaded with createRequire as their one-file CommonJS builds, which the bundler leaves
// alone. `metafile` (dist/app/meta.json) says which source modules each output file holds;
// test/cli/cold-preview-modules.test.ts reads it to check what a cold preview loads.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist/app');
const EXTERNAL = ['@resvg/resvg-js', 'mjml', '@googleapis/sheets', 'pg', 'pino', 'pino-pretty'];

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  entryPoints: [join(ROOT, 'dist/cli/main.js')],
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  // CommonJS packages in the bundle (commander) call require() for Node's own modules.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  // Whitespace and syntax only, names kept (stack traces stay readable): ~5 ms less to compile.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  absWorkingDir: ROOT, // the metafile's paths are relative to the package
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(join(OUT, 'meta.json'), JSON.stringify(result.metafile));
