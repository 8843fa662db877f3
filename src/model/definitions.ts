/**
 * The agreed definitions (Definitions tab) for a week. Pure.
 *
 * - In force for a week: the term's row with the latest `from` on or before the week's Sunday;
 *   on equal dates the later row in the sheet.
 * - Changed this week: that `from` lies in the week (Monday … Sunday) and the term has a row
 *   with an earlier `from` (a term's first row is an introduction, not a change).
 * - Terms are free text, matched case-insensitively (and with runs of spaces as one).
 */
import type { DefinitionEntry, DefinitionRow, DigestItem } from './types.js';
import type { WeekPeriod } from './period.js';

/** The key terms are matched by: `MQL`, `mql` and ` Mql ` are one term. */
export function termKey(term: string): string {
  return term.trim().replace(/\s+/g, ' ').toLowerCase();
}

interface Indexed {
  row: DefinitionRow;
  index: number;
}

/** The row in force on `date` (ISO): latest `from` ≤ date, the later sheet row on equal dates. */
function inForceOn(rows: readonly Indexed[], date: string): Indexed | null {
  let best: Indexed | null = null;
  for (const r of rows) {
    if (r.row.from > date) continue;
    if (!best || r.row.from > best.row.from || (r.row.from === best.row.from && r.index > best.index)) best = r;
  }
  return best;
}

interface InForce {
  entry: DefinitionEntry;
  /** Sheet index of the row in force (changes are listed in the sheet order of their changing row). */
  index: number;
}

function termsInForce(rows: readonly DefinitionRow[], week: Pick<WeekPeriod, 'monday' | 'sunday'>): InForce[] {
  const byTerm = new Map<string, Indexed[]>();
  rows.forEach((row, index) => {
    const key = termKey(row.term);
    if (!byTerm.has(key)) byTerm.set(key, []);
    byTerm.get(key)!.push({ row, index });
  });
  const out: InForce[] = [];
  for (const termRows of byTerm.values()) {
    const current = inForceOn(termRows, week.sunday);
    if (!current) continue; // only defined from a later date on: not in force yet
    const { row } = current;
    const inWeek = row.from >= week.monday && row.from <= week.sunday;
    const changed = inWeek && termRows.some((r) => r.row.from < row.from);
    out.push({
      index: current.index,
      entry: {
        term: row.term.trim().replace(/\s+/g, ' '), definition: row.definition, from: row.from, owner: row.owner,
        changedThisWeek: changed,
      },
    });
  }
  return out;
}

/** One entry per term in force for the week, in the sheet order of each term's first row. */
export function definitionsForWeek(rows: readonly DefinitionRow[], week: Pick<WeekPeriod, 'monday' | 'sunday'>): DefinitionEntry[] {
  return termsInForce(rows, week).map((t) => t.entry);
}

/** The week's changed terms, in the sheet order of their changing row (the order of the changes and highlights). */
export function changedDefinitions(rows: readonly DefinitionRow[], week: Pick<WeekPeriod, 'monday' | 'sunday'>): DefinitionEntry[] {
  return termsInForce(rows, week)
    .filter((t) => t.entry.changedThisWeek)
    .sort((a, b) => a.index - b.index)
    .map((t) => t.entry);
}

/** A changed term as a change item: origin `definition`, refId = the term. */
export function definitionChangeItem(entry: DefinitionEntry): DigestItem {
  return { origin: 'definition', title: `${entry.term}: ${entry.definition}`, details: null, team: null, author: entry.owner, link: null, refId: entry.term };
}

/**
 * Per metric id, the changed terms whose change affects it (`definitions.affects`, keys matched
 * like terms), in the order of `changed`.
 */
export function affectedMetrics(changedTerms: readonly string[], affects: Readonly<Record<string, readonly string[]>>): Map<string, string[]> {
  const byKey = new Map<string, readonly string[]>();
  for (const [term, metrics] of Object.entries(affects)) byKey.set(termKey(term), [...(byKey.get(termKey(term)) ?? []), ...metrics]);
  const out = new Map<string, string[]>();
  for (const term of changedTerms) {
    for (const metric of byKey.get(termKey(term)) ?? []) {
      const terms = out.get(metric) ?? [];
      if (!terms.includes(term)) out.set(metric, [...terms, term]);
    }
  }
  return out;
}
