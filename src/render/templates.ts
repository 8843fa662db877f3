/**
 * Loads and compiles the templates of one templates folder, once per process: the MJML
 * layout `digest.mjml.hbs` with `partials/*.mjml.hbs` (HTML-escaping Handlebars) and the
 * plain-text `text.hbs` with `partials/*.text.hbs` (no escaping), each on a private
 * Handlebars instance, plus the locale strings.
 *
 * Helpers: `t` (a locale string; throws for an unknown key), `lines` (escape, then keep line
 * breaks: `<br>` in HTML, an indented continuation line in text), `underline` (text only).
 */
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { compileCached } from './template-cache.js';
import { loadStrings, type Language, type Strings } from './strings.js';
import type { DigestView } from './view-types.js';

export interface CompiledTemplates {
  mjml: (view: RenderView) => string;
  text: (view: RenderView) => string;
  strings: Record<Language, Strings>;
}

/** The view plus the strings the `t` helper reads (`@root.strings`). */
export type RenderView = DigestView & { strings: Strings };

const cache = new Map<string, Promise<CompiledTemplates>>();

export function loadTemplates(templatesDir: string): Promise<CompiledTemplates> {
  let entry = cache.get(templatesDir);
  if (!entry) {
    entry = compile(templatesDir);
    entry.catch(() => cache.delete(templatesDir));
    cache.set(templatesDir, entry);
  }
  return entry;
}

/** Drops a folder's compiled templates, so the next render reads the files again (the preview server's live reload). */
export function forgetTemplates(templatesDir: string): void {
  cache.delete(templatesDir);
}

type Options = Handlebars.HelperOptions;
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

async function compile(dir: string): Promise<CompiledTemplates> {
  const read = (file: string) => readFile(join(dir, file), 'utf8');
  const options = { strict: true } as const;
  const html = htmlInstance();
  const text = textInstance();
  for (const file of await readdir(join(dir, 'partials'))) {
    if (file.endsWith('.mjml.hbs')) html.registerPartial(basename(file, '.mjml.hbs'), compileCached(html, await read(join('partials', file)), options));
    // HTML fragments inside an <mj-text> (the planning body, topics, lead quality).
    if (file.endsWith('.html.hbs')) html.registerPartial(basename(file, '.html.hbs'), compileCached(html, await read(join('partials', file)), options));
    if (file.endsWith('.text.hbs')) text.registerPartial(basename(file, '.text.hbs'), compileCached(text, await read(join('partials', file)), { ...options, noEscape: true }));
  }
  const [layout, textLayout, strings] = await Promise.all([read('digest.mjml.hbs'), read('text.hbs'), loadStrings(dir)]);
  return {
    mjml: compileCached<RenderView>(html, layout, options),
    text: compileCached<RenderView>(text, textLayout, { ...options, noEscape: true }),
    strings,
  };
}
