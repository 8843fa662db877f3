/**
 * The highlights and the summary counts (SPEC "What the digest shows: read in one minute"):
 * the first N items of each of successes, changes and fixes, each with its figure formatted
 * once, and the counts of the preheader. Pure: the lists, the KPIs and the formatter come in.
 *
 * The changed definitions come in as the first items of `changes` (origin `definition`), the
 * capacity signal as its own input (null when the source cannot tell).
 */
import type { DigestItem, FixItem, Highlight, Highlights, KpiResult, Summary, Win } from './types.js';
import type { Formatter } from './number-format.js';
import { CRM_LABELS, type Language, plural, words } from './labels.js';
import { shownBacklogWeeks } from './capacity.js';

/** The sales-capacity signal, as far as the highlights need it. */
export interface CapacitySignal {
  status: 'bottleneck' | 'ok';
  backlogWeeks: number | null;
}

/** A definition term that changed in the report week (sheet order of its changing row). */
export interface HighlightsInput {
  wins: readonly Win[];
  /** In scorecard order. */
  kpis: readonly KpiResult[];
  /** KPI ids that moved (|deltaRatio| ≥ the mover threshold). */
  movers: ReadonlySet<string>;
  /** The digest's lists: notes in sheet order; fixes: the week's, then the carried ones oldest first. */
  successes: readonly DigestItem[];
  changes: readonly DigestItem[];
  fixes: readonly FixItem[];
  /** First-touch SLA breaches in the week (all owners). */
  slaBreaches: number;
  capacity: CapacitySignal | null;
  /** N = `highlights.perSection`. */
  perSection: number;
  format: Formatter;
  language: Language;
}

/**
 * What plays the part of attainment for ranking: the weekly attainment when the status comes
 * from a weekly target, else the MTD pace (turned round for lower-is-better, as the status is);
 * null when neither exists.
 */
export function rankingAttainment(kpi: KpiResult): number | null {
  if (kpi.target !== null) return kpi.attainment;
  if (kpi.mtd && kpi.mtd.pace !== null) {
    if (kpi.direction === 'lower') return kpi.mtd.pace === 0 ? null : 1 / kpi.mtd.pace;
    return kpi.mtd.pace;
  }
  return null;
}

/** Stable sort by a key; null keys last. */
function rankBy<T>(items: readonly T[], key: (item: T) => number | null, direction: 'asc' | 'desc'): T[] {
  return items
    .map((item, index) => ({ item, index, k: key(item) }))
    .sort((a, b) => {
      if (a.k === null || b.k === null) return a.k === null && b.k === null ? a.index - b.index : a.k === null ? 1 : -1;
      return (direction === 'asc' ? a.k - b.k : b.k - a.k) || a.index - b.index;
    })
    .map((x) => x.item);
}

/** Won deals: largest home-currency amount first, deals without an amount last, ties by earlier close time. */
export function rankWins(wins: readonly Win[]): Win[] {
  return wins
    .map((w, index) => ({ w, index, t: Date.parse(w.closedAt) }))
    .sort((a, b) => {
      if (a.w.amount === null || b.w.amount === null) {
        if (a.w.amount !== b.w.amount) return a.w.amount === null ? 1 : -1;
      } else if (a.w.amount !== b.w.amount) return b.w.amount - a.w.amount;
      return (a.t - b.t) || a.index - b.index;
    })
    .map((x) => x.w);
}

/** A KPI's figure: its value against the weekly target, or the MTD pace. */
export function kpiFigure(kpi: KpiResult, f: Formatter, language: Language): string {
  const w = words(language);
  if (kpi.target !== null) return `${f.value(kpi.value, kpi.unit)} (${w.target} ${f.value(kpi.target, kpi.unit)})`;
  if (kpi.mtd) return `${w.pace} ${f.percent(kpi.mtd.pace, 0)}`;
  return f.value(kpi.value, kpi.unit);
}

/** `1 Woche`, `1,8 Wochen`: the backlog rounded as the planning section shows it, the unit by its value. */
function backlogFigure(weeks: number | null, f: Formatter, language: Language): string | null {
  if (weeks === null) return null;
  const shown = shownBacklogWeeks(weeks);
  return `${f.count(shown)} ${plural(language, shown, words(language).weeks)}`;
}

const isNote = (it: DigestItem) => it.origin === 'note';
const isOpenFixNote = (it: FixItem) => isNote(it) && it.status !== 'done';

export function buildHighlights(input: HighlightsInput): { highlights: Highlights; summary: Summary } {
  const { format: f, language, perSection: n } = input;
  const w = words(language);
  const deal = (win: Win): Highlight => ({ origin: 'deal', title: win.name, refId: win.id, figure: win.amount === null ? null : f.money(win.amount) });
  const note = (it: DigestItem, figure: string | null = null): Highlight => ({ origin: 'note', title: it.title, refId: null, figure });
  const kpi = (k: KpiResult, figure: string): Highlight => ({ origin: 'kpi', title: k.label, refId: k.id, figure });

  const wins = rankWins(input.wins);
  const successNotes = input.successes.filter(isNote);
  const onTrack = rankBy(input.kpis.filter((k) => k.status === 'on_track'), rankingAttainment, 'desc');
  const successes: Highlight[] = [
    ...wins.slice(0, 1).map(deal),
    ...successNotes.map((it) => note(it)),
    ...wins.slice(1).map(deal),
    ...onTrack.map((k) => kpi(k, kpiFigure(k, f, language))),
  ];

  const changeNotes = input.changes.filter(isNote);
  // The changed definitions lead `changes` already (definitionChangeItem): their titles are `term: definition`.
  const definitions = input.changes.filter((it) => it.origin === 'definition');
  const movers = rankBy(input.kpis.filter((k) => input.movers.has(k.id)), (k) => (k.deltaRatio === null ? null : Math.abs(k.deltaRatio)), 'desc');
  const changes: Highlight[] = [
    ...definitions.map((it): Highlight => ({ origin: 'definition', title: it.title, refId: it.refId, figure: null })),
    ...changeNotes.map((it) => note(it)),
    ...movers.map((k) => kpi(k, f.change(k.deltaRatio))),
  ];

  const current = input.fixes.filter((it) => isOpenFixNote(it) && it.openSince === null);
  const carried = input.fixes.filter((it) => isOpenFixNote(it) && it.openSince !== null);
  const offTrack = rankBy(input.kpis.filter((k) => k.status === 'off_track'), rankingAttainment, 'asc');
  const bottleneck = input.capacity?.status === 'bottleneck';
  const fixes: Highlight[] = [
    ...(bottleneck ? [{ origin: 'capacity', title: w.capacity, refId: null, figure: backlogFigure(input.capacity!.backlogWeeks, f, language) } as Highlight] : []),
    ...[...current, ...carried].map((it) => note(it, it.due ? f.date(it.due) : null)),
    ...offTrack.map((k) => kpi(k, kpiFigure(k, f, language))),
    ...(input.slaBreaches > 0 ? [{ origin: 'sla', title: CRM_LABELS[language].first_touch_sla_breaches, refId: null, figure: f.count(input.slaBreaches) } as Highlight] : []),
  ];

  return {
    highlights: { successes: successes.slice(0, n), changes: changes.slice(0, n), fixes: fixes.slice(0, n) },
    summary: {
      successes: successNotes.length + input.wins.length,
      changes: changeNotes.length + definitions.length,
      fixes: current.length + carried.length + offTrack.length + (bottleneck ? 1 : 0) + (input.slaBreaches > 0 ? 1 : 0),
    },
  };
}
