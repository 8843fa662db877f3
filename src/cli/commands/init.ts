/**
 * `digest init [--dir DIR] [--force]`: a starting config (Google Sheets source) and the sheet
 * layout as one CSV per tab (headers and two example rows), ready for File → Import in Google
 * Sheets, plus header-only CRM files. Copied from `data/sheet-template/`; never overwrites
 * without --force.
 */
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { DigestError, EXIT } from '../../errors.js';
import { packagePath } from '../../package-root.js';
import type { Io } from '../io.js';

const TEMPLATE = packagePath('data', 'sheet-template');

interface InitOptions {
  dir?: string;
  force?: boolean;
}

async function files(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...(await files(join(dir, entry.name), join(prefix, entry.name))));
    else out.push(join(prefix, entry.name));
  }
  return out.sort();
}

const exists = (path: string) => stat(path).then(() => true, () => false);

export async function run(options: InitOptions, io: Io): Promise<number> {
  const target = resolve(options.dir ?? '.');
  const source = TEMPLATE;
  const names = await files(source);
  const taken = [];
  for (const name of names) if (await exists(join(target, name))) taken.push(name);
  if (taken.length && !options.force) {
    throw new DigestError('INIT_EXISTS', `${target} already has ${taken.join(', ')}; nothing was written (use --force to overwrite, or --dir for another folder)`);
  }
  for (const name of names) {
    await mkdir(join(target, name, '..'), { recursive: true });
    await copyFile(join(source, name), join(target, name));
    io.out(`wrote ${relative(process.cwd(), join(target, name)) || name}`);
  }
  const config = join(target, 'digest.config.yaml');
  io.out(`
Next steps (details: docs/google-sheets.md):
  1. Create a Google Sheet with the tabs KPIs, Targets, Notes, Voice (and, optional,
     Definitions, People and Forecast): in each tab, File → Import → Upload →
     sheet/<Tab>.csv → "Replace current sheet".
  2. Create a service account (Google Cloud console → IAM → Service accounts), enable the
     Google Sheets API, add a JSON key and save it as ${join(target, 'service-account.json')}.
  3. Share the sheet with the service account's e-mail address (Viewer is enough).
  4. Put the sheet's id into ${config} (spreadsheetId), then run:
     digest validate --config ${config}
To try the digest now, before the sheet exists: use the commented line
"sheet: { type: files, path: sheet }" in the config, then run digest preview --config ${config}`);
  return EXIT.ok;
}
