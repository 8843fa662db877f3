/**
 * Digest → view: the one place that decides what each section shows, in which words, how long
 * each list gets, and when a section has nothing to show. Pure; strings and formatting come in
 * as inputs.
 *
 * Every figure once: outside the compact scorecard a KPI's figures appear only at a glance (the
 * highlights' figures, formatted once by the model) and in the funnel line; sections 5–11 show
 * notes, deals and SLA breaches, never a KPI item (those stay in digest.json).
 */
import { DateTime } from 'luxon';
import type { Digest, DigestItem, Highlight } from '../model/types.js';
import { rankWins } from '../model/highlights.js';
import type { InlineImage, RenderContext, SheetTab } from './types.js';
import { createFormatter, dateRange, meetingTime, parseIsoWeek, usableLocale, weekLabel } from './format.js';
import { clip, cut, isEmailAddress, oneLine, safeHref, bodyHref } from './safe.js';
import type { Strings } from './strings.js';
import type { ChartView, DigestView, GlanceGroup, MoreView } from './view-types.js';
import { capped, fixItem, item, kpiLabel, kpiRow, LIMITS, line, section, source, voiceGroup, win, type ViewContext } from './view-sections.js';
import { definitionBannerLines, definitionMark, definitionsView, LINE_MAX, togetherView } from './view-together.js';
import { planningView, qualityView, topicsView } from './view-planning.js';

/**
 * A chart that is planned (CID, file name, alt text) but not yet drawn: `draw()` rasterises it.
 * Render references charts by CID and draws only those the email uses.
 */
export interface PlannedImage extends Omit<InlineImage, 'content'> {
  draw(): Buffer;
}

/** Chart images to place; render only references them by CID and draws the ones it uses. */
export interface Charts {
  kpis?: Record<string, PlannedImage>;
  /** Drawn for tools and the preview; the email shows the funnel as one line at a glance. */
  funnel?: PlannedImage;
  planning?: PlannedImage;
}

/** Gmail and most clients show about this much of a subject; the SPEC's limit. */
export const SUBJECT_MAX = 78;
/** The digest title's share of a subject that carries a highlight. */
const SUBJECT_TITLE_MAX = 32;
/** Lists the SPEC caps at fixed lengths. */
const CAPS = { sources: 5, sla: 5 } as const;
const DEFAULT_MAX_ITEMS = 3;

export function summaryLine(digest: Digest, s: Strings): string {
  return [
    s.t('summary.successes', { count: digest.summary.successes }),
    s.t('summary.changes', { count: digest.summary.changes }),
    s.t('summary.fixes', { count: digest.summary.fixes }),
  ].join(' · ');
}

/**
 * The subject names the week and carries the week's top success with its figure
 * (`Marketing & Sales · KW 47: Müller Maschinenbau – Jahreslizenz (48.000 €)`): a concrete
 * subject tells a reader why to open it, and the preheader right after it carries the counts.
 * Without any success it carries the counts. At most `SUBJECT_MAX` characters: the title is
 * cut first (to `SUBJECT_TITLE_MAX`), then the highlight's title; the figure is never cut.
 */
export function subjectLine(digest: Digest, title: string, week: string, summary: string, s: Strings): string {
  const top = digest.highlights.successes[0];
  const fullTitle = clip(title, 200);
  if (!top) {
    const make = (t: string) => s.t('subject.counts', { title: t, week, summary });
    return fit(fullTitle, (t) => make(t), SUBJECT_MAX);
  }
  const shortTitle = [...fullTitle].length + 40 > SUBJECT_MAX ? cut(fullTitle, SUBJECT_TITLE_MAX) : fullTitle;
  const name = clip(top.title, 200);
  const make = (n: string) => s.t('subject.highlight', {
    title: shortTitle, week,
    highlight: top.figure ? s.t('subject.withFigure', { title: n, figure: top.figure }) : n,
  });
  return fit(name, make, SUBJECT_MAX);
}

/** `make(text)` with `text` cut so the whole stays within `max` characters (when it can). */
function fit(text: string, make: (t: string) => string, max: number): string {
  const whole = make(text);
  if ([...whole].length <= max) return whole;
  const room = max - [...make('')].length;
  return make(cut(text, Math.max(room, 8)));
}

function chartView(image: PlannedImage | undefined, fallbackAlt: string): ChartView | null {
  return image ? { cid: image.cid, alt: oneLine(image.alt) || fallbackAlt } : null;
}

/** The sheet URL pointing at one tab (`#gid=…`) when its gid is known. */
export function sheetTabUrl(sheetUrl: string | undefined, gid: number | undefined): string | null {
  const href = bodyHref(sheetUrl);
  if (href === null || gid === undefined) return href;
  try {
    const url = new URL(href);
    url.hash = `gid=${gid}`;
    return url.toString();
  } catch {
    return href;
  }
}

/** The Sunday of the period (its last day), as an ISO date in the period's zone. */
function sundayOf(digest: Digest): string | null {
  const last = DateTime.fromISO(digest.period.end, { zone: digest.period.timezone }).minus({ days: 1 });
  return last.isValid ? last.toISODate() : null;
}

export function buildView(input: Digest, context: RenderContext, s: Strings, charts: Charts = {}): DigestView {
  const digest = { ...input, locale: usableLocale(input.locale) };
  const f = createFormatter(digest.locale, digest.currency, s);
  const ctx: ViewContext = { s, f, year: parseIsoWeek(digest.week)?.weekYear, sunday: sundayOf(digest) };
  const week = weekLabel(digest.week, s);
  const title = line(digest.title, LIMITS.title) ?? s.t('header.defaultTitle');
  const max = context.sections?.maxItems ?? DEFAULT_MAX_ITEMS;
  const gids = context.sheetGids ?? {};
  const inSheet = (tab: SheetTab) => (count: number): MoreView => ({ text: s.t('more.sheet', { count }), href: sheetTabUrl(context.footer.sheetUrl, gids[tab]) });
  const inCrm = (count: number): MoreView => ({ text: s.t('more.crm', { count }), href: bodyHref(context.footer.crmUrl) });
  const notes = <T extends DigestItem>(items: readonly T[]) => items.filter((it) => it.origin === 'note');

  const scorecard = section(
    s.t('sections.scorecard'), s.t('empty.scorecard'),
    digest.kpis.map((k) => ({ ...kpiRow(k, ctx, chartView(charts.kpis?.[k.id], s.t('charts.trendAlt', { label: kpiLabel(k, s) }))), definitionChanged: definitionMark(k, s) })),
  );

  const ownerLabel = ownerLabeller(digest);
  const wins = digest.wins.length ? capped(s.t('sections.wins'), '', rankWins(digest.wins).map((w) => win({ ...w, owner: ownerLabel(w.owner, w.ownerEmail) }, ctx)), max, inCrm) : null;
  const successes = { ...capped(s.t('sections.successes'), s.t('empty.successes'), notes(digest.successes).map((it) => item(it, ctx)), max, inSheet('notes')), wins };
  if (wins) successes.empty = null;

  const sla = digest.slaBreachesByOwner.length
    ? capped(s.t('sections.sla'), '', digest.slaBreachesByOwner.map((r) => ({ owner: line(ownerLabel(r.owner, r.email), LIMITS.name) ?? '–', count: f.count(r.count) })), CAPS.sla, inCrm)
    : null;
  const quality = qualityView(digest.quality ?? null, { ...ctx, locale: digest.locale });
  const fixes = { ...capped(s.t('sections.fixes'), s.t('empty.fixes'), notes(digest.fixes).map((it) => fixItem(it, ctx)), max, inSheet('notes')), sla, quality };
  if (sla || quality) fixes.empty = null;
  const topics = topicsView(digest.topics ?? null, { ...ctx, locale: digest.locale });

  return {
    lang: s.language,
    dir: 'ltr',
    docTitle: `${title} · ${week}`,
    preheader: summaryLine(digest, s),
    header: { title, weekLine: `${week} · ${dateRange(digest.period.start, digest.period.end, digest.period.timezone, digest.locale, s)}` },
    banner: banner([...definitionBannerLines(digest, s), ...statusBannerLines(digest, s, week)]),
    glance: glance(digest, s, f),
    scorecard,
    planning: planningView(digest, { ...ctx, locale: digest.locale }, chartView(charts.planning, s.t('charts.planningAlt'))),
    successes,
    // Definition changes, then change notes (SPEC section 6); the rest line counts both, linking to the notes.
    changes: capped(s.t('sections.changes'), s.t('empty.changes'), digest.changes.filter((it) => it.origin === 'definition' || it.origin === 'note').map((it) => item(it, ctx)), max, inSheet('notes')),
    fixes,
    sources: { ...capped(s.t('sections.sources'), s.t('empty.sources'), digest.sources.map((r) => source(r, ctx)), CAPS.sources, inCrm), topics },
    voice: voice(digest, ctx, max, inSheet('voice')),
    together: togetherView(digest, s, f, inSheet('people')),
    footer: { ...footer(digest, context, s), definitions: definitionsView(digest, s) },
  };
}

/** Quotes capped across topics (topic headings are not counted); topics keep their order. */
function voice(digest: Digest, ctx: ViewContext, max: number, more: (count: number) => MoreView): DigestView['voice'] {
  const groups = digest.voice.map((g) => voiceGroup(g, ctx)).filter((g) => g.quotes.length);
  const total = groups.reduce((n, g) => n + g.quotes.length, 0);
  let room = max;
  const shown = [];
  for (const g of groups) {
    if (room <= 0) break;
    shown.push({ ...g, quotes: g.quotes.slice(0, room) });
    room -= Math.min(room, g.quotes.length);
  }
  return { ...section(ctx.s.t('sections.voice'), ctx.s.t('empty.voice'), shown), more: total > max ? more(total - max) : null };
}

const GLANCE_SYMBOLS = { successes: '✔\uFE0E', changes: '↔\uFE0E', fixes: '✖\uFE0E' } as const;

function glance(digest: Digest, s: Strings, f: ReturnType<typeof createFormatter>): DigestView['glance'] {
  const row = (h: Highlight) => ({ title: clip(h.title, LIMITS.highlight) || '–', figure: h.figure });
  const groups: GlanceGroup[] = (['successes', 'changes', 'fixes'] as const).map((key) => ({
    key,
    label: s.t(`summary.${key}`, { count: digest.summary[key] }),
    symbol: GLANCE_SYMBOLS[key],
    rows: digest.highlights[key].map(row),
    none: digest.highlights[key].length ? null : s.t('glance.none'),
  }));
  const n = digest.funnel;
  const revenueKpi = digest.kpis.find((k) => k.id === 'revenue_won');
  const revenue = revenueKpi ? revenueKpi.value : digest.wins.reduce((sum, w) => sum + (w.amount ?? 0), 0);
  const funnel = [n.leads_new, n.mqls, n.sqls, n.deals_won].every((v) => !v) ? null : s.t('glance.funnel', {
    leads: f.count(n.leads_new), mqls: f.count(n.mqls), sqls: f.count(n.sqls), won: f.count(n.deals_won), revenue: f.money(revenue),
  });
  return { heading: s.t('glance.heading'), groups, funnel };
}

function footer(digest: Digest, context: RenderContext, s: Strings): DigestView['footer'] {
  const { sheetUrl, crmUrl, nextMeeting, contact } = context.footer;
  const links = [
    { href: bodyHref(sheetUrl), text: s.t('footer.sheet') },
    { href: bodyHref(crmUrl), text: s.t('footer.crm') },
  ].filter((l): l is { href: string; text: string } => l.href !== null);
  const who = contact ? line(contact, LIMITS.name) ?? '' : '';
  const issues = digest.dataIssues.length;
  const meeting = nextMeeting ? line(nextMeeting, LIMITS.title) : null;
  return {
    links,
    nextMeeting: meeting ? s.t('footer.nextMeeting', { when: meetingTime(meeting, digest.period.timezone, digest.locale) }) : null,
    contact: who ? { text: who, href: isEmailAddress(who) ? `mailto:${who}` : null } : null,
    why: s.t('footer.why', { list: clip(context.listAddress, 200) }),
    unsubscribe: safeHref(context.unsubscribeUrl),
    dataIssues: issues ? s.t('footer.dataIssues', { count: issues }) : null,
    definitions: null,
  };
}

/** Draws every chart image the view references, in order, for `RenderedDigest.images`. */
export function chartImages(charts: Charts, view: DigestView): InlineImage[] {
  const used = new Set<string>();
  for (const row of view.scorecard.rows) if (row.chart) used.add(row.chart.cid);
  if (view.planning?.chart) used.add(view.planning.chart.cid);
  return [...Object.values(charts.kpis ?? {}), ...(charts.funnel ? [charts.funnel] : []), ...(charts.planning ? [charts.planning] : [])]
    .filter((img) => used.has(img.cid))
    .map(({ draw, ...image }) => ({ ...image, content: draw() }));
}

/** The banner under the header: its lines, each at most LINE_MAX characters, or null when there are none. */
function banner(lines: string[]): { lines: string[] } | null {
  return lines.length ? { lines: lines.map((l) => clip(l, LINE_MAX)) } : null;
}

/** The header's banner lines that come from how the digest was made: an open week, incomplete sources sent anyway. */
function statusBannerLines(digest: Digest, s: Strings, week: string): string[] {
  const lines: string[] = [];
  if (!digest.status.weekComplete) lines.push(s.t('banner.openWeek', { week }));
  if (digest.status.allowedIncomplete) lines.push(s.t('banner.incomplete', { count: Math.max(1, digest.status.incompleteSources.length) }));
  return lines;
}

/**
 * Owners are told apart by id: a name that stands for two owners in this digest (wins, SLA
 * rows) is shown with the owner's e-mail, `Jürgen Müller (j.mueller@example.com)`.
 */
function ownerLabeller(digest: Digest): (name: string | null, email: string | null | undefined) => string | null {
  const idsByName = new Map<string, Set<string | null>>();
  const refs = [...digest.wins.map((w) => [w.owner, w.ownerId] as const), ...digest.slaBreachesByOwner.map((r) => [r.owner, r.ownerId] as const)];
  for (const [name, id] of refs) if (name !== null) idsByName.set(name, (idsByName.get(name) ?? new Set()).add(id ?? null));
  return (name, email) => (name !== null && email && (idsByName.get(name)?.size ?? 0) > 1 ? `${name} (${email})` : name);
}
