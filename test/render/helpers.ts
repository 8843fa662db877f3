/** Helpers for reading rendered HTML in tests. */
import mjml2html from 'mjml';

/** The text a reader can see: no head, styles, comments or tags; entities left as they are. */
export function visibleText(html: string): string {
  return html
    .replace(/<head[\s\S]*?<\/head>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ');
}

export const FORBIDDEN = /\b(undefined|NaN|null|Infinity)\b|\[object Object\]/;

/** MJML's own strict validation of a filled template (throws with the errors). */
export async function validateStrict(mjml: string): Promise<void> {
  const result = await mjml2html(mjml, { validationLevel: 'strict', fonts: {} });
  if (result.errors.length) throw new Error(result.errors.map((e) => e.formattedMessage).join('\n'));
}

/** A 1×1 PNG, enough to stand in for a chart. */
export const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
