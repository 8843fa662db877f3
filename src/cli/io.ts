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
 * Data issues grouped by tab (or file), each group in sheet order (row, then column), so a team
 * lead can fix the sheet from top to bottom.
 */
export function printIssues(io: Io, issues: readonly DataIssue[]): void {
  const tabOf = (location: string) => location.replace(/!.*$/, '');
  const order = (location: string) => {
    const m = /!([A-Z]*)(\d+)$/.exec(location);
    return m ? Number(m[2]) * 1000 + (m[1] ? m[1].charCodeAt(0) : 0) : 0;
  };
  const groups = new Map<string, DataIssue[]>();
  for (const issue of issues) {
    const key = `${issue.source}: ${tabOf(issue.location)}`;
    groups.set(key, [...(groups.get(key) ?? []), issue]);
  }
  for (const [group, list] of groups) {
    io.err(`${group} (${list.length})`);
    for (const issue of [...list].sort((a, b) => order(a.location) - order(b.location))) {
      io.err(`  ${issue.severity.padEnd(7)} ${issue.location}: ${issue.message}`);
    }
  }
}
