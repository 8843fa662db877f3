/**
 * The sheet tabs (KPIs, Targets, Notes, Voice; the optional Definitions and People) from cell grids to records. Shared by the
 * files source (CSV) and the Google Sheets source. A bad row becomes a data issue naming tab,
 * row and column; the rest of the tab is still used.
 */
import type { DataIssue, KpiRow, NoteRow, SheetRecords, SourceResult, TargetRow, Unit, VoiceRow } from '../../model/types.js';
import { allowsMonthlyTarget, isCrmMetric } from '../../model/metric-catalog.js';
import { fold, readDate, readLink, readNumber, readWeek, text, type Cell, type DecimalStyle, type Read } from './cells.js';
import type { Tab } from './table.js';
import { eachRow } from './row-reader.js';
import { KPI_COLUMNS, NOTE_COLUMNS, TARGET_COLUMNS, VOICE_COLUMNS, KIND_ALIASES, TEAM_ALIASES, STATUS_ALIASES, PERIOD_ALIASES, TEXT_LIMITS, PEOPLE_KIND_ALIASES } from './layout.js';
import { parseDefinitions, parsePeople } from './definitions-people.js';
import { parseForecastTab } from './forecast.js';

export interface SheetContext {
  timezone: string;
  decimalStyle: DecimalStyle;
  /** Every metric id the digest knows (CRM and manual), with its unit. */
  metrics: ReadonlyMap<string, Unit>;
  source: DataIssue['source'];
}

export interface SheetTabs {
  kpis?: Tab;
  targets?: Tab;
  notes?: Tab;
  voice?: Tab;
  /** Optional tabs: absent means no rows, never an incomplete digest. */
  definitions?: Tab;
  people?: Tab;
  /** Optional: a missing Forecast tab leaves the forecast out, it never makes the digest incomplete. */
  forecast?: Tab;
}

export function alias<T extends string>(table: Record<T, string[]>, what: string) {
  return (cell: Cell): Read<T> => {
    const value = fold(text(cell));
    for (const [key, names] of Object.entries(table) as [T, string[]][]) {
      if (fold(key) === value || names.map(fold).includes(value)) return { value: key };
    }
    return { error: `unknown ${what} "${text(cell)}" (use ${Object.keys(table).join(', ')})` };
  };
}

export function parseSheetTabs(tabs: SheetTabs, ctx: SheetContext): SourceResult<SheetRecords> {
  const issues: DataIssue[] = [];
  const week = (cell: Cell) => readWeek(cell, ctx.timezone);
  const date = (cell: Cell) => readDate(cell, ctx.timezone);
  /** A tab's numbers in its own decimal mark when it has one (a CSV file), else the source's. */
  const numberIn = (tab: Tab | undefined) => (cell: Cell) => readNumber(cell, tab?.decimalStyle ?? ctx.decimalStyle);
  const metric = (cell: Cell): Read<string> => {
    const id = text(cell);
    if (ctx.metrics.has(id)) return { value: id };
    const folded = [...ctx.metrics.keys()].find((m) => m.toLowerCase() === id.toLowerCase());
    return folded ? { value: folded } : { error: `unknown metric "${id}" (declare it under kpis in the config)` };
  };

  // A checkbox in the status column (Sheets API booleans): ticked = done.
  const statusWord = alias(STATUS_ALIASES, 'status');
  const status = (cell: Cell): Read<NoteRow['status']> => (typeof cell === 'boolean' ? { value: cell ? 'done' : 'open' } : statusWord(cell));

  const kpiNumber = numberIn(tabs.kpis);
  const kpiRows = eachRow(tabs.kpis, KPI_COLUMNS, ctx, issues, (r, row): KpiRow | null => {
    const w = r.required('week', week);
    const m = r.required('metric', metric);
    if (m !== null && isCrmMetric(m)) {
      r.problem('metric', `"${m}" is computed from the CRM; put its targets into the Targets tab; the row is skipped`);
    }
    const value = r.required('value', kpiNumber);
    let target = r.optional('target', kpiNumber);
    if (m !== null && value !== null && value < 0 && ctx.metrics.get(m) === 'count') {
      r.problem('value', `${value} is negative, which a count cannot be; the row is skipped`);
    }
    // As in the Targets tab: a negative target cannot be rated (a negative value would be "on track").
    if (target !== null && target < 0) {
      r.problem('target', `target ${target} is negative; the cell is ignored`, 'warning');
      target = null;
    }
    if (w === null || m === null || value === null) return null;
    return { week: w, metric: m, value, target, location: row.at('value') };
  });
  const kpis = dedupeKpis(kpiRows, ctx, issues);

  const targetNumber = numberIn(tabs.targets);
  const targets = eachRow(tabs.targets, TARGET_COLUMNS, ctx, issues, (r, row): TargetRow | null => {
    const m = r.required('metric', metric);
    const period = r.required('period', alias(PERIOD_ALIASES, 'period'));
    const from = r.required('from', date);
    const target = r.required('target', targetNumber);
    if (m === null || period === null || from === null || target === null) return null;
    const unit = ctx.metrics.get(m)!;
    if (period === 'month' && !allowsMonthlyTarget(unit)) {
      r.problem('period', `a monthly target needs a count or money metric; "${m}" is a ${unit}; the row is skipped`);
    }
    if (target < 0) r.problem('target', `target ${target} is negative; the row is skipped`);
    return { metric: m, period, from, target, location: row.at('metric') };
  });

  const notes = eachRow(tabs.notes, NOTE_COLUMNS, ctx, issues, (r, row): NoteRow | null => {
    const w = r.required('week', week);
    const kind = r.required('kind', alias(KIND_ALIASES, 'kind'));
    const team = r.optional('team', alias(TEAM_ALIASES, 'team'));
    if (!row.has('team')) r.problem('team', 'no team given; counted as both teams', 'warning');
    const author = r.optional('author', () => r.text('author', TEXT_LIMITS.name));
    const title = r.required('title', () => r.text('title', TEXT_LIMITS.title));
    if (w === null || kind === null || title === null) return null;
    return {
      week: w, kind, team: team ?? 'both', author, title,
      details: r.optional('details', () => r.text('details', TEXT_LIMITS.details)),
      link: r.optional('link', readLink),
      owner: r.optional('owner', () => r.text('owner', TEXT_LIMITS.name)),
      due: r.optional('due', date),
      status: r.optional('status', status) ?? 'open',
      location: row.at('title'),
    };
  });

  const voice = eachRow(tabs.voice, VOICE_COLUMNS, ctx, issues, (r, row): VoiceRow | null => {
    const w = r.required('week', week);
    const topic = r.required('topic', () => r.text('topic', TEXT_LIMITS.name));
    const quote = r.required('quote', () => r.text('quote', TEXT_LIMITS.quote));
    if (!row.has('author')) r.problem('author', 'no author given', 'warning');
    const author = r.optional('author', () => r.text('author', TEXT_LIMITS.name));
    if (w === null || topic === null || quote === null) return null;
    return { week: w, topic, quote, author, source: r.optional('source', () => r.text('source', TEXT_LIMITS.name)), location: row.at('quote') };
  });

  const definitions = parseDefinitions(tabs.definitions, ctx, issues);
  const people = parsePeople(tabs.people, ctx, issues, alias(PEOPLE_KIND_ALIASES, 'kind'));
  const forecast = parseForecastTab(tabs.forecast, { source: ctx.source, timezone: ctx.timezone, decimalStyle: tabs.forecast?.decimalStyle ?? ctx.decimalStyle }, issues);

  return { records: { kpis, targets, notes, voice, definitions, people, forecast, tabGids: {} }, issues };
}

/** A duplicate (week, metric) row is a data issue; the later row wins. */
function dedupeKpis(rows: KpiRow[], ctx: SheetContext, issues: DataIssue[]): KpiRow[] {
  const byKey = new Map<string, KpiRow>();
  for (const row of rows) {
    const key = `${row.week}|${row.metric}`;
    const earlier = byKey.get(key);
    if (earlier) {
      issues.push({
        source: ctx.source, location: row.location, severity: 'warning',
        message: `duplicate value for ${row.metric} in ${row.week} (also at ${earlier.location}); this later row is used`,
      });
      byKey.delete(key);
    }
    byKey.set(key, row);
  }
  return [...byKey.values()];
}
