/**
 * The one rule for text that comes from a source (sheet cells, CSV fields, CRM properties) on
 * its way to the email:
 * - bidi control characters (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
 *   U+200E/U+200F/U+061C marks) are removed: they can reorder what a reader sees ("Trojan
 *   Source") and never belong in a digest; the caller reports that it removed them;
 * - text made only of invisible characters (zero-width space/joiners, word joiner, BOM, soft
 *   hyphen, whitespace) counts as empty, so a required title of `\u200B` is missing, not "".
 * Zero-width characters inside visible text stay: a zero-width joiner is part of many emoji.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const HAS_BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const INVISIBLE_ONLY = /^[\s\u00AD\u034F\u180E\u200B-\u200F\u2060-\u2064\uFEFF\u061C\u202A-\u202E\u2066-\u2069]*$/;

export interface CleanText {
  text: string;
  /** Bidi control characters were removed. */
  strippedBidi: boolean;
}

export function hasBidiControls(value: string): boolean {
  return HAS_BIDI.test(value);
}

export function isInvisible(value: string): boolean {
  return INVISIBLE_ONLY.test(value);
}

/** The cleaned, trimmed text ('' when only invisible characters remain). */
export function cleanText(value: string): CleanText {
  if (isInvisible(value)) return { text: '', strippedBidi: hasBidiControls(value) };
  if (!HAS_BIDI.test(value)) return { text: value.trim(), strippedBidi: false };
  return { text: value.replace(BIDI_CONTROLS, '').trim(), strippedBidi: true };
}

/** The message of the warning a source gives when it removed bidi control characters. */
export const BIDI_WARNING = 'invisible text-direction characters (bidi controls) removed; they could make the text read differently';
