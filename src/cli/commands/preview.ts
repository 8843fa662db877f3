/** `digest preview`: render a week to a folder without sending anything. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isEmptyWeek } from '../../model/emptiness.js';
import { prepareMessage } from '../../pipeline.js';
import { EXIT } from '../exit-codes.js';
import { printIssues, type Io } from '../io.js';
import { resolveTarget, type CommonOptions } from './shared.js';

interface PreviewOptions extends CommonOptions {
  out?: string;
  json?: boolean;
}

export async function run(options: PreviewOptions, io: Io): Promise<number> {
  const { loaded, digestConfig, week } = await resolveTarget(options, io);
  const { digest, rendered, message } = await prepareMessage(loaded, digestConfig, week);
  const { buildRaw } = await import('../../deliver/mime.js');
  const dir = resolve(options.out ?? join('out', `${digestConfig.id}-${week}`));
  await mkdir(dir, { recursive: true });
  await Promise.all([
    writeFile(join(dir, 'digest.html'), rendered.html),
    writeFile(join(dir, 'digest.txt'), rendered.text),
    writeFile(join(dir, 'digest.json'), `${JSON.stringify(digest, null, 2)}\n`),
    buildRaw(message.mail).then((raw) => writeFile(join(dir, 'digest.eml'), raw)),
  ]);
  if (options.json) io.out(JSON.stringify(digest, null, 2));
  printIssues(io, digest.dataIssues);
  if (isEmptyWeek(digest)) io.err(`warning ${week} has no data at all; send would refuse it`);
  io.err(`${digestConfig.id} ${week}: "${rendered.subject}"`);
  io.err(`wrote ${dir}/digest.{html,txt,eml,json} (HTML ${Math.round(Buffer.byteLength(rendered.html) / 1024)} KB)`);
  return EXIT.ok;
}
