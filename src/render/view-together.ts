/**
 * Digest → view for the parts that come from the Definitions and People tabs: the banner under
 * the header (a definition changed this week), the "Together" section (at most 4 entries), the
 * agreed definitions in the footer, and the scorecard's mark on metrics a change affects.
 * Pure; words from the locale strings, dates and numbers from the formatter.
 */
import { DateTime } from 'luxon';
import type { DefinitionEntry, Digest, KpiResult, PeopleEntry } from '../model/types.js';
import type { Formatter } from './format.js';
import { oneLine, safeHref } from './safe.js';
import type { Strings } from './strings.js';
import type { RenderContext } from './types.js';

/** Longest line of the banner and of the footer definitions (SPEC: at most 90 characters a line). */
export const LINE_MAX = 90;
/** Entries the email shows; digest.json keeps all of the two weeks. */
export const TOGETHER_MAX = 4;

export interface PersonView {
  kind: string;
  title: string;
  /** `Do., 19.11.2026 · Jürgen Weiß · 2 Plätze frei`; null when there is nothing to add. */
  meta: string | null;
  href: string | null;
  linkText: string;
}

export interface TogetherView {
  heading: string;
  rows: PersonView[];
  /** `und 2 weitere im Sheet`, linking to the People tab when the sheet URL (and its gid) are known. */
  more: { text: string; href: string | null } | null;
}

export interface TogetherParts {
  /** One line per changed term, each at most 90 characters; null when no definition changed. */
  banner: { lines: string[] } | null;
  together: TogetherView | null;
  /** The definitions in force, one line per term (at most 90 characters); null without any. */
  definitions: { heading: string; lines: string[] } | null;
}

/** A line cut to `max` characters (code points) with `…`. */
export function fitLine(text: string, max = LINE_MAX): string {
  const chars = [...oneLine(text)];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** `16.11.` / `16 Nov`: the day a definition holds from. */
function dayMonth(isoDate: string, locale: string, s: Strings): string {
  const d = DateTime.fromISO(isoDate, { zone: 'UTC' }).setLocale(locale);
  return d.isValid ? d.toFormat(s.t('format.dayMonth')) : isoDate;
}

function bannerLine(d: DefinitionEntry, locale: string, s: Strings): string {
  return fitLine(s.t('banner.definitionChanged', { date: dayMonth(d.from, locale, s), term: oneLine(d.term), definition: oneLine(d.definition) }));
}

/** `MQL: ab 65 Punkten Lead-Score (Timo Krüger)`; the definition is cut so the owner still fits. */
function definitionLine(d: DefinitionEntry, s: Strings): string {
  const owner = d.owner ? oneLine(d.owner) : '';
  const suffix = owner ? ` ${s.t('definitions.owner', { owner })}` : '';
  const full = s.t('definitions.line', { term: oneLine(d.term), definition: oneLine(d.definition) });
  if ([...full].length + [...suffix].length <= LINE_MAX) return full + suffix;
  if ([...suffix].length > LINE_MAX / 3) return fitLine(full); // a very long owner: leave it out
  return fitLine(full, LINE_MAX - [...suffix].length) + suffix;
}

/** The sheet URL pointing at one tab (`…/edit#gid=123`), or the sheet itself when the gid is unknown. */
export function sheetTabHref(sheetUrl: string | undefined, gid: number | undefined): string | null {
  const base = safeHref(sheetUrl);
  if (base === null || gid === undefined) return base;
  return `${base.replace(/#.*$/, '')}#gid=${gid}`;
}

function person(p: PeopleEntry, f: Formatter, s: Strings): PersonView {
  const when = p.when === null ? null : /^\d{4}-\d{2}-\d{2}$/.test(p.when) ? f.date(p.when) : oneLine(p.when) || null;
  const seats = p.seats === null ? null : p.seats === 0 ? s.t('together.bookedOut') : s.t('together.seats', { count: p.seats });
  const meta = [when, p.who ? oneLine(p.who) : null, seats].filter((x) => x).join(' · ');
  return {
    kind: s.t(`together.kinds.${p.kind}`),
    title: oneLine(p.title),
    meta: meta || null,
    href: safeHref(p.link),
    linkText: s.t('together.link'),
  };
}

export function togetherParts(digest: Digest, context: RenderContext, s: Strings, f: Formatter): TogetherParts {
  const changed = digest.definitions.filter((d) => d.changedThisWeek);
  const shown = digest.people.slice(0, TOGETHER_MAX);
  const rest = digest.people.length - shown.length;
  return {
    banner: changed.length ? { lines: changed.map((d) => bannerLine(d, digest.locale, s)) } : null,
    together: shown.length
      ? {
          heading: s.t('together.heading'),
          rows: shown.map((p) => person(p, f, s)),
          more: rest > 0 ? { text: s.t('together.more', { count: rest }), href: sheetTabHref(context.footer.sheetUrl, context.sheetGids?.people) } : null,
        }
      : null,
    definitions: digest.definitions.length
      ? { heading: s.t('definitions.heading'), lines: digest.definitions.map((d) => definitionLine(d, s)) }
      : null,
  };
}

/** The scorecard's mark on a metric whose definition changed this week (`Definition geändert: MQL`), else null. */
export function definitionMark(kpi: KpiResult, s: Strings): string | null {
  const terms = kpi.definitionChanged ?? [];
  return terms.length ? s.t('definitions.changed', { terms: terms.map(oneLine).join(', ') }) : null;
}
