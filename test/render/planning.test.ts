/**
 * The "Planning together" section, topics and lead quality in the email: what shows, in which
 * words and figures, and when it is left out.
 */
import { describe, expect, it } from 'vitest';
import { drawDigestCharts } from '../../src/render/charts/index.js';
import { renderDigest } from '../../src/render/index.js';
import type { Digest } from '../../src/model/types.js';
import { CONTEXT, englishDigest, sampleDigest } from '../fixtures/digests.js';

/** The text part with Intl's no-break spaces (`35 %`) as plain spaces, for readable expectations. */
const text = async (d: Digest) => (await renderDigest(d, CONTEXT)).text.replace(/[\u00a0\u202f]/g, ' ');
const block = (t: string, from: string, to: string) => t.slice(t.indexOf(from), t.indexOf(to, t.indexOf(from)));

describe('planning section', () => {
  it('shows need against MTD per step with status, the agreed target, the forecast and the 12-week rates', async () => {
    const r = await renderDigest(sampleDigest(), CONTEXT, { validationLevel: 'strict' });
    const t = block(r.text.replace(/[\u00a0\u202f]/g, ' '), 'Gemeinsam planen', 'Erfolge\n=');
    expect(t).toContain('Ziel November: 14 Deals');
    expect(t).toContain('- Neue Leads: 260 / 329 (vereinbart 320) · Prognose 350 (+21) · ✔\uFE0E im Plan');
    expect(t).toContain('- MQLs: 90 / 115 · ✔\uFE0E im Plan');
    expect(t).toContain('- SQLs: 30 / 47 (vereinbart 60) · Prognose 40 (-7) · ✖\uFE0E nicht im Plan');
    expect(t).toContain('12-Wochen-Quoten Lead→MQL→SQL→gewonnen: 35 % · 41 % · 30 %');
    // The scorecard's 4-week rate is labelled differently; the planning rates never look like it.
    expect(t).not.toContain('4 Wochen');
    // In the HTML: its own section, the need beside the agreed target, the forecast with its gap.
    expect(r.html).toContain('digest-planning');
    expect(r.html).toContain('Bedarf 329 Neue Leads, vereinbart 320 · Bedarf 47 SQLs, vereinbart 60');
    expect(r.html.replace(/[\u00a0\u202f]/g, ' ')).toContain('Prognose: Neue Leads 350 (+21) · SQLs 40 (-7)');
    // Without the chart, the status line (symbol and word per step) stands in for it.
    expect(r.html).toContain('✔\uFE0E\u00a0MQLs\u00a0im\u00a0Plan');
  });

  it('says plainly when sales is the bottleneck, and suggests what to do', async () => {
    const t = block(await text(sampleDigest()), 'Gemeinsam planen', 'Erfolge\n=');
    expect(t).toContain('✖\uFE0E Engpass im Vertrieb: Lead-Generierung drosseln oder Kapazität verschieben.');
    expect(t).toContain('21 MQLs warten (Median 52,5 Std.) · 12 Erstkontakte · Rückstand 1,8 Wochen');
    // The email names the two owners most of the backlog waits with; digest.json keeps five.
    expect(t).toContain('Offen: Tobias Huber 14 · Jana Weiß 4\n');
  });

  it('shows the capacity signal without planning; no advice when sales keeps up', async () => {
    const d = { ...sampleDigest(), planning: null, capacity: { backlog: 3, backlogMedianAgeHours: 20, touched: 9, backlogWeeks: 0.3333, status: 'ok' as const, byOwner: [] } };
    const t = block(await text(d), 'Gemeinsam planen', 'Erfolge\n=');
    expect(t).toContain('✔\uFE0E Vertrieb kommt hinterher');
    expect(t).toContain('3 MQLs warten (Median 20,0 Std.) · 9 Erstkontakte · Rückstand 0,3 Wochen');
    expect(t).not.toMatch(/Ziel|drosseln|Prognose/);
  });

  it('is left out when there is neither planning nor a capacity figure', async () => {
    const r = await renderDigest({ ...sampleDigest(), planning: null, capacity: null }, CONTEXT);
    expect(r.text).not.toContain('Gemeinsam planen');
    expect(r.html).not.toContain('digest-planning');
  });

  it('never shows null, NaN or undefined for null needs and rates', async () => {
    const d = sampleDigest();
    const planning = { ...d.planning!, rates: { leadToMql: null, mqlToSql: 0.41, sqlToWon: 0.3 }, need: { ...d.planning!.need, leads_new: null }, expected: { ...d.planning!.expected, leads_new: null }, pace: { ...d.planning!.pace, leads_new: null }, status: { ...d.planning!.status, leads_new: 'no_target' as const }, gap: { ...d.planning!.gap, leads_new: null } };
    const r = await renderDigest({ ...d, planning }, CONTEXT, { charts: await drawDigestCharts({ ...d, planning }) });
    for (const part of [r.text, r.html]) expect(part).not.toMatch(/\b(null|NaN|undefined|Infinity)\b/);
    expect(r.text).toContain('- Neue Leads: 260 / – (vereinbart 320) · Prognose 350 · ○ kein Ziel');
  });

  it('draws need against MTD as a chart with every number in its alt text', async () => {
    const d = sampleDigest();
    const r = await renderDigest(d, CONTEXT, { charts: await drawDigestCharts(d) });
    const chart = r.images.find((i) => i.cid === 'planning@digest')!;
    expect(chart.alt).toBe('Bedarf und Monat bisher: Neue Leads 260 von 329 (erwartet 241, im Plan); MQLs 90 von 115 (erwartet 84, im Plan); SQLs 30 von 47 (erwartet 34, nicht im Plan)');
    // With the chart (which shows each step's status), no separate status line.
    expect(r.html).not.toContain('\u00a0MQLs\u00a0im\u00a0Plan');
    expect(r.html).toContain('cid:planning@digest');
  });

  it('speaks English in an English digest', async () => {
    const d = { ...englishDigest(), planning: sampleDigest().planning, capacity: sampleDigest().capacity };
    const t = block(await text(d), 'Planning together', 'Successes\n=');
    expect(t).toContain('November target: 14 deals won');
    expect(t).toContain('12-week rates lead→MQL→SQL→won: 35% · 41% · 30%');
    expect(t).toContain('Sales is the bottleneck: throttle lead generation or shift capacity.');
  });
});

describe('topics and lead quality', () => {
  it('lists the topics that convert beside the lead sources, with their MQL→SQL rate', async () => {
    const t = await text(sampleDigest());
    const sources = block(t, 'Lead-Quellen', 'Stimme der Kunden');
    // The email names the top 3 (digest.json keeps 5 and the count without a topic).
    expect(sources).toContain('Themen (SQLs, MQL→SQL, 4 Wochen): Webinar: SAP-Integration 4 (44 %) · Whitepaper OEE 3 (25 %) · Kontaktformular 2 (40 %)\n');
  });

  it('shows lead quality in the fixes: rejected by source and reason', async () => {
    const t = await text(sampleDigest());
    const fixes = block(t, '\nBaustellen\n=', 'Lead-Quellen');
    // The top 2 sources and reasons in the email; digest.json keeps 5 of each.
    expect(fixes).toContain('Abgelehnt (4 Wochen): 9 von 80 MQLs (11 %) · Bezahlte Suche 5 · Bezahlte Social Ads 3 · Gründe: kein Budget 4 · Student 2\n');
  });

  it('leaves both out when the source cannot say (null) or nothing was rejected', async () => {
    const t = await text({ ...sampleDigest(), topics: null, quality: { cohort: 10, rejected: 0, rejectionRate: 0, bySource: [], reasons: [] } });
    expect(t).not.toMatch(/Themen \(|Abgelehnt \(/);
  });
});
