/**
 * The three lists the digest is about: successes, changes and fixes, each combining the team
 * leads' notes with items the data speaks for itself (won deals, KPIs on target, movers,
 * off-track KPIs).
 */
import type { DigestItem, FixItem, KpiResult, NoteRow, Team, Win } from './types.js';
import type { ScoredKpi } from './kpis.js';
import { compareWeeks, shiftWeek } from './period.js';
import { words, languageOf } from './labels.js';
import type { Formatter } from './number-format.js';

interface ItemContext {
  week: string;
  locale: string;
  carryOverWeeks: number;
  teamOf: (kpiId: string) => Team | null;
  /** The product's number formatter for the digest's locale and currency. */
  format: Formatter;
}

function noteItem(note: NoteRow): DigestItem {
  return { origin: 'note', title: note.title, details: note.details, team: note.team, author: note.author, link: note.link, refId: null };
}

function kpiItem(kpi: KpiResult, details: string, ctx: ItemContext): DigestItem {
  return { origin: 'kpi', title: kpi.label, details, team: ctx.teamOf(kpi.id), author: null, link: null, refId: kpi.id };
}

function describeAgainstTarget(kpi: KpiResult, ctx: ItemContext): string {
  const w = words(languageOf(ctx.locale));
  const fmt = (v: number | null) => ctx.format.value(v, kpi.unit);
  if (kpi.target !== null) return `${fmt(kpi.value)} (${w.target} ${fmt(kpi.target)})`;
  if (kpi.mtd) return `${w.mtd}: ${fmt(kpi.mtd.value)} (${w.expected} ${fmt(kpi.mtd.expected)})`;
  return fmt(kpi.value);
}

function describeMove(kpi: KpiResult, ctx: ItemContext): string {
  const f = ctx.format;
  return `${f.value(kpi.previous, kpi.unit)} → ${f.value(kpi.value, kpi.unit)} (${f.change(kpi.deltaRatio)})`;
}

const hasTarget = (kpi: KpiResult) => kpi.target !== null || kpi.mtd !== null;

export function successes(wins: readonly Win[], scored: readonly ScoredKpi[], notes: readonly NoteRow[], ctx: ItemContext): DigestItem[] {
  const dealItems = wins.map((win): DigestItem => ({
    origin: 'deal',
    title: win.name,
    details: [win.amount === null ? null : ctx.format.money(win.amount), win.source].filter(Boolean).join(' · ') || null,
    team: 'sales',
    author: win.owner,
    link: null,
    refId: win.id,
  }));
  const kpiItems = scored
    .filter(({ kpi }) => kpi.status === 'on_track' && hasTarget(kpi))
    .map(({ kpi }) => kpiItem(kpi, describeAgainstTarget(kpi, ctx), ctx));
  const noteItems = notes.filter((n) => n.week === ctx.week && n.kind === 'success').map(noteItem);
  return [...dealItems, ...kpiItems, ...noteItems];
}

export function changes(scored: readonly ScoredKpi[], notes: readonly NoteRow[], ctx: ItemContext): DigestItem[] {
  const noteItems = notes.filter((n) => n.week === ctx.week && n.kind === 'change').map(noteItem);
  const movers = scored.filter((s) => s.moved).map(({ kpi }) => kpiItem(kpi, describeMove(kpi, ctx), ctx));
  return [...noteItems, ...movers];
}

/**
 * This week's fix notes, open fixes from the carry-over weeks before (W−8 … W−1 by default,
 * oldest first; done fixes never carry), then off-track KPIs.
 */
export function fixes(scored: readonly ScoredKpi[], notes: readonly NoteRow[], ctx: ItemContext): FixItem[] {
  const fixItem = (note: NoteRow, carried: boolean): FixItem => ({
    ...noteItem(note),
    owner: note.owner,
    due: note.due,
    openSince: carried ? note.week : null,
    status: note.status,
  });
  const firstCarried = shiftWeek(ctx.week, -ctx.carryOverWeeks);
  const current = notes.filter((n) => n.kind === 'fix' && n.week === ctx.week).map((n) => fixItem(n, false));
  const carried = notes
    .filter((n) => n.kind === 'fix' && n.status === 'open' && compareWeeks(n.week, firstCarried) >= 0 && compareWeeks(n.week, ctx.week) < 0)
    .sort((a, b) => compareWeeks(a.week, b.week))
    .map((n) => fixItem(n, true));
  const offTrack = scored
    .filter(({ kpi }) => kpi.status === 'off_track')
    .map(({ kpi }): FixItem => ({ ...kpiItem(kpi, describeAgainstTarget(kpi, ctx), ctx), owner: null, due: null, openSince: null, status: null }));
  return [...current, ...carried, ...offTrack];
}
