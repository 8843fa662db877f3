/**
 * Bad input in the sheet files (KPIs, Targets, Notes, Voice) as people make them. Each case
 * changes one thing in a copy of the sample, runs `digest validate` in-process and asserts the
 * exit code, the located message, and that every figure of the digest stays as for the clean
 * sample (or changes exactly as the case says).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE } from '../helpers/cli.js';
import { append, checkCase, configFor, dataFolder, digestFor, figures, nextLine, nextRow, replace, runDataCase, windows1252, type DataCase } from './harness.js';

const K = await nextRow('kpis.csv');
const N = await nextRow('notes.csv');
const T = await nextRow('targets.csv');
const V = await nextRow('voice.csv');
const NL = await nextLine('notes.csv');
const sampleText = async (file: string) => readFile(join(SAMPLE, file), 'utf8');
const notesText = await sampleText('notes.csv');
const kpisText = await sampleText('kpis.csv');

const titles = (d: { successes: { title: string }[]; changes: { title: string }[]; fixes: { title: string }[] }) => [...d.successes, ...d.changes, ...d.fixes].map((i) => i.title);

const CASES: DataCase[] = [
  // Encodings and the shapes Excel writes
  { name: 'UTF-8 with BOM', files: { 'kpis.csv': `\uFEFF${kpisText}` }, exit: 0, says: ['0 errors'] },
  { name: 'CRLF line ends in every sheet file', files: Object.fromEntries(['kpis.csv', 'targets.csv', 'notes.csv', 'voice.csv'].map((f) => [f, (t: string) => t.replace(/\n/g, '\r\n')])), exit: 0, says: ['0 errors'] },
  {
    name: 'German Excel: ";" between fields and decimal commas',
    files: { 'kpis.csv': kpisText.replace(/,/g, ';').replace(/;(\d+)\.(\d+)/g, ';$1,$2') },
    exit: 0, says: ['0 errors'],
  },
  {
    name: 'Windows-1252 notes.csv (German Excel "CSV"): decoded, with a warning naming the file',
    files: { 'notes.csv': windows1252(notesText) },
    exit: 0, says: ['warning notes.csv: not UTF-8; read as Windows-1252'],
    digest: (d) => {
      expect(titles(d)).toContain('Müller Maschinenbau unterschreibt Jahreslizenz');
      expect(JSON.stringify(d)).not.toContain('\uFFFD');
    },
  },
  {
    name: 'Windows-1252 kpis.csv with € and umlauts in a header alias',
    files: { 'kpis.csv': windows1252(kpisText.replace('week,metric,value,target', 'Woche,Kennzahl,Wert,Zielwert').replace('2026-W47,budget_spent,6930,', '2026-W47,budget_spent,6930 €,')) },
    exit: 0, says: ['warning kpis.csv: not UTF-8; read as Windows-1252'],
  },
  {
    name: 'UTF-16 with BOM (Excel "Unicode text", tab-separated)',
    files: { 'kpis.csv': new Uint8Array([0xff, 0xfe, ...Buffer.from(kpisText.replace(/,/g, '\t'), 'utf16le')]) },
    exit: 0, says: ['0 errors'],
  },
  // Structure of the file
  {
    name: 'a duplicated header: the first column wins, the second is named',
    files: { 'voice.csv': (t) => t.replace('week,topic,quote,author,source', 'week,topic,quote,author,source,quote').replace(/\n(?=.)/g, '\n').replace(/$/, '') },
    exit: 0, says: ['warning voice.csv!F1: column "quote" appears twice (C and F); column C is read and column F is ignored'],
  },
  {
    name: 'an unterminated quote in notes.csv: the line where it opened, the rows before it kept',
    files: { 'notes.csv': append('2026-W47,fix,sales,Jörg,"Angebot ohne Schlusszeichen,,,,,open', '2026-W47,success,sales,Jörg,Danach verloren,,,,,') },
    exit: 4, says: [`error   notes.csv!${NL}: a quote (") opened in line ${NL} is never closed, so the rest of the file cannot be read; the rows before line ${NL} are used`],
    digest: (d) => {
      expect(titles(d)).toContain('Müller Maschinenbau unterschreibt Jahreslizenz');
      expect(titles(d)).toContain('MQLs über 24 h ohne Rückmeldung');
      expect(titles(d).some((t) => t.includes('Schlusszeichen') || t.includes('Danach'))).toBe(false);
    },
  },
  {
    name: 'an unterminated quote in kpis.csv names line 70 exactly',
    files: { 'kpis.csv': replace('2026-W47,budget_spent,6930,', '2026-W47,budget_spent,"6930,') },
    exit: 4, says: ['error   kpis.csv!70: a quote (") opened in line 70 is never closed'],
    changes: { 'kpi:budget_spent': null, 'kpi:demo_show_rate': null },
  },
  {
    name: 'a quote inside an unquoted field (Der 12" Monitor): read as written, as spreadsheets read it, in its own column',
    files: { 'notes.csv': append('2026-W47,fix,sales,Jörg,Der 12" Monitor flackert,,,,,open', '2026-W47,fix,sales,Jörg,Danach geht es weiter,,,,,open') },
    exit: 0, says: ['0 errors'],
    digest: (d) => expect(d.fixes.map((f) => f.title)).toEqual(expect.arrayContaining(['Der 12" Monitor flackert', 'Danach geht es weiter'])),
  },
  {
    name: 'text after a closing quote ("Der 12" Monitor flackert"): that row is reported and skipped, never read shifted; the next row is read',
    files: { 'notes.csv': append('2026-W47,fix,sales,Jörg,"Der 12" Monitor flackert",,,,,open', '2026-W47,fix,sales,Jörg,Danach geht es weiter,,,,,open') },
    exit: 4, says: [`error   notes.csv!${NL}: unreadable CSV record (a cell begins with a quote (") but has text after its closing quote); it is skipped: double every quote inside a quoted cell, as in "12"" Monitor"`],
    digest: (d) => {
      expect(d.fixes.map((f) => f.title).some((t) => t.includes('Monitor'))).toBe(false);
      expect(d.fixes.map((f) => f.title)).toContain('Danach geht es weiter');
    },
  },
  { name: 'a missing required column in notes.csv', files: { 'notes.csv': (t) => t.replace('week,kind,team,author,title,', 'week,kind,team,author,headline_x,') }, exit: 4, says: ['error   notes.csv!1: missing column "title"'] },
  { name: 'kpis.csv missing: one incomplete error, the manual KPIs empty', files: { 'kpis.csv': { deleted: true } }, exit: 4, says: [/error +kpis\.csv: file not found in .*; the kpis are missing from this digest/], changes: { 'kpi:event_leads': null, 'kpi:webinar_signups': null, 'kpi:content_published': null, 'kpi:budget_spent': null, 'kpi:demo_show_rate': null } },
  { name: 'notes.csv is a folder: named, no EISDIR trace', files: { 'notes.csv': { folder: true } }, exit: 4, says: [/error +notes\.csv: cannot read .*notes\.csv: it is a folder, not a file; the notes are missing from this digest/], never: ['EISDIR'] },
  { name: 'notes.csv is a spreadsheet (binary) saved under .csv', files: { 'notes.csv': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00]) }, exit: 4, says: [/error +notes\.csv: cannot read .*notes\.csv: it is not a text file/] },
  { name: 'blank and whitespace-only rows are skipped', files: { 'kpis.csv': append(',,,', '   ,  ,,', '\u200B,,,') }, exit: 0, says: ['0 errors'] },
  // Numbers
  { name: 'a negative count', files: { 'kpis.csv': append('2026-W45,content_published,-3,') }, exit: 4, says: [`error   kpis.csv!C${K}: -3 is negative, which a count cannot be; the row is skipped`] },
  { name: 'a negative count with a negative target is never "on track"', files: { 'kpis.csv': replace('2026-W47,event_leads,30,', '2026-W47,event_leads,-30,-20') }, exit: 4, says: ['error   kpis.csv!C67: -30 is negative', 'warning kpis.csv!D67: target -20 is negative; the cell is ignored'], changes: { 'kpi:event_leads': null }, digest: (d) => {
    // Neither the value nor the target is used: the status can only come from the monthly pacing.
    const kpi = d.kpis.find((k) => k.id === 'event_leads')!;
    expect([kpi.value, kpi.attainment]).toEqual([null, null]);
    expect(kpi.target).not.toBe(-20);
  } },
  { name: 'a negative target in the KPIs tab', files: { 'kpis.csv': replace('2026-W47,webinar_signups,28,40', '2026-W47,webinar_signups,28,-40') }, exit: 0, says: ['warning kpis.csv!D68: target -40 is negative; the cell is ignored'] },
  { name: 'a negative target in the Targets tab', files: { 'targets.csv': append('mqls,week,2026-11-02,-20') }, exit: 4, says: [`error   targets.csv!D${T}: target -20 is negative; the row is skipped`] },
  { name: '1e309 (Infinity) as a value', files: { 'kpis.csv': append('2026-W45,event_leads,1e309,') }, exit: 4, says: [`error   kpis.csv!C${K}: "1e309" is not a finite number; the row is skipped`] },
  { name: '1e309 as a target in the Targets tab', files: { 'targets.csv': append('mqls,week,2026-11-02,1e309') }, exit: 4, says: [`error   targets.csv!D${T}: "1e309" is not a finite number; the row is skipped`] },
  { name: 'a value that is not a number', files: { 'kpis.csv': append('2026-W47,event_leads,zwölf,') }, exit: 4, says: [`error   kpis.csv!C${K}: "zwölf" is not a number; the row is skipped`] },
  { name: 'an error cell (#REF!) as a value', files: { 'kpis.csv': append('2026-W47,event_leads,#REF!,') }, exit: 4, says: [`error   kpis.csv!C${K}: error cell #REF!; the row is skipped`] },
  { name: 'a duplicate (week, metric): the later row wins', files: { 'kpis.csv': append('2026-W47,event_leads,31,') }, exit: 0, says: [`warning kpis.csv!C${K}: duplicate value for event_leads in 2026-W47 (also at kpis.csv!C67); this later row is used`], changes: { 'kpi:event_leads': 31 } },
  // Ids and words
  { name: 'an unknown metric id', files: { 'kpis.csv': append('2026-W47,event_lead,12,') }, exit: 4, says: [`error   kpis.csv!B${K}: unknown metric "event_lead"`] },
  { name: 'a CRM metric in the KPIs tab', files: { 'kpis.csv': append('2026-W47,mqls,99,') }, exit: 4, says: [`error   kpis.csv!B${K}: "mqls" is computed from the CRM`] },
  { name: 'a monthly target on a ratio metric', files: { 'targets.csv': append('demo_show_rate,month,2026-11-01,0.9') }, exit: 4, says: [`error   targets.csv!B${T}: a monthly target needs a count or money metric`] },
  { name: 'an unknown note kind', files: { 'notes.csv': append('2026-W47,Erfog,Vertrieb,Jörg,Typo in der Art,,,,,') }, exit: 4, says: [`error   notes.csv!B${N}: unknown kind "Erfog"`] },
  { name: 'an unknown team is a warning (counted as both)', files: { 'notes.csv': append('2026-W46,fix,Einkauf,Jörg,Team gibt es nicht,,,,,') }, exit: 0, says: [`warning notes.csv!C${N}: unknown team "Einkauf"`] },
  { name: 'a week number without a year', files: { 'kpis.csv': append('47,event_leads,3,') }, exit: 4, says: [`error   kpis.csv!A${K}: "47" is not a week`] },
  { name: 'a week the year does not have', files: { 'kpis.csv': append('KW 60/2026,event_leads,3,') }, exit: 4, says: [`error   kpis.csv!A${K}: "KW 60/2026" names a week that year does not have`] },
  { name: 'an impossible due date', files: { 'notes.csv': append('2026-W46,fix,sales,Jörg,Frist falsch,,,Jörg,31.02.2026,open') }, exit: 0, says: [`warning notes.csv!I${N}: "31.02.2026" is not a valid date; the cell is ignored`] },
  // Text
  { name: 'a title of zero-width spaces only is missing', files: { 'notes.csv': append('2026-W47,fix,sales,Jörg,\u200B\u200B\u2060,,,,,open') }, exit: 4, says: [`error   notes.csv!E${N}: missing title; the row is skipped`] },
  { name: 'an author of a BOM and a soft hyphen only counts as no author', files: { 'voice.csv': append('2026-W46,Preis,Zu teuer.,\uFEFF\u00AD,call') }, exit: 0, says: [`warning voice.csv!D${V}: no author given`] },
  {
    name: 'bidi controls in a title are removed with a warning',
    files: { 'notes.csv': append('2026-W47,success,marketing,Anke,Rabatt \u202Eneu\u202C im Shop,,,,,') },
    exit: 0, says: [`warning notes.csv!E${N}: invisible text-direction characters (bidi controls) removed`],
    digest: (d) => {
      expect(titles(d)).toContain('Rabatt neu im Shop');
      expect(JSON.stringify(d)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    },
  },
  { name: 'an over-long title is cut with a warning', files: { 'notes.csv': append(`2026-W46,fix,sales,Jörg,${'Sehr lang '.repeat(30)},,,,,open`) }, exit: 0, says: [`warning notes.csv!E${N}: text is 299 characters long; cut to 200`] },
  { name: 'a quote left empty in voice.csv', files: { 'voice.csv': append('2026-W47,Preis,,Jörg,call') }, exit: 4, says: [`error   voice.csv!C${V}: missing quote; the row is skipped`] },
];

describe('bad input: sheet and CSV files', () => {
  let clean: Record<string, number | null>;
  beforeAll(async () => {
    clean = figures(await digestFor(await configFor(await dataFolder({}))));
  });

  it('the clean sample has the figures the cases compare with', () => {
    expect(clean['funnel:mqls']).toBeGreaterThan(0);
    expect(clean['kpi:event_leads']).toBe(30);
    expect(clean['kpi:budget_spent']).toBe(6930);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    checkCase(c, await runDataCase(c), clean);
  });
});
