/** `digest validate`: the config, then every source of every digest, with each data issue located. */
import { collectDigest } from '../../pipeline.js';
import { EXIT } from '../exit-codes.js';
import { printIssues, type Io } from '../io.js';
import { resolveTarget, type CommonOptions } from './shared.js';

export async function run(options: CommonOptions, io: Io): Promise<number> {
  const { loaded, digestConfig, week } = await resolveTarget(options, io);
  io.out(`config ${loaded.path}: ok`);
  const digest = await collectDigest(loaded, digestConfig, week);
  printIssues(io, digest.dataIssues);
  const errors = digest.dataIssues.filter((i) => i.severity === 'error').length;
  const warnings = digest.dataIssues.length - errors;
  io.out(`${digestConfig.id} ${week}: ${errors} errors, ${warnings} warnings in the data`);
  return errors > 0 ? EXIT.data : EXIT.ok;
}
