/**
 * A normal run renders with Handlebars alone: a cold `digest preview` of the sample (the built
 * CLI in a fresh process) never loads mjml. The control shows the probe does see mjml.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, REPO, tempDir } from '../helpers/cli.js';

const HOOK = join(REPO, 'test/helpers/loaded-modules.mjs');

async function loadedMjml(args: string[]): Promise<string[]> {
  const dir = await tempDir('digest-nomjml-');
  const file = join(dir, 'loaded.json');
  execFileSync(process.execPath, ['--import', HOOK, ...args], { cwd: REPO, env: { ...process.env, LOADED_MODULES_FILE: file }, stdio: 'pipe' });
  return JSON.parse(readFileSync(file, 'utf8')) as string[];
}

describe('run time without mjml', () => {
  it('a cold preview of the sample loads no mjml module', async () => {
    const out = await tempDir('digest-preview-');
    const loaded = await loadedMjml([join(REPO, 'dist/cli/bin.js'), 'preview', '--config', EXAMPLE_CONFIG, '--week', '2026-W47', '--out', out]);
    expect(loaded).toEqual([]);
    expect(readFileSync(join(out, 'digest.html'), 'utf8')).toContain('digest-at-a-glance');
  }, 30_000);

  it('the probe sees mjml when it is loaded', async () => {
    const loaded = await loadedMjml(['--input-type=module', '-e', "await import('mjml')"]);
    expect(loaded.some((f) => /[\\/]mjml-core[\\/]/.test(f))).toBe(true);
  }, 30_000);
});
