/**
 * Bad input in the config file and on the command line. Each case writes a config (the sample
 * config as YAML text, changed in one place), runs a command in-process, and asserts the exit
 * code and the message with its location (a dot-path or a line and column). None prints a
 * stack trace; none reaches the sources when the config is wrong.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, SAMPLE, tempDir } from '../helpers/cli.js';

/** The sample config, line by line, so cases can name lines. */
const BASE = `allowedDomains: [nordlicht-software.de]
delivery:
  transport: outbox
  outboxDir: outbox
digests:
  - id: dach
    locale: de-DE
    timezone: Europe/Berlin
    exchangeRates: { CHF: 1.06, USD: 0.92 }
    sources:
      crm: { type: files, path: ${SAMPLE} }
      sheet: { type: files, path: ${SAMPLE} }
    kpis:
      - { id: event_leads, label: Event-Leads }
      - { id: webinar_signups, label: Webinar-Anmeldungen }
      - { id: content_published, label: Inhalte }
      - { id: budget_spent, label: Budget, unit: money, direction: lower }
      - { id: demo_show_rate, label: Demo-Quote, unit: ratio }
    mail:
      from: Digest <digest@nordlicht-software.de>
      to: [team@nordlicht-software.de]
`;

interface ConfigCase {
  name: string;
  /** The config text (default BASE); a function changes BASE. */
  config?: string | ((base: string) => string);
  /** The command (default validate --week 2026-W47); `CONFIG` is replaced by the file's path. */
  argv?: string[];
  exit: number;
  says: (string | RegExp)[];
}

const at = (from: string, to: string) => (base: string) => {
  if (!base.includes(from)) throw new Error(`BASE has no ${from}`);
  return base.replace(from, to);
};
const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');

const CASES: ConfigCase[] = [
  // YAML syntax: the line and column where the problem starts, no dangling colon
  { name: 'an unclosed quote: the line where it opened', config: at('      from: Digest <digest@nordlicht-software.de>', '      from: "Digest <digest@nordlicht-software.de>'), exit: 3, says: ['line 20, column 13: Missing closing "quote\n'] },
  { name: 'an unclosed flow sequence: the line where it opened', config: at('  - id: dach\n', '  - id: dach\n    footer: { contact: [a, b }\n'), exit: 3, says: [/line 7, column \d+: /] },
  { name: 'a tab as indentation', config: at('    locale: de-DE', '\tlocale: de-DE'), exit: 3, says: ['line 7, column 1: Tabs are not allowed as indentation'] },
  { name: 'a key written twice', config: at('    timezone: Europe/Berlin', '    timezone: Europe/Berlin\n    timezone: Europe/Vienna'), exit: 3, says: ['line 9, column 5: Map keys must be unique'] },
  { name: 'a key without a value separator', config: at('    locale: de-DE', '    locale de-DE\n    title'), exit: 3, says: [/invalid YAML:\n {2}line \d+, column \d+: /] },
  { name: 'no message ends in a dangling colon', config: at('    locale: de-DE', '\tlocale: de-DE'), exit: 3, says: [/Tabs are not allowed as indentation\n/] },
  { name: 'an alias bomb is refused as a config error, not a crash', config: `${bomb}\n${BASE}`, exit: 3, says: ['invalid YAML: Excessive alias count', 'write the values out instead of nesting aliases'] },
  { name: 'an empty file', config: '', exit: 3, says: ['invalid config'] },
  { name: 'a YAML list instead of a mapping', config: '- a\n- b\n', exit: 3, says: ['invalid config'] },
  // Values: the dot-path of the key
  { name: 'a typo in a key', config: at('    timezone: Europe/Berlin', '    timzone: Europe/Berlin'), exit: 3, says: ['digests[0].timzone: unknown key'] },
  { name: 'an unknown unit', config: at('unit: money, direction: lower', 'unit: euro, direction: lower'), exit: 3, says: ['digests[0].kpis[3].unit'] },
  { name: 'an unknown direction', config: at('unit: money, direction: lower', 'unit: money, direction: down'), exit: 3, says: ['digests[0].kpis[3].direction'] },
  { name: 'a KPI id with capitals', config: at('id: event_leads,', 'id: Event-Leads,'), exit: 3, says: ['digests[0].kpis[0].id: use lower-case letters, digits and _'] },
  { name: 'an unknown time zone', config: at('timezone: Europe/Berlin', 'timezone: Europe/Berlln'), exit: 3, says: ['digests[0].timezone'] },
  { name: 'an exchange rate that is not a number', config: at('CHF: 1.06', 'CHF: "1,06"'), exit: 3, says: ['digests[0].exchangeRates.CHF'] },
  { name: 'an unknown source type', config: at('crm: { type: files,', 'crm: { type: salesforce,'), exit: 3, says: ['digests[0].sources.crm'] },
  { name: 'an empty files path', config: at(`sheet: { type: files, path: ${SAMPLE} }`, 'sheet: { type: files, path: "" }'), exit: 3, says: ['digests[0].sources.sheet.path: must not be empty'] },
  { name: 'a recipient outside the allowed domains', config: at('to: [team@nordlicht-software.de]', 'to: [team@gmail.com]'), exit: 3, says: ['team@gmail.com'] },
  { name: 'no recipients', config: at('to: [team@nordlicht-software.de]', 'to: []'), exit: 3, says: ['digests[0].mail.to: needs at least one address'] },
  { name: 'the Google Sheets placeholder id', config: at(`sheet: { type: files, path: ${SAMPLE} }`, 'sheet: { type: google-sheets, spreadsheetId: PASTE-YOUR-SPREADSHEET-ID, auth: { type: service-account, keyFile: missing.json } }'), exit: 3, says: ['spreadsheetId is still the placeholder PASTE-YOUR-SPREADSHEET-ID'] },
  // Files and folders
  { name: 'no config file at the given path', argv: ['validate', '--config', '/nonexistent/digest.config.yaml'], exit: 3, says: ['cannot read config file /nonexistent/digest.config.yaml'] },
  { name: 'a files source folder that does not exist', config: at(`crm: { type: files, path: ${SAMPLE} }`, 'crm: { type: files, path: /nonexistent/crm }'), exit: 4, says: ['crm   files:/nonexistent/crm: FAILED', 'crm source FAILED (see above), so its data was not checked'] },
  // The command line
  { name: '--week out of range (year 999)', argv: ['preview', '--config', 'CONFIG', '--week', '0999-W10'], exit: 2, says: ['--week: "0999-W10" is outside the years 1971–2100'] },
  { name: '--week 2026-W54 (no such week)', argv: ['validate', '--config', 'CONFIG', '--week', '2026-W54'], exit: 2, says: ['--week: "2026-W54" is not an ISO week'] },
  { name: '--week with a date instead of a week', argv: ['validate', '--config', 'CONFIG', '--week', '2026-11-18'], exit: 2, says: ['--week: "2026-11-18" is not an ISO week'] },
  { name: 'an unknown option', argv: ['validate', '--config', 'CONFIG', '--weeek', '2026-W47'], exit: 2, says: ["unknown option '--weeek'"] },
  { name: 'an unknown digest id', argv: ['validate', '--config', 'CONFIG', '--digest', 'austria'], exit: 3, says: ['no digest "austria" in the config (have: dach)'] },
];

describe('bad input: the config file and the command line', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const dir = await tempDir('digest-config-');
    const path = join(dir, 'digest.config.yaml');
    await writeFile(path, typeof c.config === 'function' ? c.config(BASE) : (c.config ?? BASE));
    const argv = (c.argv ?? ['validate', '--config', 'CONFIG', '--week', '2026-W47']).map((a) => (a === 'CONFIG' ? path : a));
    const { code, out, err } = await runCli(argv);
    const output = `${out}\n${err}`;
    expect(code, output).toBe(c.exit);
    for (const said of c.says) {
      if (typeof said === 'string') expect(output).toContain(said);
      else expect(output).toMatch(said);
    }
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(output).not.toMatch(/:\n*$/);
  });

  it('the config file is a folder: a config error naming it', async () => {
    const dir = await tempDir('digest-config-');
    const path = join(dir, 'digest.config.yaml');
    await mkdir(path);
    const { code, err } = await runCli(['validate', '--config', path]);
    expect(code).toBe(3);
    expect(err).toContain(`cannot read config file ${path}`);
  });

  it('the clean base config validates (so every case above fails for its one change)', async () => {
    const dir = await tempDir('digest-config-');
    const path = join(dir, 'digest.config.yaml');
    await writeFile(path, BASE);
    const { code, out } = await runCli(['validate', '--config', path, '--week', '2026-W47']);
    expect(code, out).toBe(0);
    expect(out).toContain('dach 2026-W47: 0 errors');
  });
});
