/**
 * The optional Forecast tab: `month`, `metric` (leads_new, mqls, sqls), `forecast`, optional
 * `note`. Marketing's estimate of what comes in this month. A month cell may be `2026-11`,
 * `11/2026`, `11.2026` or any date in the month (a date cell included). For a repeated
 * (month, metric) the later row wins (the model takes the last): marketing appends a revised
 * forecast below the first, which is a normal edit, not a data issue.
 */
import type { DataIssue, ForecastMetric, ForecastRow } from '../../model/types.js';
import { readDate, readNumber, text, type Cell, type DecimalStyle, type Read } from './cells.js';
import { eachRow, optionalTab, type IssueContext } from './row-reader.js';
import { FORECAST_COLUMNS, TEXT_LIMITS } from './layout.js';
import type { Tab } from './table.js';

export const FORECAST_METRICS: readonly ForecastMetric[] = ['leads_new', 'mqls', 'sqls'];

export function readMonth(cell: Cell, timezone: string): Read<string> {
  const raw = text(cell);
  const iso = /^(\d{4})-(\d{1,2})$/.exec(raw);
  const local = /^(\d{1,2})[./](\d{4})$/.exec(raw);
  const [year, month] = iso ? [iso[1]!, iso[2]!] : local ? [local[2]!, local[1]!] : [null, null];
  if (year !== null) {
    return +month! >= 1 && +month! <= 12 ? { value: `${year}-${month!.padStart(2, '0')}` } : { error: `"${raw}" is not a month` };
  }
  const date = readDate(cell, timezone);
  return date.error === undefined ? { value: date.value.slice(0, 7) } : { error: `"${raw}" is not a month (use 2026-11, 11/2026 or a date in the month)` };
}

export function parseForecastTab(tab: Tab | undefined, ctx: IssueContext & { timezone: string; decimalStyle: DecimalStyle }, issues: DataIssue[]): ForecastRow[] {
  const metric = (cell: Cell): Read<ForecastMetric> => {
    const id = text(cell).toLowerCase() as ForecastMetric;
    return FORECAST_METRICS.includes(id) ? { value: id } : { error: `unknown forecast metric "${text(cell)}" (use ${FORECAST_METRICS.join(', ')})` };
  };
  const amount = (cell: Cell): Read<number> => {
    const n = readNumber(cell, ctx.decimalStyle);
    return n.error === undefined && n.value < 0 ? { error: `forecast ${n.value} is negative` } : n;
  };
  // Optional, like Definitions and People: empty is absent, a broken header never blocks the send.
  return optionalTab(tab, issues, (own) => eachRow(tab, FORECAST_COLUMNS, ctx, own, (r, row): ForecastRow | null => {
    const month = r.required('month', (cell) => readMonth(cell, ctx.timezone));
    const m = r.required('metric', metric);
    const forecast = r.required('forecast', amount);
    if (month === null || m === null || forecast === null) return null;
    return { month, metric: m, forecast, note: r.optional('note', () => r.text('note', TEXT_LIMITS.details)), location: row.at('forecast') };
  }));
}
