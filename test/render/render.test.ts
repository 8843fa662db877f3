import { describe, expect, it } from 'vitest';
import { renderDigest, renderMjml } from '../../src/render/index.js';
import { STATUS_SYMBOLS } from '../../src/render/view-sections.js';
import type { Digest } from '../../src/model/types.js';
import { CONTEXT, emptyDigest, englishDigest, fix, maximalDigest, sampleDigest } from '../fixtures/digests.js';
import { FORBIDDEN, PIXEL, validateStrict, visibleText } from './helpers.js';
import de from '../../templates/locales/de.json' with { type: 'json' };
import en from '../../templates/locales/en.json' with { type: 'json' };

const FIXTURES: Record<string, () => Digest> = { sample: sampleDigest, empty: emptyDigest, maximal: maximalDigest, english: englishDigest };
const eur = (locale: string, n: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(n);

describe.each(Object.entries(FIXTURES))('the %s digest', (_name, build) => {
  it('is valid MJML (strict) and renders with strict validation', async () => {
    await validateStrict(await renderMjml(build(), CONTEXT));
    await expect(renderDigest(build(), CONTEXT, { validationLevel: 'strict' })).resolves.toBeDefined();
  });

  it('never shows undefined, NaN, null, Infinity or [object Object]', async () => {
    const r = await renderDigest(build(), CONTEXT);
    expect(r.subject).not.toMatch(FORBIDDEN);
    expect(r.preheader).not.toMatch(FORBIDDEN);
    expect(visibleText(r.html)).not.toMatch(FORBIDDEN);
    expect(r.text).not.toMatch(FORBIDDEN);
  });

  it('has lang, dir, a title and a preheader, and no heading without content', async () => {
    const d = build();
    const r = await renderDigest(d, CONTEXT);
    expect(r.html).toContain(`lang="${d.locale.slice(0, 2)}"`);
    expect(r.html).toContain('dir="ltr"');
    expect(r.html).toMatch(/<title>[^<]+KW 47|<title>[^<]+Week 47/);
    expect(r.html).toContain('<meta name="color-scheme" content="light dark"');
    expect(r.html).not.toMatch(/<h[1-3][^>]*>\s*<\/h[1-3]>/);
    expect(r.html).not.toMatch(/fonts\.googleapis|@import|<link /);
    expect(r.images).toEqual([]);
    expect(r.text.endsWith('\n')).toBe(true);
  });
});

describe('size', () => {
  it('stays under Gmail\'s 102 KB clipping limit for a maximal week', async () => {
    const sizes: Record<string, number> = {};
    for (const [name, build] of Object.entries(FIXTURES)) sizes[name] = Buffer.byteLength((await renderDigest(build(), CONTEXT)).html);
    console.log('HTML bytes:', sizes);
    expect(sizes.maximal).toBeLessThan(102 * 1024);
    // Room for the charts of a later issue.
    expect(sizes.maximal).toBeLessThan(85 * 1024);
  });
});

describe('header, subject and preheader', () => {
  it('carries the week and the counts (German)', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    expect(r.preheader).toBe('5 Erfolge · 2 Veränderungen · 4 Baustellen');
    expect(r.subject).toBe('Marketing & Vertrieb DACH · KW 47: 5 Erfolge · 2 Veränderungen · 4 Baustellen');
    expect(r.html).toContain('KW 47 · 16.–22. November 2026');
    expect(visibleText(r.html)).toContain('5 Erfolge · 2 Veränderungen · 4 Baustellen');
    expect(r.html).toMatch(/display:none[^>]*>5 Erfolge · 2 Veränderungen · 4 Baustellen</);
    expect(r.text.split('\n').slice(0, 3)).toEqual(['Marketing & Vertrieb DACH', 'KW 47 · 16.–22. November 2026', r.preheader]);
  });

  it('uses singular forms for one item', async () => {
    const d = sampleDigest();
    const one = { ...d, successes: d.successes.slice(0, 1), changes: d.changes.slice(0, 1), fixes: d.fixes.slice(0, 1) };
    expect((await renderDigest(one, CONTEXT)).preheader).toBe('1 Erfolg · 1 Veränderung · 1 Baustelle');
    const e = englishDigest();
    const r = await renderDigest({ ...e, successes: e.successes.slice(0, 1) }, CONTEXT);
    expect(r.preheader).toBe('1 success · 1 change · 1 fix');
    expect(r.subject).toBe('Marketing & Sales UK · Week 47: 1 success · 1 change · 1 fix');
    expect((await renderDigest(emptyDigest(), CONTEXT)).preheader).toBe('0 Erfolge · 0 Veränderungen · 0 Baustellen');
  });

  it('keeps the subject under 90 characters by shortening a long title', async () => {
    const r = await renderDigest({ ...sampleDigest(), title: 'Wöchentlicher Überblick für Marketing und Vertrieb in Deutschland, Österreich und der Schweiz' }, CONTEXT);
    expect(r.subject.length).toBeLessThanOrEqual(90);
    expect(r.subject).toMatch(/^Wöchentlicher Überblick.*… · KW 47: 5 Erfolge · 2 Veränderungen · 4 Baustellen$/);
  });

  it('shows a week across two months, two years and a DST change', async () => {
    const range = async (start: string, end: string, week: string) =>
      (await renderDigest({ ...emptyDigest(), week, period: { start, end, timezone: 'Europe/Berlin' } }, CONTEXT)).text.split('\n')[1];
    expect(await range('2026-11-30T00:00:00.000+01:00', '2026-12-07T00:00:00.000+01:00', '2026-W49')).toBe('KW 49 · 30. November – 6. Dezember 2026');
    expect(await range('2026-12-28T00:00:00.000+01:00', '2027-01-04T00:00:00.000+01:00', '2026-W53')).toBe('KW 53 · 28. Dezember 2026 – 3. Januar 2027');
    expect(await range('2026-03-23T00:00:00.000+01:00', '2026-03-30T00:00:00.000+02:00', '2026-W13')).toBe('KW 13 · 23.–29. März 2026');
    const en = (await renderDigest({ ...englishDigest(), week: '2026-W49', period: { start: '2026-11-30T00:00:00.000+00:00', end: '2026-12-07T00:00:00.000+00:00', timezone: 'Europe/London' } }, CONTEXT)).text;
    expect(en.split('\n')[1]).toBe('Week 49 · 30 November – 6 December 2026');
  });
});

describe('scorecard', () => {
  it('shows status as a symbol and a word, never by colour alone', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    for (const [status, word] of Object.entries(de.status)) {
      const label = `${STATUS_SYMBOLS[status as keyof typeof STATUS_SYMBOLS]} ${word}`;
      expect(r.html).toContain(label);
      expect(r.text).toContain(label);
    }
    const e = await renderDigest(englishDigest(), CONTEXT);
    for (const [status, word] of Object.entries(en.status)) expect(e.text).toContain(`${STATUS_SYMBOLS[status as keyof typeof STATUS_SYMBOLS]} ${word}`);
  });

  it('formats values, deltas, targets and MTD pacing for the locale', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    const pct = (locale: string, n: number) => new Intl.NumberFormat(locale, { style: 'percent' }).format(n);
    expect(r.text).toContain(`- SQLs: 12 · ✖︎ nicht im Plan · ↑ +3 (${'+' + pct('de-DE', 0.33)}) ggü. Vorwoche`);
    expect(r.text).toContain(`Monat bisher 30 von 60 · erwartet 44 · Tempo ${pct('de-DE', 0.68)}`);
    expect(r.text).toContain(`Gewonnener Umsatz: ${eur('de-DE', 27100)}`);
    expect(r.text).toContain(`Ziel ${eur('de-DE', 25000)}`);
    expect(r.text).toContain(`MQL→SQL-Quote (4 Wochen): ${pct('de-DE', 0.25)}`); // 25 % with a (narrow) no-break space
    expect(r.text).toContain('+5 Pp.');
    expect(r.text).toContain('Median bis Erstkontakt: 5,3 Std.');
    expect(r.text).toContain('Webinar-Anmeldungen: – · ◌ kein Wert\n');
    const e = await renderDigest(englishDigest(), CONTEXT);
    expect(e.text).toContain('- MQL→SQL rate (4 weeks): 25% · ○ no target · ↑ +5 pp vs. last week');
    expect(e.text).toContain(`Revenue won: €27,100`);
    expect(e.text).toContain('MTD 30 of 60 · expected 44 · pace 68%');
    expect(e.text).toContain('Median time to first touch: 5.3 h');
  });

  it('uses the locale label of a CRM metric when the digest has none', async () => {
    const e = await renderDigest(englishDigest(), CONTEXT);
    expect(e.text).toContain('- New leads: 84');
    expect(e.text).toContain('- Webinar sign-ups: –');
  });

  it('references chart images by CID with alt text when charts are given', async () => {
    const chart = (cid: string, alt: string) => ({ cid, filename: `${cid}.png`, contentType: 'image/png' as const, alt, draw: () => PIXEL });
    const charts = { kpis: { sqls: chart('trend-sqls', 'SQLs: Verlauf'), leads_new: chart('trend-leads', '') }, funnel: chart('funnel', 'Funnel') };
    const r = await renderDigest(sampleDigest(), CONTEXT, { charts, validationLevel: 'strict' });
    const imgs = r.html.match(/<img\b[^>]*>/g) ?? [];
    expect(imgs).toHaveLength(3);
    for (const img of imgs) expect(img).toMatch(/\salt="[^"]+"/);
    expect(r.html).toContain('src="cid:trend-sqls" alt="SQLs: Verlauf"');
    expect(r.html).toContain('alt="Neue Leads: Verlauf der letzten 8 Wochen"');
    expect(r.images.map((i) => i.cid)).toEqual(['trend-sqls', 'trend-leads', 'funnel']);
  });
});

describe('sections', () => {
  it('says in one line that an empty section has nothing to show, without a heading', async () => {
    const r = await renderDigest(emptyDigest(), CONTEXT);
    const headings = [...r.html.matchAll(/<h[23][^>]*>([^<]*)<\/h[23]>/g)].map((m) => m[1]);
    expect(headings).toEqual([de.sections.scorecard]);
    for (const key of ['successes', 'changes', 'fixes', 'sources', 'voice'] as const) {
      expect(r.html).toContain(de.empty[key]);
      expect(r.text).toContain(`\n${de.empty[key]}\n`);
      expect(r.text).not.toContain(`${de.sections[key]}\n=`);
    }
    expect(r.text).toContain('- SQLs: – · ◌ kein Wert\n');
    expect(r.text).not.toContain('Zeilen aus Sheet/CRM');
  });

  it('shows wins without success notes, and SLA breaches without fix notes, under their headings', async () => {
    const d = sampleDigest();
    const r = await renderDigest({ ...d, successes: d.successes.filter((s) => s.origin === 'deal'), fixes: [] }, CONTEXT);
    expect(r.text).toContain(`${de.sections.successes}\n=======\n\n${de.sections.wins}:`);
    expect(r.text).not.toContain(de.empty.successes);
    expect(r.text).toContain(`${de.sections.fixes}\n==========\n\n${de.sections.sla}:`);
    expect(r.text).not.toContain(de.empty.fixes);
  });

  it('puts every section heading and every won deal into the text part', async () => {
    const d = sampleDigest();
    const r = await renderDigest(d, CONTEXT);
    for (const heading of Object.values(de.sections)) expect(r.text).toContain(heading);
    for (const w of d.wins) expect(r.text).toContain(w.name);
    const max = maximalDigest();
    const m = await renderDigest(max, CONTEXT);
    for (const w of max.wins) expect(m.text).toContain(w.name);
  });

  it('lists wins largest first with owner, readable source and the original currency', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    const chf = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'CHF', maximumFractionDigits: 0 }).format(10000);
    expect(r.text).toContain(`- Bergbahnen Zermatt AG: ${eur('de-DE', 10600)} (${chf}) · Lukas Brunner · Empfehlungen`);
    expect(r.html).toContain(`(${chf})`);
    expect(r.text).toContain(`Stadtwerke Köln Pilot: ${eur('de-DE', 4500)} · Jana Weiß · PARTNER_PORTAL`);
    // Deal successes are shown once, in the wins table.
    expect(r.text.split('Müller Maschinenbau GmbH').length - 1).toBe(1);
  });

  it('marks fixes with owner, due date, carried-over week and done status', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    const due = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date('2026-11-20'));
    expect(r.text).toContain(`Verantwortlich: Anke Schröder · fällig ${due} · offen seit KW 45`);
    expect(r.html).toContain('offen seit KW 45');
    expect(r.text).toContain('- [✔︎ erledigt] Webinar-Follow-up-Mails');
    const e = await renderDigest({ ...englishDigest(), fixes: sampleDigest().fixes }, CONTEXT);
    expect(e.text).toContain('open since week 45');
    const old = await renderDigest({ ...sampleDigest(), fixes: [fix('Alt', { openSince: '2025-W50' })] }, CONTEXT);
    expect(old.text).toContain('offen seit KW 50/2025');
  });

  it('maps lead source codes to labels and keeps unknown codes', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    expect(r.text).toContain(`- Organische Suche: SQLs 5 · Gewonnen 1 · Umsatz ${eur('de-DE', 12000)}`);
    expect(r.text).toContain('- PARTNER_PORTAL: SQLs 2');
    const e = await renderDigest(englishDigest(), CONTEXT);
    expect(e.text).toContain('- Organic search: SQLs 5 · Won 1 · Revenue €12,000');
  });

  it('groups customer voice by topic with author and source', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    expect(r.text).toContain('Integration mit SAP\n  „Wir brauchen den Export nach SAP, sonst kauft die IT nicht.“ — Jana Weiß · Telefonat');
    expect(r.text).toContain('Preise\n  „Die Staffel ist zu kompliziert.“\n');
  });

  it('shows the funnel with step conversions', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    const pct = (n: number) => new Intl.NumberFormat('de-DE', { style: 'percent' }).format(n);
    expect(r.text).toContain(`- Neue Leads: 84\n- MQLs: 27 (${pct(27 / 84)})\n- SQLs: 12 (${pct(12 / 27)})\n- Neue Deals: 5 (${pct(5 / 12)})\n- Gewonnene Deals: 3 (${pct(3 / 5)})`);
  });
});

describe('robustness', () => {
  it('renders a malformed locale and an unknown currency without throwing', async () => {
    const d = sampleDigest();
    const r = await renderDigest({ ...d, locale: 'de_DE', wins: [{ ...d.wins[1]!, originalCurrency: 'FRANKEN' }] }, CONTEXT, { validationLevel: 'strict' });
    expect(r.html).toContain('lang="de"');
    expect(r.text).toContain('(10.000 FRANKEN)');
  });
});

describe('footer', () => {
  it('links the sheet and CRM, names the meeting and contact, says why and how to unsubscribe', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    expect(r.html).toContain('href="https://docs.google.com/spreadsheets/d/abc123/edit"');
    expect(r.html).toContain('href="mailto:revops@example.com"');
    expect(r.html).toContain('Sie erhalten diesen Digest, weil Sie auf der Liste alignment@example.com stehen.');
    expect(r.html).toMatch(/href="https:\/\/example.com\/unsubscribe\?list&#x3D;dach&amp;u&#x3D;42"[^>]*>Abmelden</);
    expect(r.text).toContain('Nächstes gemeinsames Meeting: Dienstag, 24. November 2026');
    expect(r.text).toContain('2 Zeilen aus Sheet/CRM konnten nicht gelesen werden; Details mit »digest validate«.');
    expect(r.text).not.toContain('Notes!C7');
    const e = await renderDigest(englishDigest(), { listAddress: 'team@example.com', footer: { nextMeeting: 'Thursday after the all-hands' } });
    expect(e.text).toContain('Next joint meeting: Thursday after the all-hands');
    expect(e.text).toContain('You receive this digest because you are on team@example.com.');
    expect(e.text).toContain('2 rows in the sheet/CRM could not be read; run “digest validate” for details.');
    expect(e.html).not.toContain('Unsubscribe');
  });
});
