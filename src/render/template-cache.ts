/**
 * Compiling the Handlebars templates costs ~130 ms on every cold run; their precompiled form
 * is cached on disk, keyed by a hash of the template source, the compile options and the
 * Handlebars version, so an edited template is simply a new key. The cache lives inside the
 * package (`node_modules/.cache/alignment-digest/`), never in a shared temporary folder: the
 * cached files are code, and only the package's own folder is as trusted as the code itself.
 * Any cache problem falls back to compiling; the output is the same either way.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../package-root.js';
import type Handlebars from 'handlebars';

const CACHE_DIR = packagePath('node_modules', '.cache', 'alignment-digest', 'templates');

type CompileOptions = Parameters<typeof Handlebars.precompile>[1];

/**
 * The Handlebars compiler, loaded on a cache miss only: a run whose templates are all cached
 * needs just the runtime (about half of Handlebars' loading, and no source-map).
 */
let compiler: typeof Handlebars | undefined;
const full = (): typeof Handlebars => (compiler ??= createRequire(import.meta.url)('handlebars') as typeof Handlebars);

/** `hb` may be a runtime-only instance: compiling goes through the full package, the template is bound to `hb`. */
export function compileCached<T>(hb: typeof Handlebars, source: string, options: CompileOptions): Handlebars.TemplateDelegate<T> {
  // `precompile` writes its defaults (`data`, `knownHelpers`) into the options object it is
  // given: it gets a copy, or the key of every later template with the same options would change.
  const precompile = () => String(full().precompile(source, { ...options }));
  const compileHere = () => hb.template<T>(new Function(`return ${precompile()};`)());
  if (process.env.DIGEST_TEMPLATE_CACHE === 'off') return compileHere();
  const key = createHash('sha256').update(`${hb.VERSION}\0${JSON.stringify(options)}\0${source}`).digest('hex');
  const file = join(CACHE_DIR, `${key}.js`);
  let spec: string;
  try {
    spec = readFileSync(file, 'utf8');
  } catch {
    spec = precompile();
    store(file, spec);
  }
  try {
    // The spec is Handlebars' own generated code for this source (see the key), as `precompile` returns it.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return hb.template<T>(new Function(`return ${spec};`)());
  } catch {
    return compileHere();
  }
}

function store(file: string, spec: string): void {
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, spec);
    renameSync(tmp, file);
  } catch {
    // A read-only install just compiles every time.
  }
}
