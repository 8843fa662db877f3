/**
 * ③ Render: (digest, context, templates) → { subject, preheader, html, text, images }.
 * Pure apart from reading the template files (compiled once per templates folder); never reads
 * config files or the clock.
 *
 * Steps:
 *   1. load the compiled templates and locale strings (`templates.ts`, cached per folder);
 *   2. digest → view: everything formatted and localized, empty sections decided (`view-model.ts`);
 *   3. Handlebars fills the MJML layout and partials (HTML-escaped) and the text template;
 *   4. MJML turns the MJML into responsive HTML (no web fonts, no minify); leading indentation
 *      is dropped, which keeps the HTML well under Gmail's 102 KB clipping limit.
 */
import { fileURLToPath } from 'node:url';
import { compileMjml, type ValidationLevel } from './mjml-compiler.js';
import type { Digest } from '../model/types.js';
import { DigestError } from '../errors.js';
import type { RenderContext, RenderedDigest } from './types.js';
import { weekLabel } from './format.js';
import { languageOf } from './strings.js';
import { loadTemplates, type CompiledTemplates, type RenderView } from './templates.js';
import { buildView, chartImages, subjectLine, type Charts } from './view-model.js';

export type { Charts } from './view-model.js';

/** `templates/` of the repository, from `src/render` (vitest) and `dist/render` (built). */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export type { ValidationLevel } from './mjml-compiler.js';

export interface RenderOptions {
  /** @default the repository's `templates/` folder */
  templatesDir?: string;
  /**
   * MJML validation: `strict` throws on any invalid MJML (the tests prove the templates with
   * it), `soft` renders regardless, `skip` does not validate.
   * @default 'soft'
   */
  validationLevel?: ValidationLevel;
  /** Chart images to reference by CID; those used are returned as `images`. @default none */
  charts?: Charts;
}

export async function renderDigest(digest: Digest, context: RenderContext, options: RenderOptions = {}): Promise<RenderedDigest> {
  const { templates, view } = await prepare(digest, context, options);
  // toHtml hands the MJML to the worker at once; the charts are rasterised here meanwhile,
  // so the two run side by side on two cores.
  const pending = toHtml(templates.mjml(view), options.validationLevel ?? 'soft');
  const images = chartImages(options.charts ?? {}, view);
  return {
    subject: subjectLine(view.title, weekLabel(digest.week, view.strings), view.summary, view.strings),
    preheader: view.summary,
    html: await pending,
    text: tidyText(templates.text(view)),
    images,
  };
}

/** The filled MJML source, before MJML (for tests and template authors). */
export async function renderMjml(digest: Digest, context: RenderContext, options: RenderOptions = {}): Promise<string> {
  const { templates, view } = await prepare(digest, context, options);
  return templates.mjml(view);
}

async function prepare(digest: Digest, context: RenderContext, options: RenderOptions): Promise<{ templates: CompiledTemplates; view: RenderView }> {
  const templates = await loadTemplates(options.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  const strings = templates.strings[languageOf(digest.locale)];
  return { templates, view: { ...buildView(digest, context, strings, options.charts ?? {}), strings } };
}

async function toHtml(mjml: string, validationLevel: ValidationLevel): Promise<string> {
  let html: string;
  try {
    ({ html } = await compileMjml(mjml, validationLevel));
  } catch (error) {
    throw new DigestError('TEMPLATE_INVALID', `the email templates produce invalid MJML: ${(error as Error).message}`, { cause: error });
  }
  // Indentation only: no <pre> or <textarea> in the templates, and data never starts a line
  // (line breaks in data become <br>).
  return html.replace(/^[ \t]+/gm, '').replace(/\n{2,}/g, '\n');
}

/** At most one blank line in a row, no trailing spaces, one final newline. */
function tidyText(text: string): string {
  return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
