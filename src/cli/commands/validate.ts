/**
 * `digest validate`: the config, then each source (credentials, tabs, headers, rows), with every
 * data issue at its location, grouped so a team lead can fix the sheet row by row. A source that
 * cannot be read is reported and the other is still checked; the exit code is non-zero then.
 */
import { configRelative } from '../../config/load.js';
import { collectDigest } from '../../pipeline.js';
import { createSources, type DigestSources } from '../../sources/index.js';
import { EXIT, exitCodeFor } from '../../errors.js';
import { describeStateStore } from '../../state/index.js';
import { printIssues, type Io } from '../io.js';
import { resolveTarget, type CommonOptions } from './shared.js';

type Described = { describe?: () => string[] };

export async function run(options: CommonOptions, io: Io): Promise<number> {
  const { loaded, digestConfig, period } = await resolveTarget(options, io);
  const { week } = period;
  io.out(`config ${loaded.path}: ok`);
  // The state store: reachable, and its schema version (read only; `digest migrate` changes it).
  const stateFailure = await describeStateStore(loaded.config, process.env, (p) => configRelative(loaded, p)).then(
    (lines) => (lines.forEach((line) => io.out(line)), null),
    (error: unknown) => (io.out(`state: FAILED\n      ${error instanceof Error ? error.message : String(error)}`), error),
  );
  const created = await createSources(digestConfig, { resolvePath: (p) => configRelative(loaded, p), env: process.env });
  const failures: { source: string; error: unknown }[] = [];
  // A failed source is reported and read as empty, so the other one is still checked.
  const sources: DigestSources = {
    crm: { name: created.crm.name, readCrm: (r) => created.crm.readCrm(r).catch((error: unknown) => (failures.push({ source: 'crm', error }), { records: { contacts: [], deals: [], stages: [], owners: [] }, issues: [] })) },
    sheet: { name: created.sheet.name, readSheet: (r) => created.sheet.readSheet(r).catch((error: unknown) => (failures.push({ source: 'sheet', error }), { records: { kpis: [], targets: [], notes: [], voice: [], definitions: [], people: [], tabGids: {} }, issues: [] })) },
  };
  const digest = await collectDigest(loaded, digestConfig, period, sources);

  for (const [kind, source] of [['crm', created.crm], ['sheet', created.sheet]] as const) {
    const failure = failures.find((f) => f.source === kind);
    io.out(`${kind.padEnd(5)} ${source.name}: ${failure ? 'FAILED' : 'ok'}`);
    if (failure) io.out(`      ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`);
    else for (const line of (source as Described).describe?.() ?? []) io.out(`      ${line}`);
  }

  printIssues(io, digest.dataIssues);
  const errors = digest.dataIssues.filter((i) => i.severity === 'error').length;
  const warnings = digest.dataIssues.length - errors;
  // A failed source has no rows to count: the summary must not read as a clean bill.
  const failed = failures.length ? `${failures.map((f) => f.source).join(' and ')} source FAILED (see above), so its data was not checked; ` : '';
  io.out(`${digestConfig.id} ${week}: ${failed}${errors} errors, ${warnings} warnings in the data${failures.length ? ' that could be read' : ''}${errors ? ' (rows with errors are left out of the digest)' : ''}`);
  if (stateFailure) failures.push({ source: 'state', error: stateFailure });
  if (failures.length) return Math.max(...failures.map((f) => exitCodeFor(f.error)));
  return errors > 0 ? EXIT.data : EXIT.ok;
}
