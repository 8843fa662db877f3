import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, REPO, runCli, sampleConfig, tempDir } from '../helpers/cli.js';

const exec = promisify(execFile);

describe('digest preview on the sample data', () => {
  it('writes html, text, eml and json; the eml parses into both parts', async () => {
    const out = await tempDir();
    const { code, err } = await runCli(['preview', '--config', EXAMPLE_CONFIG, '--week', '2026-W47', '--out', out]);
    expect(code, err).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['digest.eml', 'digest.html', 'digest.json', 'digest.txt']);

    const digest = JSON.parse(await readFile(join(out, 'digest.json'), 'utf8'));
    expect(digest).toMatchObject({ digestId: 'dach', week: '2026-W47', locale: 'de-DE', currency: 'EUR' });
    expect(digest.period).toEqual({ start: '2026-11-16T00:00:00.000+01:00', end: '2026-11-23T00:00:00.000+01:00', timezone: 'Europe/Berlin' });
    for (const section of ['successes', 'changes', 'fixes', 'wins', 'sources', 'slaBreachesByOwner', 'voice']) {
      expect(digest[section].length, section).toBeGreaterThan(0);
    }
    expect(digest.fixes.some((f: { openSince: string | null }) => f.openSince)).toBe(true);
    expect(digest.wins.some((w: { originalCurrency: string | null }) => w.originalCurrency === 'CHF')).toBe(true);
    const statuses = new Set(digest.kpis.map((k: { status: string }) => k.status));
    expect([...statuses]).toEqual(expect.arrayContaining(['on_track', 'at_risk', 'off_track']));
    expect(digest.kpis.some((k: { mtd: unknown }) => k.mtd)).toBe(true);

    // keepCidLinks: the HTML as sent, with its cid: references to the inline chart images.
    const eml = await readFile(join(out, 'digest.eml'));
    const mail = await simpleParser(eml, { keepCidLinks: true });
    // RFC 5322: every line ends in CRLF, and no quoted-printable line is longer than 76 characters.
    expect(eml.toString('latin1')).not.toMatch(/[^\r]\n|\r(?!\n)/);
    expect(Math.max(...eml.toString('latin1').split('\r\n').map((line) => line.length))).toBeLessThanOrEqual(78);
    expect(mail.messageId).toBe('<dach.2026-W47@nordlicht-software.de>');
    expect(mail.attachments.filter((a) => a.contentDisposition === 'inline' && a.cid && mail.html && mail.html.includes(`cid:${a.cid}`)).length).toBeGreaterThan(5);
    expect(mail.subject).toMatch(/KW 47/);
    expect(mail.text).toContain('Erfolge');
    expect(mail.html).toContain('lang="de"');
    expect(mail.headers.get('list')).toMatchObject({ id: { id: 'dach.digest.nordlicht-software.de', name: 'Marketing & Sales Weekly' }, unsubscribe: { mail: 'revops@nordlicht-software.de?subject=Digest%20abbestellen' } });
    expect(mail.to).toMatchObject({ text: 'marketing-vertrieb@nordlicht-software.de' });
    expect(await readFile(join(out, 'digest.html'), 'utf8')).toBe(mail.html);
  });

  it('prints the Digest object with --json', async () => {
    const out = await tempDir();
    const { code, out: stdout } = await runCli(['preview', '--config', EXAMPLE_CONFIG, '--week', '2026-W47', '--out', out, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).week).toBe('2026-W47');
  });
});

describe('digest send --dry-run', () => {
  it('goes through the same path into the outbox', async () => {
    const { path, dir } = await sampleConfig();
    const { code, err } = await runCli(['send', '--dry-run', '--config', path, '--week', '2026-W47']);
    expect(code, err).toBe(0);
    const eml = await readFile(join(dir, 'outbox', 'dach-2026-W47.eml'));
    const mail = await simpleParser(eml);
    expect(mail.to).toMatchObject({ text: 'team@nordlicht-software.de' });
    expect(mail.headers.get('list')).toMatchObject({ unsubscribe: { url: 'https://nordlicht-software.de/abmelden' } });
    expect(eml.toString()).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(mail.text!.length).toBeGreaterThan(200);
  });

  it('refuses a test recipient outside the allowed domains and sends nothing', async () => {
    const { path, dir } = await sampleConfig();
    const { code, err } = await runCli(['send', '--dry-run', '--config', path, '--week', '2026-W47', '--to', 'me@gmail.com']);
    expect(code).toBe(3);
    expect(err).toContain('refused recipient me@gmail.com');
    expect(existsSync(join(dir, 'outbox'))).toBe(false);
  });

  it('refuses a week without any data (exit 4)', async () => {
    const { path, dir } = await sampleConfig();
    const { code, err } = await runCli(['send', '--dry-run', '--config', path, '--week', '2025-W10']);
    expect(code).toBe(4);
    expect(err).toContain('has no data at all');
    expect(existsSync(join(dir, 'outbox'))).toBe(false);
  });
});

describe('errors and exit codes', () => {
  it('names the bad config value as a dot-path (exit 3)', async () => {
    const { path } = await sampleConfig({}, { timezone: 'Europe/Berln' });
    const { code, err } = await runCli(['preview', '--config', path]);
    expect(code).toBe(3);
    expect(err).toContain('digests[0].timezone: unknown time zone "Europe/Berln"');
  });

  it('reports invalid YAML with its line', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'c.yaml'), 'digests:\n  - id: x\n   bad: [\n');
    const { code, err } = await runCli(['validate', '--config', join(dir, 'c.yaml')]);
    expect(code).toBe(3);
    expect(err).toMatch(/invalid YAML[\s\S]*line/i);
  });

  it('refuses a malformed --week (exit 2) and unknown options', async () => {
    expect((await runCli(['preview', '--config', EXAMPLE_CONFIG, '--week', 'KW47'])).code).toBe(2);
    expect((await runCli(['preview', '--bogus'])).code).toBe(2);
  });

  it('validate lists data issues with their locations', async () => {
    const { code, out, err } = await runCli(['validate', '--config', EXAMPLE_CONFIG, '--week', '2026-W47']);
    expect(code).toBe(0);
    expect(out).toContain('0 errors');
    expect(err).toMatch(/deals\.csv!C\d+: .* has no amount/);
  });
});

describe('the built command line', () => {
  const bin = join(REPO, 'dist/cli/bin.js');
  it('answers --help and --version without loading mjml, nodemailer or the sources', async () => {
    const probe = `
      const { main } = await import(${JSON.stringify(join(REPO, 'dist/cli/main.js'))});
      const lines = [];
      await main(['--help'], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
      await main(['preview', '--help'], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
      const { createRequire } = await import('node:module');
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ help: lines.join('\\n'), heavy: loaded.filter((p) => /node_modules\\/(mjml|mjml-core|nodemailer|handlebars|juice)\\//.test(p)) }));`;
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', probe]);
    const result = JSON.parse(stdout);
    expect(result.help).toContain('preview');
    expect(result.help).toContain('--out <dir>');
    expect(result.heavy).toEqual([]);
    const version = await exec(process.execPath, [bin, '--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
