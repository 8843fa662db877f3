import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR, renderDigest } from '../../src/render/index.js';
import { forgetTemplates, loadTemplates } from '../../src/render/templates.js';
import { CONTEXT, sampleDigest } from '../fixtures/digests.js';

const section = (content: string) => `<mj-section><mj-column><mj-text>${content}</mj-text></mj-column></mj-section>`;

type Tree = { [key: string]: string | Tree };
const locale = async (lang: string) => JSON.parse(await readFile(join(DEFAULT_TEMPLATES_DIR, 'locales', `${lang}.json`), 'utf8')) as Tree;
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));

describe('locale strings', () => {
  it('German and English have the same keys', async () => {
    expect(keys(await locale('de')).sort()).toEqual(keys(await locale('en')).sort());
  });

  it('have every key the templates ask for', async () => {
    const files = ['digest.mjml.hbs', 'text.hbs', ...(await readdir(join(DEFAULT_TEMPLATES_DIR, 'partials'))).map((f) => `partials/${f}`)];
    const used = new Set<string>();
    for (const f of files) for (const m of (await readFile(join(DEFAULT_TEMPLATES_DIR, f), 'utf8')).matchAll(/\{\{t "([^"]+)"/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(10);
    for (const lang of ['de', 'en']) {
      const all = new Set(keys(await locale(lang)));
      for (const key of used) expect(all.has(key), `${lang}: ${key}`).toBe(true);
    }
  });

  it('never use triple braces on data in the templates', async () => {
    const files = ['digest.mjml.hbs', 'text.hbs', ...(await readdir(join(DEFAULT_TEMPLATES_DIR, 'partials'))).map((f) => `partials/${f}`)];
    for (const f of files) expect(await readFile(join(DEFAULT_TEMPLATES_DIR, f), 'utf8'), f).not.toContain('{{{');
  });
});

describe('templates folder', () => {
  const dirs: string[] = [];
  const copy = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'digest-templates-'));
    dirs.push(dir);
    await cp(DEFAULT_TEMPLATES_DIR, dir, { recursive: true });
    return dir;
  };
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('can be another folder, compiled once per folder', async () => {
    const dir = await copy();
    const de = JSON.parse(await readFile(join(dir, 'locales/de.json'), 'utf8'));
    de.sections.voice = 'Was Kunden sagen';
    await writeFile(join(dir, 'locales/de.json'), JSON.stringify(de));
    const r = await renderDigest(sampleDigest(), CONTEXT, { templatesDir: dir });
    expect(r.text).toContain('Was Kunden sagen');
    // Compiled once: a later change to the files does not apply within the process.
    de.sections.voice = 'Geändert';
    await writeFile(join(dir, 'locales/de.json'), JSON.stringify(de));
    expect((await renderDigest(sampleDigest(), CONTEXT, { templatesDir: dir })).text).toContain('Was Kunden sagen');
    expect((await renderDigest(sampleDigest(), CONTEXT)).text).toContain('Stimme der Kunden');
  });

  it('fails loudly for a string the locale does not have', async () => {
    const dir = await copy();
    await writeFile(join(dir, 'partials/voice.mjml.hbs'), section('{{t "voice.missing"}}'));
    await expect(renderDigest(sampleDigest(), CONTEXT, { templatesDir: dir })).rejects.toThrow(/no string "voice.missing"/);
  });

  it('fails loudly for a field the view does not have', async () => {
    const dir = await copy();
    await writeFile(join(dir, 'partials/voice.mjml.hbs'), section('{{voice.nope}}'));
    await expect(renderDigest(sampleDigest(), CONTEXT, { templatesDir: dir })).rejects.toThrow(/"nope" not defined/);
  });

  it('refuses data that MJML would drop (outside mj-text and mj-raw), naming it', async () => {
    const dir = await copy();
    await writeFile(join(dir, 'partials/voice.mjml.hbs'), '<mj-section><mj-column>{{voice.heading}}</mj-column></mj-section>');
    await expect(renderDigest(sampleDigest(), CONTEXT, { templatesDir: dir })).rejects.toMatchObject({ code: 'TEMPLATE_INVALID', message: expect.stringContaining('MJML dropped {{voice.heading}}') });
  });

  it('rejects invalid MJML in strict mode', async () => {
    const dir = await copy();
    await writeFile(join(dir, 'partials/voice.mjml.hbs'), '<mj-section><mj-column><mj-bogus>x</mj-bogus></mj-column></mj-section>');
    await expect(renderDigest(sampleDigest(), CONTEXT, { templatesDir: dir, validationLevel: 'strict' })).rejects.toMatchObject({ code: 'TEMPLATE_INVALID' });
    await expect(renderDigest(sampleDigest(), CONTEXT, { templatesDir: dir, validationLevel: 'soft' })).resolves.toBeDefined();
  });

  it('compiles an edited layout on first use, once, and keeps it in a private cache folder', async () => {
    const dir = await copy();
    const cacheDir = join(dir, 'state', 'templates-cache');
    const file = join(dir, 'partials/header.mjml.hbs');
    await writeFile(file, (await readFile(file, 'utf8')).replace('{{header.weekLine}}', '{{header.weekLine}} · geändert'));
    const first = await loadTemplates(dir, { cacheDir });
    expect(first.precompiled).toBe(false);
    expect((await renderDigest(sampleDigest(), CONTEXT, { templatesDir: dir, cacheDir })).html).toContain('· geändert');
    const [cached] = await readdir(cacheDir);
    expect(cached).toMatch(/^[0-9a-f]{64}\.html\.hbs$/);
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(cacheDir, cached!))).mode & 0o777).toBe(0o600);
    forgetTemplates(dir);
    expect((await loadTemplates(dir, { cacheDir })).precompiled).toBe(true); // read from the cache, mjml not needed
    forgetTemplates(dir);
    expect((await loadTemplates(dir)).precompiled).toBe(false); // without the cache folder: compiled again
  });

  it('resolves the default folder to the repository templates', () => {
    expect(DEFAULT_TEMPLATES_DIR.replace(/\\/g, '/')).toMatch(/\/templates\/$/);
  });
});
