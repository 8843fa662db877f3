/**
 * The two optional tabs, Definitions and People, from cell grids to records (shared by the
 * files and the Google Sheets source, like the other tabs). A missing tab yields no rows and no
 * issue; a bad row is a data issue at its A1 location.
 */
import type { DataIssue, DefinitionRow, PeopleRow } from '../../model/types.js';
import { readDate, readLink, readWeek, text, type Cell, type Read } from './cells.js';
import { DEFINITION_COLUMNS, PEOPLE_COLUMNS, TEXT_LIMITS } from './layout.js';
import { eachRow, optionalTab } from './row-reader.js';
import type { Tab } from './table.js';

interface TabContext {
  timezone: string;
  source: DataIssue['source'];
}

/** The kind column's reader (the alias table `PEOPLE_KIND_ALIASES`, passed in by `parseSheetTabs`). */
type KindReader = (cell: Cell) => Read<PeopleRow['kind']>;


export function parseDefinitions(tab: Tab | undefined, ctx: TabContext, issues: DataIssue[]): DefinitionRow[] {
  return optionalTab(tab, issues, (own) => eachRow(tab, DEFINITION_COLUMNS, ctx, own, (r, row): DefinitionRow | null => {
    const term = r.required('term', () => r.text('term', TEXT_LIMITS.name));
    const definition = r.required('definition', () => r.text('definition', TEXT_LIMITS.details));
    const from = r.required('from', (cell) => readDate(cell, ctx.timezone));
    if (term === null || definition === null || from === null) return null;
    return { term, definition, from, owner: r.optional('owner', () => r.text('owner', TEXT_LIMITS.name)), location: row.at('term') };
  }));
}

export function parsePeople(tab: Tab | undefined, ctx: TabContext, issues: DataIssue[], kind: KindReader): PeopleRow[] {
  return optionalTab(tab, issues, (own) => eachRow(tab, PEOPLE_COLUMNS, ctx, own, (r, row): PeopleRow | null => {
    const week = r.required('week', (cell) => readWeek(cell, ctx.timezone));
    const k = r.required('kind', kind);
    const title = r.required('title', () => r.text('title', TEXT_LIMITS.title));
    if (week === null || k === null || title === null) return null;
    return {
      week, kind: k, title,
      when: r.optional('when', (cell) => when(cell, ctx.timezone, () => r.text('when', TEXT_LIMITS.name))),
      who: r.optional('who', () => r.text('who', TEXT_LIMITS.name)),
      link: r.optional('link', readLink),
      seats: r.optional('seats', seats),
      location: row.at('title'),
    };
  }));
}

/** A date cell (or text that is exactly a date) becomes an ISO date; anything else stays free text. */
function when(cell: Cell, timezone: string, freeText: () => Read<string>): Read<string> {
  const raw = text(cell);
  const looksLikeDate = typeof cell === 'number' || /^(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})$/.test(raw);
  if (looksLikeDate) {
    const date = readDate(cell, timezone);
    if (date.error === undefined) return date;
  }
  return freeText();
}

/** Free seats: a whole number ≥ 0 (a number cell or text such as `2`). */
function seats(cell: Cell): Read<number> {
  const n = typeof cell === 'number' ? cell : /^[-+]?\d+([.,]\d+)?$/.test(text(cell)) ? Number(text(cell).replace(',', '.')) : NaN;
  if (Number.isInteger(n) && n >= 0) return { value: n };
  return { error: `seats "${text(cell)}" is not a whole number of free seats (0 or more; 0 = booked out)` };
}
