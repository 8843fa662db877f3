/**
 * Locale strings: every word the reader sees that the Digest does not carry comes from
 * `templates/locales/<language>.json`. Keys are dotted paths into that file; a value may be a
 * plural object (`{ "one": "…", "other": "…" }`) chosen by `count`. Placeholders look like
 * `{name}`. An unknown key throws, so a typo in a template fails the tests, not the email.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DigestError } from '../errors.js';

import type { Language } from '../model/labels.js';

export { languageOf, type Language } from '../model/labels.js';
export const LANGUAGES: readonly Language[] = ['de', 'en'];

type Vars = Record<string, string | number>;
type Entry = string | { [key: string]: Entry };

export interface Strings {
  readonly language: Language;
  /** The string at `key`, placeholders filled; `count` (in `vars`) picks the plural form. */
  t(key: string, vars?: Vars): string;
  /** Like `t`, but undefined when the key is missing (for open-ended codes: lead sources). */
  maybe(key: string, vars?: Vars): string | undefined;
}

export function createStrings(language: Language, table: Record<string, Entry>): Strings {
  const plural = new Intl.PluralRules(language);
  const lookup = (key: string, vars: Vars): string | undefined => {
    let node: Entry | undefined = table;
    for (const part of key.split('.')) {
      if (typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
      node = node[part];
    }
    if (typeof node === 'object' && node !== null && typeof vars.count === 'number') {
      const form = plural.select(vars.count);
      node = Object.hasOwn(node, form) ? node[form] : node.other;
    }
    return typeof node === 'string' ? fill(node, vars) : undefined;
  };
  return {
    language,
    t(key, vars = {}) {
      const text = lookup(key, vars);
      if (text === undefined) throw new DigestError('TEMPLATE_INVALID', `locale "${language}" has no string "${key}"`);
      return text;
    },
    maybe: (key, vars = {}) => lookup(key, vars),
  };
}

/** One pass, so a value that itself contains `{x}` is never filled again. */
function fill(template: string, vars: Vars): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    if (!Object.hasOwn(vars, name)) throw new DigestError('TEMPLATE_INVALID', `string "${template}" needs {${name}}`);
    return String(vars[name]);
  });
}

export async function loadStrings(templatesDir: string): Promise<Record<Language, Strings>> {
  const entries = await Promise.all(
    LANGUAGES.map(async (lang) => {
      const file = join(templatesDir, 'locales', `${lang}.json`);
      const table = JSON.parse(await readFile(file, 'utf8')) as Record<string, Entry>;
      return [lang, createStrings(lang, table)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Language, Strings>;
}
