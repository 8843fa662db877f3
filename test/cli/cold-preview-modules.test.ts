/**
 * What a cold `digest preview` of the sample loads (the built CLI in a fresh process): the
 * bundle (dist/app/, scripts/bundle.mjs) and, of the source modules inside it, only what the
 * files source, the model, Handlebars' runtime and the .eml need. Each module below costs a
 * cold run CPU for nothing (see README, Performance). The bundle's files are mapped back to the
 * modules they hold through its metafile, so the check is about modules, not file names. The
 * modules it does need are checked too, so a probe that saw nothing could not pass.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, REPO, sampleConfig, tempDir } from '../helpers/cli.js';

const HOOK = join(REPO, 'test/helpers/loaded-files.mjs');

async function loadedFiles(args: string[]): Promise<string[]> {
  const file = join(await tempDir('digest-loaded-'), 'loaded.json');
  execFileSync(process.execPath, ['--import', HOOK, ...args], { cwd: REPO, env: { ...process.env, LOADED_FILES_FILE: file }, stdio: 'pipe' });
  return (JSON.parse(readFileSync(file, 'utf8')) as string[]).map((f) => f.replaceAll('\\', '/'));
}

/** Each loaded bundle file as the source modules it holds (paths in the package); other files as they are. */
function asModules(files: string[]): string[] {
  const meta = JSON.parse(readFileSync(join(REPO, 'dist/app/meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const root = `${REPO.replaceAll('\\', '/')}/`;
  return files.flatMap((f) => {
    const output = meta.outputs[f.startsWith(root) ? f.slice(root.length) : f];
    return output ? Object.keys(output.inputs).map((input) => root + input) : [f];
  });
}

const NOT_NEEDED: [string, RegExp][] = [
  ['mjml', /\/node_modules\/mjml[^/]*\//],
  ['the Handlebars compiler', /\/node_modules\/handlebars\/(lib\/|dist\/cjs\/handlebars\/compiler\/)/],
  ['source-map', /\/node_modules\/source-map\//],
  ['the HubSpot adapter', /\/dist\/sources\/hubspot\/(?!config\.js$)/],
  ['the Google Sheets adapter', /\/dist\/sources\/google-sheets\/(?!config\.js$)|\/node_modules\/@googleapis\//],
  ['the HTTP retry policy', /\/dist\/(retry|sources\/http\/)|\/node_modules\/p-retry\//],
  ['iconv-lite (every sample file is UTF-8)', /\/node_modules\/iconv-lite\//],
  ['the SMTP and other nodemailer transports', /\/node_modules\/nodemailer\/dist\/[^/]+\/(smtp-transport|smtp-pool|sendmail-transport|ses-transport|json-transport|nodemailer\.js)/],
  ['pino', /\/node_modules\/pino[^/]*\//],
  ['the config reference generator', /\/node_modules\/@valibot\/to-json-schema\/|\/dist\/config\/reference\.js$/],
];

describe('a cold preview loads only what it uses', () => {
  it('of the sample: the bundle, and in it only the modules a preview uses', async () => {
    const out = await tempDir('digest-preview-');
    const args = [join(REPO, 'dist/cli/bin.js'), 'preview', '--config', EXAMPLE_CONFIG, '--week', '2026-W47', '--out', out];
    await loadedFiles(args); // the first run fills the Handlebars cache
    const files = await loadedFiles(args);
    // The bundle runs, not the unbundled tree beside it: of dist/ only bin.js and dist/app/.
    expect(files.filter((f) => f.includes('/dist/') && !f.includes('/node_modules/') && !/\/dist\/(cli\/bin\.js|app\/)/.test(f))).toEqual([]);
    expect(files.some((f) => f.endsWith('/dist/app/main.js'))).toBe(true);
    const loaded = asModules(files);
    for (const [what, pattern] of NOT_NEEDED) expect(loaded.filter((f) => pattern.test(f)), what).toEqual([]);
    // Bundled modules (ours, luxon, nodemailer's ES build, papaparse) and CommonJS ones loaded beside the bundle (Handlebars' runtime) alike.
    for (const needed of ['/dist/sources/files/index.js', '/node_modules/handlebars/dist/handlebars.runtime.js', '/node_modules/nodemailer/dist/esm/mailer/index.js', '/node_modules/papaparse/', '/node_modules/luxon/']) {
      expect(loaded.some((f) => f.includes(needed)), needed).toBe(true);
    }
    expect(readFileSync(join(out, 'digest.eml'), 'utf8')).toContain('List-Unsubscribe');
  }, 60_000);

  it('of a send through the job layer (ledger, lock, outbox): no compiler, no mjml and no PostgreSQL driver either', async () => {
    const { path, dir } = await sampleConfig();
    const send = (week: string) => loadedFiles([join(REPO, 'dist/cli/bin.js'), 'send', '--config', path, '--week', week]);
    await send('2026-W46'); // the first run fills the Handlebars cache
    const loaded = asModules(await send('2026-W47'));
    const notForSend: [string, RegExp][] = [
      // The job layer logs, and its webhook and heartbeat calls go through the retry policy.
      ...NOT_NEEDED.filter(([what]) => what !== 'pino' && what !== 'the HTTP retry policy'),
      ['the HTTP source client', /\/dist\/sources\/http\//],
      ['pg (the folder store is configured)', /\/node_modules\/pg[^/]*\/|\/dist\/state\/postgres\//],
    ];
    for (const [what, pattern] of notForSend) expect(loaded.filter((f) => pattern.test(f)), what).toEqual([]);
    for (const needed of ['/dist/jobs/send-week.js', '/dist/render/review.js', '/dist/state/file/', '/node_modules/handlebars/dist/handlebars.runtime.js']) {
      expect(loaded.some((f) => f.includes(needed)), needed).toBe(true);
    }
    expect(readFileSync(join(dir, 'outbox', 'dach-2026-W47.eml'), 'utf8')).toContain('List-Unsubscribe');
  }, 60_000);
});
