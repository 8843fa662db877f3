/**
 * Digest → view: the one place that decides what each section shows, in which words, and
 * when a section has nothing to show. Pure; strings and formatting come in as inputs.
 */
import type { Digest } from '../model/types.js';
import { CRM_LABELS } from '../model/labels.js';
import type { InlineImage, RenderContext } from './types.js';
import { DASH, createFormatter, dateRange, meetingTime, parseIsoWeek, usableLocale, weekLabel } from './format.js';
import { isEmailAddress, oneLine, safeHref } from './safe.js';
import type { Strings } from './strings.js';
import type { ChartView, DigestView, Section } from './view-types.js';
import { fixItem, item, kpiLabel, kpiRow, source, voiceGroup, win, type ViewContext } from './view-sections.js';
import { planningView, qualityView, topicsView } from './view-planning.js';

/**
 * A chart that is planned (CID, file name, alt text) but not yet drawn: `draw()` rasterises it.
 * Render references charts by CID and draws only those the email uses, while MJML compiles.
 */
export interface PlannedImage extends Omit<InlineImage, 'content'> {
  draw(): Buffer;
}

/** Chart images to place; render only references them by CID and draws the ones it uses. */
export interface Charts {
  kpis?: Record<string, PlannedImage>;
  funnel?: PlannedImage;
  planning?: PlannedImage;
}

const SUBJECT_MAX = 90;
const FUNNEL_STEPS = ['leads_new', 'mqls', 'sqls', 'deals_created', 'deals_won'] as const;

export function summaryLine(digest: Digest, s: Strings): string {
  return [
    s.t('summary.successes', { count: digest.successes.length }),
    s.t('summary.changes', { count: digest.changes.length }),
    s.t('summary.fixes', { count: digest.fixes.length }),
  ].join(' · ');
}

/** `Titel · KW 47: 3 Erfolge · …`, the title shortened when the whole would pass ~90 characters. */
export function subjectLine(title: string, week: string, summary: string, s: Strings): string {
  const full = oneLine(title);
  const make = (t: string) => s.t('subject', { title: t, week, summary });
  const room = SUBJECT_MAX - make('').length;
  if (full.length <= room) return make(full);
  const cut = Math.max(room - 1, 12);
  return make(`${[...full].slice(0, cut).join('').trimEnd()}…`);
}

function section<T>(heading: string, emptyLine: string, rows: T[]): Section<T> {
  return { heading, empty: rows.length ? null : emptyLine, rows };
}

function chartView(image: PlannedImage | undefined, fallbackAlt: string): ChartView | null {
  return image ? { cid: image.cid, alt: oneLine(image.alt) || fallbackAlt } : null;
}

export function buildView(input: Digest, context: RenderContext, s: Strings, charts: Charts = {}): DigestView {
  const digest = { ...input, locale: usableLocale(input.locale) };
  const f = createFormatter(digest.locale, digest.currency, s);
  const year = parseIsoWeek(digest.week)?.weekYear;
  const ctx: ViewContext = { s, f, year };
  const week = weekLabel(digest.week, s);
  const summary = summaryLine(digest, s);
  const title = oneLine(digest.title) || s.t('header.defaultTitle');

  const scorecard = section(
    s.t('sections.scorecard'), s.t('empty.scorecard'),
    digest.kpis.map((k) => kpiRow(k, ctx, chartView(charts.kpis?.[k.id], s.t('charts.trendAlt', { label: kpiLabel(k, s) })))),
  );

  const counts = FUNNEL_STEPS.map((id) => digest.funnel[id]);
  const funnelRows = counts.every((n) => !n) ? [] : FUNNEL_STEPS.map((id, i) => {
    const prev = i > 0 ? counts[i - 1] : undefined;
    return {
      label: CRM_LABELS[s.language][id],
      count: f.count(counts[i]),
      conversion: i === 0 ? '' : prev ? f.percent((counts[i] ?? 0) / prev, 0) : DASH,
    };
  });

  const winIds = new Set(digest.wins.map((w) => w.id));
  const successItems = digest.successes.filter((it) => !(it.origin === 'deal' && it.refId !== null && winIds.has(it.refId)));
  const ownerLabel = ownerLabeller(digest);
  const wins = digest.wins.length ? section(s.t('sections.wins'), '', digest.wins.map((w) => win({ ...w, owner: ownerLabel(w.owner, w.ownerEmail) }, ctx))) : null;
  const successes = { ...section(s.t('sections.successes'), s.t('empty.successes'), successItems.map((it) => item(it, ctx))), wins };
  if (wins) successes.empty = null;

  const sla = digest.slaBreachesByOwner.length
    ? section(s.t('sections.sla'), '', digest.slaBreachesByOwner.map((r) => ({ owner: oneLine(ownerLabel(r.owner, r.email) ?? '') || DASH, count: f.count(r.count) })))
    : null;
  const quality = qualityView(digest.quality ?? null, { ...ctx, locale: digest.locale });
  const fixes = { ...section(s.t('sections.fixes'), s.t('empty.fixes'), digest.fixes.map((it) => fixItem(it, ctx))), sla, quality };
  if (sla || quality) fixes.empty = null;
  const topics = topicsView(digest.topics ?? null, { ...ctx, locale: digest.locale });

  const voice = section(s.t('sections.voice'), s.t('empty.voice'), digest.voice.map((g) => voiceGroup(g, ctx)).filter((g) => g.quotes.length));

  return {
    lang: s.language,
    dir: 'ltr',
    docTitle: `${title} · ${week}`,
    title,
    weekLine: `${week} · ${dateRange(digest.period.start, digest.period.end, digest.period.timezone, digest.locale, s)}`,
    summary,
    scorecard,
    funnel: { ...section(s.t('sections.funnel'), s.t('empty.funnel'), funnelRows), chart: funnelRows.length ? chartView(charts.funnel, s.t('charts.funnelAlt')) : null },
    successes,
    changes: section(s.t('sections.changes'), s.t('empty.changes'), digest.changes.map((it) => item(it, ctx))),
    fixes,
    planning: planningView(digest, { ...ctx, locale: digest.locale }, chartView(charts.planning, s.t('charts.planningAlt'))),
    sources: { ...section(s.t('sections.sources'), s.t('empty.sources'), digest.sources.map((r) => source(r, ctx))), topics },
    voice,
    footer: footer(digest, context, s),
  };
}

function footer(digest: Digest, context: RenderContext, s: Strings): DigestView['footer'] {
  const { sheetUrl, crmUrl, nextMeeting, contact } = context.footer;
  const links = [
    { href: safeHref(sheetUrl), text: s.t('footer.sheet') },
    { href: safeHref(crmUrl), text: s.t('footer.crm') },
  ].filter((l): l is { href: string; text: string } => l.href !== null);
  const who = contact ? oneLine(contact) : '';
  const issues = digest.dataIssues.length;
  return {
    links,
    nextMeeting: nextMeeting && oneLine(nextMeeting) ? s.t('footer.nextMeeting', { when: meetingTime(oneLine(nextMeeting), digest.period.timezone, digest.locale) }) : null,
    contact: who ? { text: who, href: isEmailAddress(who) ? `mailto:${who}` : null } : null,
    why: s.t('footer.why', { list: oneLine(context.listAddress) }),
    unsubscribe: safeHref(context.unsubscribeUrl),
    dataIssues: issues ? s.t('footer.dataIssues', { count: issues }) : null,
  };
}

/** Draws every chart image the view references, in order, for `RenderedDigest.images`. */
export function chartImages(charts: Charts, view: DigestView): InlineImage[] {
  const used = new Set<string>();
  for (const row of view.scorecard.rows) if (row.chart) used.add(row.chart.cid);
  if (view.funnel.chart) used.add(view.funnel.chart.cid);
  if (view.planning?.chart) used.add(view.planning.chart.cid);
  return [...Object.values(charts.kpis ?? {}), ...(charts.funnel ? [charts.funnel] : []), ...(charts.planning ? [charts.planning] : [])]
    .filter((img) => used.has(img.cid))
    .map(({ draw, ...image }) => ({ ...image, content: draw() }));
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
