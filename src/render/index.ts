/**
 * ③ Render: (digest, context, templates) → { subject, preheader, html, text, images }.
 * Pure apart from reading the template files (compiled once per templates folder); never reads
 * config files or the clock, and never loads mjml for the package's own templates.
 *
 * Steps:
 *   1. load the templates (`templates.ts`, cached per folder): the HTML layout MJML compiled
 *      at build time with the Handlebars slots kept, the text template, the locale strings;
 *   2. digest → view: everything formatted, localized, cut and capped (`view-model.ts`);
 *   3. Handlebars fills the HTML layout (HTML-escaped) and the text template;
 *   4. the chart images the HTML references are drawn.
 */
import type { Digest } from '../model/types.js';
import type { RenderContext, RenderedDigest } from './types.js';
import { weekLabel } from './format.js';
import { languageOf } from './strings.js';
import type { ValidationLevel } from './layout.js';
import { loadTemplates, type CompiledTemplates, type RenderView } from './templates.js';
import { buildView, chartImages, subjectLine, type Charts } from './view-model.js';

export type { Charts } from './view-model.js';
export type { ValidationLevel } from './layout.js';

export { DEFAULT_TEMPLATES_DIR } from './templates.js';

export interface RenderOptions {
  /** @default the repository's `templates/` folder */
  templatesDir?: string;
  /**
   * MJML validation when a layout has to be compiled in this process (an edited or custom
   * templates folder): `strict` throws on any invalid MJML, `soft` renders regardless, `skip`
   * does not validate. The package's precompiled layout was validated strictly at build time.
   * @default 'soft'
   */
  validationLevel?: ValidationLevel;
  /** Where a custom folder's compiled layout is cached between runs (e.g. under the state folder). @default none */
  cacheDir?: string;
  /** Chart images to reference by CID; those used are returned as `images`. @default none */
  charts?: Charts;
}

export async function renderDigest(digest: Digest, context: RenderContext, options: RenderOptions = {}): Promise<RenderedDigest> {
  const { templates, view } = await prepare(digest, context, options);
  return {
    subject: subjectLine(digest, view.header.title, weekLabel(digest.week, view.strings), view.preheader, view.strings),
    preheader: view.preheader,
    html: templates.html(view),
    text: tidyText(templates.text(view)),
    images: chartImages(options.charts ?? {}, view),
  };
}

/** The filled MJML source, before MJML (for tests, template authors and the bench). */
export async function renderMjml(digest: Digest, context: RenderContext, options: RenderOptions = {}): Promise<string> {
  const { templates, view } = await prepare(digest, context, options);
  return templates.mjml(view);
}

async function prepare(digest: Digest, context: RenderContext, options: RenderOptions): Promise<{ templates: CompiledTemplates; view: RenderView }> {
  const templates = await loadTemplates(options.templatesDir, { validationLevel: options.validationLevel, cacheDir: options.cacheDir });
  const strings = templates.strings[languageOf(digest.locale)];
  return { templates, view: { ...buildView(digest, context, strings, options.charts ?? {}), strings } };
}

/** At most one blank line in a row, no trailing spaces, one final newline. */
function tidyText(text: string): string {
  return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
