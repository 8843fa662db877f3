/**
 * Loads the templates of one templates folder, once per process:
 *   - the HTML layout: MJML compiled once with the Handlebars slots kept (`layout.ts`): the
 *     package's is read from `templates/compiled/`, so a normal run never loads mjml; an edited
 *     or custom folder is compiled on first use (and cached in `cacheDir` when given);
 *   - the HTML fragment partials (`partials/*.html.hbs`) it includes;
 *   - the plain-text `text.hbs` with `partials/*.text.hbs` (no escaping);
 *   - the locale strings.
 * Each on a private Handlebars instance, compiled `strict` (an unknown field throws).
 *
 * Helpers: `t` (a locale string; throws for an unknown key), `lines` (escape, then keep line
 * breaks: `<br>` in HTML, an indented continuation line in text), `underline` (text only).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join, sep } from 'node:path';
import { packagePath } from '../package-root.js';
import type HandlebarsApi from 'handlebars';
import { compileCached } from './template-cache.js';
import { assembleLayout, compileLayout, compiledFor, layoutHash, mergeOutlookConditionals, readCached, readCommitted, readPartials, storeCompiled, type ValidationLevel } from './layout.js';
import { loadStrings, type Language, type Strings } from './strings.js';
import type { DigestView } from './view-types.js';

/**
 * The runtime only (same API, typed as the full package): the compiler loads only when a
 * template is not in the cache. Handlebars' own one-file build of it: the same code as
 * `handlebars/runtime.js`, which loads it as 22 modules (about twice the load time).
 */
const Handlebars = createRequire(import.meta.url)('handlebars/dist/handlebars.runtime.js') as typeof HandlebarsApi;

export interface CompiledTemplates {
  /** The finished HTML. */
  html: (view: RenderView) => string;
  /** The filled MJML source (for tests, template authors and the bench's bare-mjml case). */
  mjml: (view: RenderView) => string;
  text: (view: RenderView) => string;
  strings: Record<Language, Strings>;
  /** Whether the HTML layout came precompiled (true) or was compiled with mjml in this process. */
  precompiled: boolean;
  /** The review draft's notice (`review-notice.{html,text}.hbs`), read and compiled on first use: most runs send no draft. */
  reviewNotice(): Promise<ReviewNoticeTemplates>;
}

export interface ReviewNoticeView {
  title: string;
  heading: string;
  allIn: string;
  missing: string[];
}

export interface ReviewNoticeTemplates {
  html: (view: ReviewNoticeView) => string;
  text: (view: ReviewNoticeView) => string;
}

/** The view plus the strings the `t` helper reads (`@root.strings`). */
export type RenderView = DigestView & { strings: Strings };

export interface LoadOptions {
  /** MJML validation when the layout must be compiled here. @default 'soft' */
  validationLevel?: ValidationLevel | undefined;
  /** Where a compiled custom layout is kept between runs (created 0700). @default none (memory only) */
  cacheDir?: string | undefined;
}

const cache = new Map<string, Promise<CompiledTemplates>>();

/** The package's own `templates/` (with a trailing separator, as a folder). */
export const DEFAULT_TEMPLATES_DIR = packagePath('templates') + sep;

export function loadTemplates(templatesDir: string = DEFAULT_TEMPLATES_DIR, options: LoadOptions = {}): Promise<CompiledTemplates> {
  const key = `${templatesDir}\0${options.validationLevel ?? 'soft'}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = compile(templatesDir, options);
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
  }
  return entry;
}

/** Drops a folder's compiled templates, so the next render reads the files again (the preview server's live reload). */
export function forgetTemplates(templatesDir: string): void {
  for (const key of [...cache.keys()]) if (key.startsWith(`${templatesDir}\0`)) cache.delete(key);
}

type Options = HandlebarsApi.HelperOptions;
const rootStrings = (options: Options): Strings => (options.data as { root: RenderView }).root.strings;

function translate(key: unknown, options: Options): string {
  const vars = Object.fromEntries(Object.entries(options.hash as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'number' ? v : String(v)]));
  return rootStrings(options).t(String(key), vars);
}

function htmlInstance(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('t', translate);
  hb.registerHelper('lines', (value: unknown) =>
    new hb.SafeString(hb.Utils.escapeExpression(value == null ? '' : String(value)).replace(/\n/g, '<br>')),
  );
  return hb;
}

function textInstance(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('t', translate);
  hb.registerHelper('lines', (value: unknown, options: Options) => {
    const indent = typeof options.hash.indent === 'string' ? options.hash.indent : '  ';
    return (value == null ? '' : String(value)).replace(/\n/g, `\n${indent}`);
  });
  hb.registerHelper('underline', (value: unknown) => {
    const s = String(value ?? '');
    return `${s}\n${'='.repeat([...s].length)}`;
  });
  return hb;
}

async function compile(dir: string, options: LoadOptions): Promise<CompiledTemplates> {
  const read = (file: string) => readFile(join(dir, file), 'utf8');
  const strict = { strict: true } as const;
  const html = htmlInstance();
  const text = textInstance();
  // Every file side by side: one after the other, a cold run waited ~5 ms longer.
  const [partials, root, textLayout, strings, committed] = await Promise.all([readPartials(dir), read('digest.mjml.hbs'), read('text.hbs'), loadStrings(dir), readCommitted(dir)]);
  for (const [file, source] of partials) {
    if (file.endsWith('.html.hbs')) html.registerPartial(basename(file, '.html.hbs'), compileCached(html, source, strict));
    if (file.endsWith('.text.hbs')) text.registerPartial(basename(file, '.text.hbs'), compileCached(text, source, { ...strict, noEscape: true }));
  }
  const layout = assembleLayout(root, partials);
  const hash = layoutHash(layout);
  let compiledHtml = compiledFor(committed, hash) ?? (options.cacheDir ? await readCached(options.cacheDir, hash) : null);
  const precompiled = compiledHtml !== null;
  if (compiledHtml === null) {
    const fresh = await compileLayout(layout, options.validationLevel ?? 'soft');
    compiledHtml = fresh.html;
    if (options.cacheDir) await storeCompiled(options.cacheDir, hash, compiledHtml, fresh.mjmlVersion);
  }
  const fill = compileCached<RenderView>(html, compiledHtml, strict);
  // The MJML source is filled only by tests, template authors and the bench: compiled on first use.
  let fillMjml: ((view: RenderView) => string) | undefined;
  let notice: Promise<ReviewNoticeTemplates> | undefined;
  const reviewNotice = async (): Promise<ReviewNoticeTemplates> => {
    const [htmlSource, textSource] = await Promise.all([read('review-notice.html.hbs'), read('review-notice.text.hbs')]);
    return {
      html: compileCached<ReviewNoticeView>(html, htmlSource, strict),
      text: compileCached<ReviewNoticeView>(text, textSource, { ...strict, noEscape: true }),
    };
  };
  return {
    html: (view) => mergeOutlookConditionals(fill(view)),
    mjml: (view) => (fillMjml ??= compileCached<RenderView>(html, layout, strict))(view),
    text: compileCached<RenderView>(text, textLayout, { ...strict, noEscape: true }),
    strings,
    precompiled,
    reviewNotice: () => (notice ??= reviewNotice()),
  };
}
