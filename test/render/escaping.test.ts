import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../src/render/index.js';
import { safeHref, teaser } from '../../src/render/safe.js';
import type { Digest } from '../../src/model/types.js';
import { CONTEXT, fix, note, sampleDigest, withHighlights } from '../fixtures/digests.js';
import { visibleText } from './helpers.js';

const HOSTILE = ['<script>alert(1)</script>', '{{constructor}}', '</mj-text>', '<mj-section><mj-column>', '{{> footer}}', '<img src=x onerror=alert(1)>'];

function hostileDigest(): Digest {
  const d = sampleDigest();
  return withHighlights({
    ...d,
    title: 'Weekly {{title}} <b>fett</b>\nBcc: x',
    successes: [note(HOSTILE[0]!, { details: 'erste Zeile\nzweite Zeile <i>kursiv</i>\r\ndritte Zeile', link: 'javascript:alert(1)' }), ...d.successes],
    changes: [note(HOSTILE[1]!, { author: HOSTILE[3], link: ' JaVaScRiPt:alert(1)' }), note(HOSTILE[2]!, { link: 'data:text/html,<script>alert(1)</script>' })],
    fixes: [fix(HOSTILE[4]!, { owner: '<u>Chef</u>', link: 'java\tscript:alert(1)' })],
    voice: [{ topic: HOSTILE[5]!, quotes: [{ quote: 'Zeile eins\nZeile zwei & „drei“', author: '"Kunde" <kunde@example.com>', source: 'call' }] }],
    wins: [{ ...d.wins[0]!, name: '<mj-raw><script>x</script></mj-raw>' }],
  });
}

describe('text from the sheet and the CRM is plain text', () => {
  it('is escaped in the HTML and literal in the text part', async () => {
    const r = await renderDigest(hostileDigest(), CONTEXT, { validationLevel: 'strict' });
    expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.html).not.toMatch(/<script|<b>fett|<i>kursiv|<u>Chef|onerror=alert|<mj-/i);
    expect(r.html).toContain('{{constructor}}');
    expect(r.html).toContain('{{&gt; footer}}');
    expect(r.html).toContain('&lt;/mj-text&gt;');
    expect(r.html).toContain('&lt;mj-section&gt;&lt;mj-column&gt;');
    expect(r.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(r.html).toContain('&lt;mj-raw&gt;&lt;script&gt;x&lt;/script&gt;&lt;/mj-raw&gt;');
    expect(visibleText(r.html)).toContain('Weekly {{title}} &lt;b&gt;fett&lt;/b&gt; Bcc: x');
    for (const s of HOSTILE) expect(r.text).toContain(s);
    expect(r.text).toContain('<u>Chef</u>');
    expect(r.text).toContain('"Kunde" <kunde@example.com>');
  });

  it('keeps the subject on one line', async () => {
    const r = await renderDigest(hostileDigest(), CONTEXT);
    expect(r.subject).toMatch(/^Weekly \{\{title\}\} <b>fett<\/b> Bcc: x · KW 47: <mj-raw><script>x<\/sc… \(12.000\s€\)$/);
    expect(r.subject).not.toMatch(/[\r\n]/);
  });

  it('keeps line breaks in quotes, and shows a note\'s details on one line', async () => {
    const r = await renderDigest(hostileDigest(), CONTEXT);
    expect(r.html).toContain('erste Zeile zweite Zeile &lt;i&gt;kursiv&lt;/i&gt; dritte Zeile');
    expect(r.html).toContain('Zeile eins<br>Zeile zwei &amp; „drei“');
    expect(r.text).toContain('  erste Zeile zweite Zeile <i>kursiv</i> dritte Zeile\n');
    expect(r.text).toContain('  „Zeile eins\n   Zeile zwei & „drei““');
  });

  it('renders links only for https, http and mailto', async () => {
    const r = await renderDigest(hostileDigest(), CONTEXT);
    const hrefs = [...r.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^(https:|http:|mailto:)/);
    expect(r.html).toContain('href="https://example.com/messe-bericht"');
    expect(r.text).not.toMatch(/script:|data:text/i);
  });

  it('does not link unsafe footer URLs', async () => {
    const r = await renderDigest(sampleDigest(), {
      listAddress: 'list@example.com',
      unsubscribeUrl: 'javascript:alert(1)',
      footer: { sheetUrl: 'javascript:alert(1)', crmUrl: 'ftp://example.com/x', contact: 'javascript:alert(1)@x.de' },
    });
    expect(r.html).not.toMatch(/href="(?!https?:|mailto:)/);
    expect(r.html).not.toContain('Abmelden');
    expect(r.html).not.toContain('CRM-Dashboard');
  });
});

describe('safeHref', () => {
  it.each([
    ['https://example.com/a?b=1', 'https://example.com/a?b=1'],
    ['  http://example.com  ', 'http://example.com'],
    ['mailto:anke@example.com', 'mailto:anke@example.com'],
    ['javascript:alert(1)', null],
    ['JAVASCRIPT:alert(1)', null],
    ['java\nscript:alert(1)', null],
    ['vbscript:x', null],
    ['data:text/html,x', null],
    ['//example.com', null],
    ['/relative', null],
    ['https://', null],
    ['', null],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(safeHref(input)).toBe(expected);
  });
});

describe('teaser (a note\'s details in the plain-text part)', () => {
  it.each([
    ['Kurz und gut.', 'Kurz und gut.'],
    ['Nach drei Monaten Evaluierung: 48.000 € Jahreslizenz. Den Ausschlag gab die Fallstudie.', 'Nach drei Monaten Evaluierung: 48.000 € Jahreslizenz. …'],
    // `ca. 20` and `16.11. aktiv` end no sentence; the clause before the colon is the teaser.
    ['Seit ca. 20 Tagen am 16.11. aktiv: die Quelle fehlt bei jedem dritten Formular-Lead.', 'Seit ca. 20 Tagen am 16.11. aktiv: …'],
    // A whole sentence wins over a later clause.
    ['SLA mehrfach gerissen, vor allem bei Leads. Ursache: Round-Robin ohne Vertretung.', 'SLA mehrfach gerissen, vor allem bei Leads. …'],
    // Nothing whole fits: no fragment.
    ['Die Überführung der Bestandskunden in das neue Onboarding läuft schleppender als geplant.', null],
  ])('%j → %j', (input, expected) => {
    expect(teaser(input, 60)).toBe(expected);
  });
});
