/** Where commands write: injectable so tests can run the CLI in-process. */
import type { DataIssue } from '../model/types.js';
import { scrub } from '../secrets.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Whether `err` lines reach a terminal (readable logs instead of JSON). */
  terminal?: boolean;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${scrub(line)}\n`),
  err: (line) => process.stderr.write(`${scrub(line)}\n`),
  terminal: process.stderr.isTTY === true,
};

/**
 * Which group an issue is listed in: the tab or file of a sheet location (`Notes!C7`,
 * `deals.csv!D12`), the kind of record for a CRM record (`deal 4711.amount` → deals), else the
 * location itself (a whole file or tab).
 */
export function issueGroup(issue: DataIssue): string {
  const { location } = issue;
  const bang = location.indexOf('!');
  if (bang >= 0) return `${issue.source}: ${location.slice(0, bang)}`;
  const record = /^([a-z]+) \S/i.exec(location);
  if (record) return `${issue.source}: ${record[1]!.toLowerCase()}s`;
  return `${issue.source}: ${location}`;
}

/** Row, then column, of an A1 location; 0 for anything else (kept in the order given). */
function sheetOrder(location: string): number {
  const m = /!([A-Z]*)(\d+)$/.exec(location);
  if (!m) return 0;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return Number(m[2]) * 100_000 + col;
}

/**
 * Data issues grouped by tab or file (CRM records by kind), each group in sheet order (row,
 * then column), so a team lead can fix the sheet from top to bottom. Linear in the issues
 * (plus the sort): 200,000 issues are listed in well under a second.
 */
export function printIssues(io: Io, issues: readonly DataIssue[]): void {
  const groups = new Map<string, DataIssue[]>();
  for (const issue of issues) {
    const key = issueGroup(issue);
    const list = groups.get(key);
    if (list) list.push(issue);
    else groups.set(key, [issue]);
  }
  for (const [group, list] of groups) {
    io.err(`${group} (${list.length})`);
    const sorted = list.map((issue, i) => ({ issue, key: sheetOrder(issue.location), i })).sort((a, b) => a.key - b.key || a.i - b.i);
    for (const { issue } of sorted) io.err(`  ${issue.severity.padEnd(7)} ${issue.location}: ${issue.message}`);
  }
}
