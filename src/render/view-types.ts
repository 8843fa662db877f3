/**
 * The view the templates read: every value already formatted and localized, so the templates
 * only place strings. Text values are plain text; the templates escape them. A section with
 * nothing to show has `empty` set (the one line it shows instead).
 */
import type { PlanningView, QualityView, TopicsView } from './view-planning.js';

export interface ChartView {
  cid: string;
  alt: string;
}

export interface KpiRowView {
  label: string;
  value: string;
  /** `Ziel 15`, or null when there is no weekly target. */
  target: string | null;
  /** `MTD 30 von 60 · erwartet 44 · Tempo 68 %`, or null. */
  mtd: string | null;
  /** `↑ +3 (+33 %)`, or `–` without a previous value. */
  delta: string;
  /** `↑ +3 (+33 %) ggü. Vorwoche` for the text part; null without a previous value. */
  deltaText: string | null;
  statusSymbol: string;
  statusWord: string;
  /** `ok`, `risk`, `off` or `none`: a CSS class; colour is never the only signal. */
  statusTone: string;
  chart: ChartView | null;
}

export interface ItemView {
  title: string;
  details: string | null;
  /** `Marketing · Anke`, `Verantwortlich: Jörg · fällig 30.11.2026 · offen seit KW 45`. */
  meta: string | null;
  /** `✔ erledigt` for a done fix. */
  badge: string | null;
  href: string | null;
}

export interface WinView {
  name: string;
  amount: string;
  /** `10.000 CHF` when the deal was in another currency. */
  original: string | null;
  meta: string | null;
}

export interface Section<T> {
  heading: string;
  empty: string | null;
  rows: T[];
}

export interface DigestView {
  lang: string;
  dir: 'ltr';
  docTitle: string;
  title: string;
  weekLine: string;
  summary: string;
  scorecard: Section<KpiRowView>;
  funnel: Section<{ label: string; count: string; conversion: string }> & { chart: ChartView | null };
  successes: Section<ItemView> & { wins: Section<WinView> | null };
  changes: Section<ItemView>;
  fixes: Section<ItemView> & { sla: Section<{ owner: string; count: string }> | null; quality?: QualityView | null };
  sources: Section<{ label: string; sqls: string; won: string; revenue: string }> & { topics?: TopicsView | null };
  /** "Planning together" (partials/planning.*.hbs); null when there is nothing to plan or show. */
  planning?: PlanningView | null;
  voice: Section<{ topic: string; quotes: { quote: string; by: string | null }[] }>;
  footer: {
    links: { href: string; text: string }[];
    nextMeeting: string | null;
    contact: { text: string; href: string | null } | null;
    why: string;
    unsubscribe: string | null;
    dataIssues: string | null;
  };
}
