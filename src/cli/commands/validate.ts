/**
 * `digest validate`: the config, then each source (credentials, tabs, headers, rows), with every
 * data issue at its location, grouped so a team lead can fix the sheet row by row. A source that
 * cannot be read is reported and the other is still checked; the exit code is non-zero then.
 */
import { configRelative } from '../../config/load.js';
import type { DataIssue } from '../../model/types.js';
import { collectDigest } from '../../pipeline.js';
import { createSources, type DigestSources } from '../../sources/index.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';
import type { Io } from '../io.js';
import { resolveTarget, type CommonOptions } from './shared.js';

type Described = { describe?: () => string[] };

export async function run(options: CommonOptions, io: Io): Promise<number> {
  const { loaded, digestConfig, week } = await resolveTarget(options, io);
  io.out(`config ${loaded.path}: ok`);
  const created = createSources(digestConfig, { resolvePath: (p) => configRelative(loaded, p), env: process.env });
  const failures: { source: string; error: unknown }[] = [];
  // A failed source is reported and read as empty, so the other one is still checked.
  const sources: DigestSources = {
    crm: { name: created.crm.name, readCrm: (r) => created.crm.readCrm(r).catch((error: unknown) => (failures.push({ source: 'crm', error }), { records: { contacts: [], deals: [], stages: [], owners: [] }, issues: [] })) },
    sheet: { name: created.sheet.name, readSheet: (r) => created.sheet.readSheet(r).catch((error: unknown) => (failures.push({ source: 'sheet', error }), { records: { kpis: [], targets: [], notes: [], voice: [] }, issues: [] })) },
  };
  const digest = await collectDigest(loaded, digestConfig, week, sources);

  for (const [kind, source] of [['crm', created.crm], ['sheet', created.sheet]] as const) {
    const failure = failures.find((f) => f.source === kind);
    io.out(`${kind.padEnd(5)} ${source.name}: ${failure ? 'FAILED' : 'ok'}`);
    if (failure) io.out(`      ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`);
    else for (const line of (source as Described).describe?.() ?? []) io.out(`      ${line}`);
  }

  printGrouped(io, digest.dataIssues);
  const errors = digest.dataIssues.filter((i) => i.severity === 'error').length;
  const warnings = digest.dataIssues.length - errors;
  io.out(`${digestConfig.id} ${week}: ${errors} errors, ${warnings} warnings in the data${errors ? ' (rows with errors are left out of the digest)' : ''}`);
  if (failures.length) return Math.max(...failures.map((f) => exitCodeFor(f.error)));
  return errors > 0 ? EXIT.data : EXIT.ok;
}

/** Issues by tab (or file), in sheet order: row, then column. */
function printGrouped(io: Io, issues: readonly DataIssue[]): void {
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
