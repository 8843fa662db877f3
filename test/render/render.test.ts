import { describe, expect, it } from 'vitest';
import { renderDigest, renderMjml } from '../../src/render/index.js';
import { STATUS_SYMBOLS } from '../../src/render/view-sections.js';
import type { Digest } from '../../src/model/types.js';
import { CONTEXT, emptyDigest, englishDigest, fix, maximalDigest, note, sampleDigest, withHighlights } from '../fixtures/digests.js';
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
  it('puts the counts into the preheader and the week with its dates into the header', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    // 4 fixes plus the capacity signal: the sample is a bottleneck week.
    expect(r.preheader).toBe('4 Erfolge · 1 Veränderung · 5 Baustellen');
    expect(r.html).toContain('KW 47 · 16.–22. November 2026');
    expect(r.html).toMatch(/display:none[^>]*>4 Erfolge · 1 Veränderung · 5 Baustellen</);
    expect(r.text.split('\n').slice(0, 2)).toEqual(['Marketing & Vertrieb DACH', 'KW 47 · 16.–22. November 2026']);
  });

  it('carries the week and the top success with its figure in the subject', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    expect(r.subject).toBe(`Marketing & Vertrieb DACH · KW 47: Müller Maschinenbau GmbH – Rahm… (${eur('de-DE', 12000)})`);
    expect([...r.subject].length).toBe(78);
    const short = await renderDigest({ ...sampleDigest(), title: 'DACH' }, CONTEXT);
    expect(short.subject).toBe(`DACH · KW 47: Müller Maschinenbau GmbH – Rahmenvertrag (${eur('de-DE', 12000)})`);
  });

  it('carries the counts in the subject when the week has no success', async () => {
    const d = sampleDigest();
    const r = await renderDigest(withHighlights({ ...d, wins: [], successes: [], kpis: d.kpis.filter((k) => k.status !== 'on_track') }), CONTEXT);
    expect(r.subject).toBe('Marketing & Vertrieb DACH · KW 47: 0 Erfolge · 1 Veränderung · 5 Baustellen');
  });

  it('uses singular forms for one item', async () => {
    const d = sampleDigest();
    const one = withHighlights({ ...d, wins: [], successes: d.successes.filter((it) => it.origin === 'note'), fixes: d.fixes.slice(0, 1), slaBreachesByOwner: [], kpis: [], capacity: null });
    expect((await renderDigest(one, CONTEXT)).preheader).toBe('1 Erfolg · 1 Veränderung · 1 Baustelle');
    const e = englishDigest();
    const r = await renderDigest(withHighlights({ ...e, wins: [], successes: [note('Trade fair: 40 qualified talks')], slaBreachesByOwner: [], kpis: [], capacity: null }), CONTEXT);
    expect(r.preheader).toBe('1 success · 1 change · 1 fix');
    expect(r.subject).toBe('Marketing & Sales UK · Week 47: Trade fair: 40 qualified talks');
    expect((await renderDigest(emptyDigest(), CONTEXT)).preheader).toBe('0 Erfolge · 0 Veränderungen · 0 Baustellen');
  });

  it('keeps the subject within 78 characters: the title is cut first, then the highlight, never the figure', async () => {
    const long = 'Wöchentlicher Überblick für Marketing und Vertrieb in Deutschland, Österreich und der Schweiz';
    const r = await renderDigest({ ...sampleDigest(), title: long }, CONTEXT);
    expect([...r.subject].length).toBeLessThanOrEqual(78);
    expect(r.subject).toMatch(new RegExp(`^Wöchentlicher Überblick.*… · KW 47: Müller Maschinenbau.*… \\(${eur('de-DE', 12000)}\\)$`));
    const d = sampleDigest();
    const counts = await renderDigest(withHighlights({ ...d, title: long, wins: [], successes: [], kpis: [] }), CONTEXT);
    expect([...counts.subject].length).toBeLessThanOrEqual(78);
    expect(counts.subject).toMatch(/^Wöchentlicher Überblick.*… · KW 47: 0 Erfolge · 1 Veränderung · 4 Baustellen$/);
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
    // The change as a relative figure, the same string a mover shows at a glance.
    expect(r.text).toContain(`- SQLs: 12 · ✖︎ nicht im Plan · ↑ ${'+' + pct('de-DE', 0.33)}\n  Ziel\u00a015 · Monat 30 von 60 · Tempo ${pct('de-DE', 0.68)}\n`);
    expect(r.text).toContain(`(Wert · Status · ggü. Vorwoche)\n`);
    expect(r.text).toContain(`Gewonnener Umsatz: ${eur('de-DE', 27100)}`);
    expect(r.text).toContain(`Ziel\u00a0${eur('de-DE', 25000)}`); // kept in one piece (a no-break space) beside the status word
    expect(r.text).toContain(`MQL→SQL-Quote (4 Wochen): ${pct('de-DE', 0.25)}`); // 25 % with a (narrow) no-break space
    expect(r.text).toContain('+5 Pp.');
    expect(r.text).toContain('Median bis Erstkontakt: 5,3 Std.');
    expect(r.text).toContain('Webinar-Anmeldungen: – · ◌ kein Wert\n');
    const e = await renderDigest(englishDigest(), CONTEXT);
    expect(e.text).toContain('- MQL→SQL rate (4 weeks): 25% · ○ no target · ↑ +5 pp\n');
    expect(e.text).toContain(`Revenue won: €27,100`);
    expect(e.text).toContain('MTD 30 of 60 · pace 68%');
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
    expect(imgs).toHaveLength(2); // the sparklines; the funnel is one line at a glance, not a chart
    for (const img of imgs) expect(img).toMatch(/\salt="[^"]+"/);
    expect(r.html).toContain('src="cid:trend-sqls" alt="SQLs: Verlauf"');
    expect(r.html).toContain('alt="Neue Leads: Verlauf der letzten 8 Wochen"');
    expect(r.images.map((i) => i.cid)).toEqual(['trend-sqls', 'trend-leads']);
  });
});

describe('sections', () => {
  it('says in one line that an empty section has nothing to show, without a heading', async () => {
    const r = await renderDigest(emptyDigest(), CONTEXT);
    const headings = [...r.html.matchAll(/<h[23][^>]*>([^<]*)<\/h[23]>/g)].map((m) => m[1]);
    expect(headings).toEqual([de.glance.heading, de.sections.scorecard]);
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
    const r = await renderDigest(withHighlights({ ...d, successes: d.successes.filter((s) => s.origin === 'deal'), fixes: [] }), CONTEXT);
    expect(r.text).toContain(`${de.sections.successes}\n=======\n${de.sections.wins}:`);
    expect(r.text).not.toContain(de.empty.successes);
    expect(r.text).toContain(`${de.sections.fixes}\n==========\n\n${de.sections.sla}:`);
    expect(r.text).not.toContain(de.empty.fixes);
  });

  it('puts every section heading into the text part, and caps each list with a line that says where the rest is', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    for (const heading of Object.values(de.sections)) expect(r.text).toContain(heading);
    const max = maximalDigest();
    const m = await renderDigest(max, CONTEXT);
    const wins = [...max.wins].sort((a, b) => b.amount! - a.amount!);
    for (const w of wins.slice(0, 3)) expect(m.text).toContain(w.name);
    for (const w of wins.slice(3)) expect(m.text).not.toContain(w.name);
    expect(m.text).toContain('… und 12 weitere im CRM: https://app.hubspot.com/reports-dashboard/123/view/456');
    expect(m.html).toMatch(/<a href="https:\/\/app.hubspot.com\/reports-dashboard\/123\/view\/456"[^>]*>… und 12 weitere im CRM<\/a>/);
    // 8 success notes, 8 change notes, 9 fix notes: 3 each shown, the rest in the sheet.
    expect(m.text.match(/und 5 weitere im Sheet/g)).toHaveLength(2);
    expect(m.text).toContain('und 6 weitere im Sheet');
    // 10 quotes in 4 topics: 3 shown, and the SLA owners: 5 of 10.
    expect(m.text.match(/„Für uns zählt/g)).toHaveLength(3);
    expect(m.text).toContain('und 7 weitere im Sheet');
    expect(m.text).toContain('… und 5 weitere im CRM');
    // sources: 5 of 8
    expect(m.text).toContain('… und 3 weitere im CRM');
  });

  it('links the rest of a list to the sheet tab by its gid, or to the sheet when the gid is unknown', async () => {
    const max = maximalDigest();
    const withGids = await renderDigest(max, { ...CONTEXT, sheetGids: { notes: 1234, voice: 99 } });
    expect(withGids.html).toMatch(/<a href="https:\/\/docs.google.com\/spreadsheets\/d\/abc123\/edit#gid&#x3D;1234"[^>]*>und 5 weitere im Sheet<\/a>/);
    expect(withGids.text).toContain('und 7 weitere im Sheet: https://docs.google.com/spreadsheets/d/abc123/edit#gid=99');
    const without = await renderDigest(max, CONTEXT);
    expect(without.text).toContain('und 5 weitere im Sheet: https://docs.google.com/spreadsheets/d/abc123/edit\n');
    const noSheet = await renderDigest(max, { ...CONTEXT, footer: {} });
    expect(noSheet.text).toContain('  und 5 weitere im Sheet\n');
    expect(noSheet.html).toMatch(/<p class="m"[^>]*>und 5 weitere im Sheet<\/p>/);
  });

  it('honours sections.maxItems', async () => {
    const m = await renderDigest(maximalDigest(), { ...CONTEXT, sections: { maxItems: 5 } });
    expect(m.text).toContain('… und 10 weitere im CRM');
    expect(m.text).toContain('und 3 weitere im Sheet');
  });

  it('shows a note as title, one meta line and at most 140 characters of details; the text part a teaser of whole sentences', async () => {
    const m = await renderDigest(maximalDigest(), CONTEXT);
    const cut = [...m.html.matchAll(/<br>(Die Überführung[^<]*)</g)].map((x) => x[1]!);
    expect(cut.length).toBeGreaterThan(0);
    for (const d of cut) {
      expect([...d].length).toBeLessThanOrEqual(140);
      expect(d.endsWith('…')).toBe(true);
    }
    expect(m.html).not.toContain('Zweite Zeile mit Details');
    // Its first sentence does not fit the text part's 60 characters: no fragment there.
    expect(m.text).not.toMatch(/^ {2}Die Überführung/m);
    const details = 'Erster Satz ist kurz. Der zweite Satz ist deutlich länger und passt nicht mehr in den Anriss.';
    const r = await renderDigest(withHighlights({ ...sampleDigest(), successes: [note('Mit Anriss', { details, team: 'marketing', author: 'Anke' })] }), CONTEXT);
    expect(r.text).toContain('- Mit Anriss\n  Marketing · Anke\n  Erster Satz ist kurz. …\n');
    expect(r.html).toContain(details);
  });

  it('never repeats a KPI as a card below the scorecard', async () => {
    // Sales keeps up this time, so the off-track SQLs make the fixes at a glance.
    const d = withHighlights({ ...sampleDigest(), capacity: { ...sampleDigest().capacity!, status: 'ok' } });
    const r = await renderDigest(d, CONTEXT);
    const below = r.html.slice(r.html.indexOf('digest-planning') > 0 ? r.html.indexOf('digest-planning') : r.html.indexOf('digest-successes'));
    const text = r.text.slice(r.text.indexOf(`\n${de.sections.successes}\n=`));
    for (const it of [...d.successes, ...d.changes, ...d.fixes].filter((i) => i.origin === 'kpi')) {
      expect(it.details).not.toBeNull();
      expect(below).not.toContain(it.details!);
      expect(text).not.toContain(it.details!);
    }
    // The SQLs figures appear in the scorecard and at a glance, formatted the same way.
    expect(r.text).toContain('- SQLs · 12 (Ziel 15)');
    expect(r.text).toContain('  Ziel\u00a015');
  });

  it('lists wins largest first with owner, readable source and the original currency', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    const chf = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'CHF', maximumFractionDigits: 0 }).format(10000);
    expect(r.text).toContain(`- Bergbahnen Zermatt AG: ${eur('de-DE', 10600)} (${chf}) · Lukas Brunner · Empfehlungen`);
    expect(r.html).toContain(`(${chf})`);
    expect(r.text).toContain(`Stadtwerke Köln Pilot: ${eur('de-DE', 4500)} · Jana Weiß · PARTNER_PORTAL`);
    // Below the glance, deal successes are shown once, in the wins table.
    const sections = r.text.slice(r.text.indexOf(`\n${de.sections.successes}\n=`));
    expect(sections.split('Müller Maschinenbau GmbH').length - 1).toBe(1);
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
    // The columns are named once, under the heading.
    expect(r.text).toContain(`Lead-Quellen\n============\n(SQLs · Gewonnen · Umsatz)\n- Organische Suche: 5 · 1 · ${eur('de-DE', 12000)}`);
    expect(r.text).toContain('- PARTNER_PORTAL: 2 · ');
    const e = await renderDigest(englishDigest(), CONTEXT);
    expect(e.text).toContain('(SQLs · won · revenue)\n- Organic search: 5 · 1 · €12,000');
  });

  it('groups customer voice by topic with author and source', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    expect(r.text).toContain('Integration mit SAP\n  „Wir brauchen den Export nach SAP, sonst kauft die IT nicht.“ — Jana Weiß · Telefonat');
    expect(r.text).toContain('Preise\n  „Die Staffel ist zu kompliziert.“\n');
  });

  it('shows the funnel in one line at a glance', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT);
    expect(r.text).toContain(`\n84 Leads → 27 MQL → 12 SQL → 3 gewonnen · ${eur('de-DE', 27100)}\n`);
    const e = await renderDigest(englishDigest(), CONTEXT);
    expect(e.text).toContain('84 leads → 27 MQLs → 12 SQLs → 3 won · €27,100');
    expect((await renderDigest(emptyDigest(), CONTEXT)).text).not.toContain('→');
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
    expect(r.html).toContain('Sie erhalten diesen Digest über die Liste alignment@example.com.');
    expect(r.html).toMatch(/href="https:\/\/example.com\/unsubscribe\?list&#x3D;dach&amp;u&#x3D;42"[^>]*>Abmelden</);
    expect(r.text).toContain('Nächstes gemeinsames Meeting: Dienstag, 24. November 2026');
    expect(r.text).toContain('2 Zeilen aus Sheet/CRM waren nicht lesbar; Details mit »digest validate«.');
    expect(r.text).not.toContain('Notes!C7');
    const e = await renderDigest(englishDigest(), { listAddress: 'team@example.com', footer: { nextMeeting: 'Thursday after the all-hands' } });
    expect(e.text).toContain('Next joint meeting: Thursday after the all-hands');
    expect(e.text).toContain('You receive this digest because you are on team@example.com.');
    expect(e.text).toContain('2 rows in the sheet/CRM could not be read; run “digest validate” for details.');
    expect(e.html).not.toContain('Unsubscribe');
  });
});
