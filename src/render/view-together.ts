/**
 * Digest → view for the parts that come from the Definitions and People tabs: the banner lines
 * under the header (a definition changed this week), section 10 "Together" (at most 4
 * entries), the agreed definitions in the footer, and the scorecard's mark on metrics a change
 * affects. Pure; words from the locale strings, dates from the formatter.
 */
import type { DefinitionEntry, Digest, KpiResult, PeopleEntry } from '../model/types.js';
import { dayMonth, type Formatter } from './format.js';
import { bodyHref, clip, oneLine } from './safe.js';
import type { Strings } from './strings.js';
import type { DefinitionsView, MoreView, PersonView, TogetherView } from './view-types.js';
import { capped, LIMITS } from './view-sections.js';

/** Longest line of the banner and of the footer definitions (SPEC: at most 90 characters a line). */
export const LINE_MAX = 90;
/**
 * An entry is one short paragraph, two or three lines on a phone (375 px): its title cut to 50
 * characters, then the meta with the name cut to 20 (the full text stays in digest.json and
 * the sheet). The maximal week's 4 entries then fit its 6,000 px budget.
 */
const TITLE_MAX = 50;
const WHO_MAX = 20;
/** Entries the email shows; digest.json keeps all of the two weeks. */
export const TOGETHER_MAX = 4;


/** One banner line per term that changed this week (`Neu seit 16.11.: MQL ab 65 Punkten`); the banner cuts each to LINE_MAX. */
export function definitionBannerLines(digest: Digest, s: Strings): string[] {
  return digest.definitions
    .filter((d) => d.changedThisWeek)
    .map((d) => s.t('banner.definitionChanged', { date: dayMonth(d.from, digest.locale, s), term: oneLine(d.term), definition: oneLine(d.definition) }));
}

/**
 * `MQL: ab 65 Punkten Lead-Score`, at most 90 characters. The owner is not repeated here (it
 * is in digest.json and on the change item): the footer stays short on a phone.
 */
function definitionLine(d: DefinitionEntry, s: Strings): string {
  return clip(s.t('definitions.line', { term: oneLine(d.term), definition: oneLine(d.definition) }), LINE_MAX);
}

/** The footer's agreed definitions in force, one line per term; null without any. */
export function definitionsView(digest: Digest, s: Strings): DefinitionsView | null {
  return digest.definitions.length ? { heading: s.t('definitions.heading'), lines: digest.definitions.map((d) => definitionLine(d, s)) } : null;
}

function person(p: PeopleEntry, f: Formatter, s: Strings): PersonView {
  const when = p.when === null ? null : /^\d{4}-\d{2}-\d{2}$/.test(p.when) ? f.date(p.when) : clip(p.when, LIMITS.name) || null;
  const seats = p.seats === null ? null : p.seats === 0 ? s.t('together.bookedOut') : s.t('together.seats', { count: p.seats });
  return {
    title: clip(p.title, TITLE_MAX),
    meta: [s.t(`together.kinds.${p.kind}`), when, p.who ? clip(p.who, WHO_MAX) : null, seats].filter((x) => x).join(' · '),
    href: bodyHref(p.link),
  };
}

/** Section 10: the first 4 entries and a line for the rest (`more` says where: the People tab); null without entries. */
export function togetherView(digest: Digest, s: Strings, f: Formatter, more: (count: number) => MoreView): TogetherView | null {
  if (!digest.people.length) return null;
  return capped(s.t('together.heading'), '', digest.people.map((p) => person(p, f, s)), TOGETHER_MAX, more);
}

/** The scorecard's mark on a metric whose definition changed this week (`MQL-Definition neu`), else null. */
export function definitionMark(kpi: KpiResult, s: Strings): string | null {
  const terms = kpi.definitionChanged ?? [];
  return terms.length ? s.t('definitions.changed', { terms: terms.map(oneLine).join(', ') }) : null;
}
