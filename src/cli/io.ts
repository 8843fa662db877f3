/** Where commands write: injectable so tests can run the CLI in-process. */
import type { DataIssue } from '../model/types.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function printIssues(io: Io, issues: readonly DataIssue[]): void {
  for (const issue of issues) io.err(`${issue.severity.padEnd(7)} ${issue.location}: ${issue.message}`);
}
