/**
 * The view the templates read: every value already formatted, localized and cut to length, so
 * the templates only place strings. Text values are plain text; the templates escape them. A
 * section with nothing to show has `empty` set (the one line it shows instead); an optional
 * section (`banner`, `planning`, `together`, `footer.definitions`) is null and renders nothing.
 */
import type { PlanningView, QualityView, TopicsView } from './view-planning.js';

export type { PlanningView, QualityView, TopicsView } from './view-planning.js';

export interface ChartView {
  cid: string;
  alt: string;
}

export interface KpiRowView {
  label: string;
  value: string;
  /** `Ziel 15`, or null when there is no weekly target. */
  target: string | null;
  /** `Monat bisher 30 von 60 · erwartet 44 · Tempo 68 %`, or null. */
  mtd: string | null;
  /** Target and MTD on one line (`Ziel 15 · Monat bisher …`), or null when there is neither. */
  goal: string | null;
  /** `↑ +3 (+33 %)`, or `–` without a previous value. */
  delta: string;
  /** `↑ +3 (+33 %) ggü. Vorwoche` for the text part; null without a previous value. */
  deltaText: string | null;
  statusSymbol: string;
  statusWord: string;
  /** `ok`, `risk`, `off` or `none`: a CSS class; colour is never the only signal. */
  statusTone: string;
  chart: ChartView | null;
  /** `MQL-Definition neu` in the week a definition the metric depends on changed; else null (set by the view model). */
  definitionChanged?: string | null;
}

export interface ItemView {
  title: string;
  /** At most 140 characters, on one line. */
  details: string | null;
  /** The details for the plain-text part: the whole sentences that fit in `LIMITS.textDetails` characters, then ` …`. */
  textDetails: string | null;
  /** `Marketing · Anke`, `Verantwortlich: Jörg · fällig 30.11.2026 · offen seit KW 45`. */
  meta: string | null;
  /** `✔ erledigt` for a done fix, `überfällig` for an overdue one. */
  badge: string | null;
  badgeTone: string | null;
  href: string | null;
}

export interface WinView {
  name: string;
  amount: string;
  /** `10.000 CHF` when the deal was in another currency. */
  original: string | null;
  meta: string | null;
}

/** The line after a capped list: `und 4 weitere im Sheet`, linked when the sheet or CRM URL is known. */
export interface MoreView {
  text: string;
  href: string | null;
}

export interface Section<T> {
  heading: string;
  empty: string | null;
  rows: T[];
  more: MoreView | null;
}

/** One highlight: its title cut to 60 characters, and its figure. */
export interface HighlightView {
  title: string;
  figure: string | null;
}

export interface GlanceGroup {
  /** `successes`, `changes` or `fixes`: a CSS class (`glance-successes`). */
  key: string;
  /** `Erfolge · 7` */
  label: string;
  symbol: string;
  rows: HighlightView[];
  /** `nichts Neues` when the group has no highlight. */
  none: string | null;
}

/** A banner line under the header (at most 90 characters): a changed definition, an open week, incomplete sources. */
export interface BannerView {
  lines: string[];
}

export interface PersonView {
  title: string;
  /** `Hospitation · 19.11.2026 · Jürgen Weiß · 2 Plätze frei`: the kind, then what is known. */
  meta: string;
  href: string | null;
}

/** Section 10, "Miteinander" (People tab): at most 4 entries, `und 2 weitere im Sheet` linking to the tab. Partials: `partials/together.{mjml,text}.hbs`. */
export type TogetherView = Section<PersonView>;

/** The agreed definitions in the footer, one line per term (at most 90 characters). */
export interface DefinitionsView {
  heading: string;
  lines: string[];
}

export interface DigestView {
  lang: string;
  dir: 'ltr';
  docTitle: string;
  /** The hidden preheader: the summary counts. */
  preheader: string;
  header: { title: string; weekLine: string };
  banner: BannerView | null;
  glance: { heading: string; groups: GlanceGroup[]; funnel: string | null };
  scorecard: Section<KpiRowView>;
  planning: PlanningView | null;
  successes: Section<ItemView> & { wins: Section<WinView> | null };
  changes: Section<ItemView>;
  fixes: Section<ItemView> & { sla: Section<{ owner: string; count: string }> | null; quality: QualityView | null };
  sources: Section<{ label: string; sqls: string; won: string; revenue: string }> & { topics: TopicsView | null };
  voice: Section<{ topic: string; quotes: { quote: string; by: string | null }[] }>;
  together: TogetherView | null;
  footer: {
    links: { href: string; text: string }[];
    nextMeeting: string | null;
    contact: { text: string; href: string | null } | null;
    why: string;
    unsubscribe: string | null;
    dataIssues: string | null;
    definitions: DefinitionsView | null;
  };
}
