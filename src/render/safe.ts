/**
 * Text from the sheet and the CRM is plain text. These helpers decide what may become a link
 * and how a multi-line text is shown; escaping itself is Handlebars' `{{ }}`.
 */
const ALLOWED_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);

/** The URL when it is an absolute `https:`, `http:` or `mailto:` URL, else null. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  const trimmed = url.trim();
  // Control characters and spaces inside a URL are how `java\tscript:` slips past checks.
  if (!trimmed || /[\u0000-\u0020\u007f-\u009f]/.test(trimmed)) return null;
  try {
    const parsed = new URL(trimmed);
    if (!ALLOWED_PROTOCOLS.has(parsed.protocol)) return null;
    if (parsed.protocol !== 'mailto:' && !parsed.hostname) return null;
    return trimmed;
  } catch {
    return null;
  }
}

/** A bare e-mail address (for the footer contact). */
export function isEmailAddress(text: string): boolean {
  return /^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+$/.test(text.trim());
}

/** Newlines normalised, trailing whitespace per line removed. */
export function normaliseLines(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[ \t]+\n/g, '\n').trim();
}

/** One line of plain text for a header (subject): no line breaks or control characters. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** At most `max` characters (code points), cut at the end with `…`. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text; // UTF-16 length ≥ code points
  // Only the head is spread into code points: a pasted novel costs no more than a title.
  const chars = [...text.slice(0, max * 2)];
  if (chars.length <= max && text.length <= max * 2) return text;
  return `${chars.slice(0, Math.max(max - 1, 1)).join('').trimEnd()}…`;
}

/** The end of a sentence (`.`, `!`, `?` before a space and a capital: not `ca. 20`, not `16.11. aktiv`), or of a clause (`:`, `;`). */
const PAUSE = /(?<sentence>[.!?])(?=\s+\p{Lu})|[:;](?=\s)/gu;

/**
 * A teaser of one-line text for the plain-text part: the whole text when it fits in `max`
 * characters, else as many whole sentences as fit (or, when not even one does, the first
 * clauses), then ` …`; null when nothing whole fits (a fragment reads worse than nothing: the
 * full text is in the sheet).
 */
export function teaser(text: string, max: number): string | null {
  if ([...text].length <= max) return text;
  let sentence = 0;
  let clause = 0;
  for (const m of text.slice(0, max * 2).matchAll(PAUSE)) {
    const at = m.index + 1;
    if ([...text.slice(0, at)].length > max) break;
    if (m.groups?.sentence) sentence = at;
    else if (!sentence) clause = at;
  }
  const end = sentence || clause;
  return end > 0 ? `${text.slice(0, end)} …` : null;
}

/** Longest URL the email links; a longer one (a tracking monster, pasted data) is not linked. */
export const MAX_URL = 500;

/** `safeHref` for links in the body: also null when the URL is longer than `MAX_URL`. */
export function bodyHref(url: string | null | undefined): string | null {
  const href = safeHref(url);
  return href !== null && href.length <= MAX_URL ? href : null;
}

/** One line of at most `max` characters; a huge input is sliced before it is normalised. */
export function clip(text: string, max: number): string {
  const head = text.length > max * 4 ? `${text.slice(0, max * 4)}…` : text;
  return cut(oneLine(head), max);
}

/** Multi-line text (line breaks kept) of at most `max` characters. */
export function clipLines(text: string, max: number): string {
  const head = text.length > max * 4 ? `${text.slice(0, max * 4)}…` : text;
  return cut(normaliseLines(head), max);
}
