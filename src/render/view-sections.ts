/** Digest sections → view rows: the scorecard, the lists, wins, sources, voice. */
import type { DigestItem, FixItem, KpiResult, SourceRow, Status, VoiceGroup, Win } from '../model/types.js';
import { DASH, parseIsoWeek, type Formatter } from './format.js';
import { bodyHref, clip, clipLines, cut, oneLine, teaser } from './safe.js';
import type { Strings } from './strings.js';
import type { ChartView, ItemView, KpiRowView, MoreView, Section, WinView } from './view-types.js';

export interface ViewContext {
  s: Strings;
  f: Formatter;
  /** The report week's ISO year, to tell `KW 45` from `KW 52/2025`. */
  year: number | undefined;
  /** The report week's Sunday (`2026-11-22`): an open fix due before it is overdue. */
  sunday: string | null;
}

/**
 * Lengths the email cuts to (the full text stays in digest.json and the sheet). The text part,
 * read without layout, gets a shorter teaser of a note's details: its first sentences (`teaser`).
 */
export const LIMITS = { title: 120, details: 140, textDetails: 60, meta: 140, name: 90, quote: 240, topic: 80, label: 60, kpiLabel: 40, highlight: 60 } as const;

/** Text presentation selector: keeps ✔ and ✖ from turning into colour emoji. */
const TEXT = '\uFE0E';
export const STATUS_SYMBOLS: Record<Status, string> = {
  on_track: `✔${TEXT}`,
  at_risk: '▲',
  off_track: `✖${TEXT}`,
  no_target: '○',
  no_data: '◌',
};
const STATUS_TONES: Record<Status, string> = { on_track: 'ok', at_risk: 'risk', off_track: 'off', no_target: 'none', no_data: 'none' };

/** Multi-line text (quotes): line breaks kept, cut to `max`; null when blank. */
const text = (v: string | null | undefined, max: number): string | null => {
  const t = v == null ? '' : clipLines(String(v), max);
  return t === '' ? null : t;
};
/** One-line text (titles, names, topics): line breaks become spaces, cut to `max`; null when blank. */
export const line = (v: string | null | undefined, max: number = LIMITS.title): string | null => (v == null ? null : clip(String(v), max) || null);
const joined = (parts: (string | null | undefined)[]): string | null => line(parts.filter((p) => p).join(' · '), LIMITS.meta);

export function kpiLabel(kpi: Pick<KpiResult, 'id' | 'label'>, s: Strings): string {
  return line(kpi.label, LIMITS.kpiLabel) ?? cut(kpi.id, LIMITS.kpiLabel);
}

export function kpiRow(kpi: KpiResult, { s, f }: ViewContext, chart: ChartView | null): KpiRowView {
  // The relative change, formatted as at a glance (`+64 %`); ratios in points, and the
  // absolute change where there is no relative one (a previous value of 0).
  let delta = DASH;
  if (typeof kpi.delta === 'number' && Number.isFinite(kpi.delta)) {
    const arrow = kpi.delta > 0 ? '↑' : kpi.delta < 0 ? '↓' : '→';
    const relative = kpi.unit !== 'ratio' && kpi.deltaRatio !== null;
    delta = `${arrow} ${relative ? f.change(kpi.deltaRatio) : f.delta(kpi.delta, kpi.unit)}`;
  }
  const mtd = kpi.mtd
    ? s.t('kpi.mtd', {
        value: f.value(kpi.mtd.value, kpi.unit),
        target: f.value(kpi.mtd.target, kpi.unit),
        expected: kpi.unit === 'count' ? f.value(Math.round(kpi.mtd.expected), kpi.unit) : f.value(kpi.mtd.expected, kpi.unit),
        pace: f.percent(kpi.mtd.pace, 0),
      })
    : null;
  const target = kpi.target === null ? null : s.t('kpi.target', { value: f.value(kpi.target, kpi.unit) });
  return {
    label: kpiLabel(kpi, s),
    value: f.value(kpi.value, kpi.unit),
    target,
    mtd,
    goal: [target, mtd].filter(Boolean).join(' · ') || null,
    delta,
    deltaText: delta === DASH ? null : delta,
    statusSymbol: STATUS_SYMBOLS[kpi.status] ?? '',
    statusWord: s.t(`status.${kpi.status}`),
    statusTone: STATUS_TONES[kpi.status] ?? 'none',
    chart,
  };
}

export function item(it: DigestItem, { s }: ViewContext): ItemView {
  const details = line(it.details, LIMITS.details);
  return {
    title: line(it.title) ?? DASH,
    details,
    textDetails: details && teaser(details, LIMITS.textDetails),
    meta: joined([codeLabel('team', it.team, s), it.author]),
    badge: null,
    badgeTone: null,
    href: bodyHref(it.link),
  };
}

export function fixItem(it: FixItem, ctx: ViewContext): ItemView {
  const { s, f } = ctx;
  const base = item(it, ctx);
  const owner = line(it.owner);
  return {
    ...base,
    meta: joined([
      base.meta,
      owner ? s.t('fixes.owner', { owner }) : null,
      it.due ? s.t('fixes.due', { date: f.date(it.due) }) : null,
      it.openSince && it.status !== 'done' ? openSince(it.openSince, ctx) : null,
    ]),
    ...badge(it, ctx),
  };
}

function badge(it: FixItem, { s, sunday }: ViewContext): Pick<ItemView, 'badge' | 'badgeTone'> {
  if (it.status === 'done') return { badge: `${STATUS_SYMBOLS.on_track} ${s.t('fixes.done')}`, badgeTone: 'ok' };
  if (it.due && sunday && it.due < sunday) return { badge: `${STATUS_SYMBOLS.off_track} ${s.t('fixes.overdue')}`, badgeTone: 'off' };
  return { badge: null, badgeTone: null };
}

/** `offen seit KW 45` / `open since week 45`, with the year when it is not the report's. */
function openSince(week: string, { s, year }: ViewContext): string {
  const w = parseIsoWeek(week);
  if (!w) return s.t('fixes.openSince', { week });
  return w.weekYear === year ? s.t('fixes.openSince', { week: w.weekNumber }) : s.t('fixes.openSinceWithYear', { week: w.weekNumber, year: w.weekYear });
}

/** A readable label for an open-ended code (`ORGANIC_SEARCH`, `call`), else the code itself. */
function codeLabel(prefix: string, code: string | null | undefined, s: Strings): string | null {
  const c = line(code);
  if (c === null) return null;
  return (/^\w+$/.test(c) ? s.maybe(`${prefix}.${c}`) : undefined) ?? c;
}

export const sourceLabel = (code: string | null | undefined, s: Strings) => codeLabel('sources.labels', code, s);

export function win(w: Win, { s, f }: ViewContext): WinView {
  const foreign = w.originalCurrency && w.originalCurrency !== w.currency && w.originalAmount !== null;
  return {
    name: line(w.name, LIMITS.name) ?? cut(w.id, LIMITS.name),
    amount: f.money(w.amount, w.currency),
    original: foreign ? f.money(w.originalAmount, w.originalCurrency!) : null,
    meta: joined([line(w.owner, LIMITS.name), sourceLabel(w.source, s)]),
  };
}

export function source(row: SourceRow, { s, f }: ViewContext) {
  return { label: line(sourceLabel(row.source, s), LIMITS.name) ?? DASH, sqls: f.count(row.sqls), won: f.count(row.dealsWon), revenue: f.money(row.revenueWon) };
}

export function voiceGroup(group: VoiceGroup, { s }: ViewContext) {
  return {
    topic: line(group.topic, LIMITS.topic) ?? DASH,
    quotes: group.quotes
      .map((q) => ({ quote: text(q.quote, LIMITS.quote), by: joined([line(q.author, LIMITS.name), codeLabel('voice.sources', q.source?.toLowerCase(), s)]) }))
      .filter((q): q is { quote: string; by: string | null } => q.quote !== null),
  };
}

export function section<T>(heading: string, emptyLine: string, rows: T[]): Section<T> {
  return { heading, empty: rows.length ? null : emptyLine, rows, more: null };
}

/** The first `max` rows, and the line that says where the rest is. */
export function capped<T>(heading: string, emptyLine: string, rows: T[], max: number, more: (count: number) => MoreView): Section<T> {
  const shown = section(heading, emptyLine, rows.slice(0, max));
  return { ...shown, more: rows.length > max ? more(rows.length - max) : null };
}
