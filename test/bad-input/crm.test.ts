/**
 * Bad input in the CRM export files (contacts.csv, deals.csv, stages.csv, owners.csv) of the
 * files source. Each case changes one thing in a copy of the sample, runs `digest validate`
 * in-process and asserts the exit code, the located message, and the digest's figures.
 *
 * These cases test the CRM model rules ("Records are counted once", "Implausible records are
 * data issues", SPEC) of src/model/crm-records.ts, not the file reading; if they fail, look there
 * first (their messages are matched loosely where the wording is the model's):
 *   - 'a deal row appended twice (an export joined twice) counts once'
 *   - 'three contact rows repeated count once'
 *   - 'a negative amount is left out of the sums'
 *   - 'a deal closed before it was created is kept, with a warning'
 *   - 'a deal in a pipeline the stages do not define is neither won nor lost'
 *   - 'a deal in a stage the pipeline does not define is neither won nor lost'
 *   - 'an owner id missing from owners.csv is shown as unbekannt (id)'
 * Every other case here depends only on reading the files.
 */
import { describe, beforeAll, expect, it } from 'vitest';
import { append, checkCase, configFor, dataFolder, digestFor, figures, nextRow, replace, runDataCase, windows1252, type DataCase } from './harness.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE } from '../helpers/cli.js';

const D = await nextRow('deals.csv');
const C = await nextRow('contacts.csv');
const S = await nextRow('stages.csv');
const dealsText = await readFile(join(SAMPLE, 'deals.csv'), 'utf8');
const WON = '184250843,Müller Maschinenbau GmbH – Jahreslizenz,48000,EUR,,2026-10-13T10:20:00+02:00,2026-11-17T11:05:00+01:00,closedwon,default,71234503,ORGANIC_SEARCH';
const MQLS = [
  '30519041,2026-11-10T09:32:00+01:00,2026-11-16T07:19:00+01:00,,2026-11-16T09:15:00+01:00,REFERRALS,71234502',
  '30519047,2026-11-10T10:43:00+01:00,2026-11-16T09:01:00+01:00,,2026-11-17T12:31:00+01:00,EMAIL_MARKETING,71234504',
  '30519062,2026-11-10T14:33:00+01:00,2026-11-16T13:35:00+01:00,2026-11-20T08:50:00+01:00,2026-11-16T15:29:00+01:00,REFERRALS,71234506',
];
/** A new deal won in the report week, with the given fields changed. */
const wonDeal = (p: { id?: string; amount?: string; created?: string; closed?: string; stage?: string; pipeline?: string; owner?: string; name?: string }) =>
  [p.id ?? '999000001', p.name ?? 'Testkunde AG – Lizenz', p.amount ?? '1000', 'EUR', '', p.created ?? '2026-11-02T10:00:00+01:00', p.closed ?? '2026-11-18T10:00:00+01:00', p.stage ?? 'closedwon', p.pipeline ?? 'default', p.owner ?? '71234503', 'REFERRALS'].join(',');

/** The figures that move when one more deal of 1,000 € is won in the week (15 won of 24 closed become 16 of 25). */
const ONE_MORE_WIN = { 'funnel:deals_won': 6, 'kpi:deals_won': 6, 'kpi:revenue_won': 119510.5, 'kpi:avg_deal_size': 23902.1, 'kpi:win_rate': 0.64 };
/** The same, for a won deal whose amount cannot be used (it counts, it is not summed). */
const ONE_MORE_WIN_WITHOUT_AMOUNT = { 'funnel:deals_won': 6, 'kpi:deals_won': 6, 'kpi:win_rate': 0.64 };

const winNames = (d: { wins: { title?: string; name?: string }[] }) => d.wins.map((w) => w.title ?? w.name);

const CASES: DataCase[] = [
  // Depends on the CRM model rules (see the list at the top)
  {
    name: 'a deal row appended twice (an export joined twice) counts once',
    files: { 'deals.csv': append(WON) }, exit: 0,
    says: [`warning deals.csv!A108: deal 184250843 appears again at deals.csv!A${D}; it counts once, the later occurrence wins`],
    digest: (d) => expect(winNames(d).filter((n) => n === 'Müller Maschinenbau GmbH – Jahreslizenz')).toHaveLength(1),
  },
  { name: 'three contact rows repeated count once', files: { 'contacts.csv': append(...MQLS) }, exit: 0, says: [/contacts\.csv!A\d+: contact 30519041 appears again at contacts\.csv!A\d+; it counts once/, /contact 30519062 appears again/] },
  {
    name: 'a negative amount is left out of the sums',
    files: { 'deals.csv': append(wonDeal({ amount: '-5000' })) }, exit: 0,
    says: [/(deals\.csv!C\d+|deal 999000001).*negative/i], changes: ONE_MORE_WIN_WITHOUT_AMOUNT,
  },
  {
    name: 'a deal closed before it was created is kept, with a warning',
    files: { 'deals.csv': append(wonDeal({ created: '2026-11-20T10:00:00+01:00', closed: '2026-11-18T10:00:00+01:00' })) }, exit: 0,
    // Created in the week too: one more deal created, 1,000 € more pipeline.
    says: [/(deals\.csv!\w+\d+|deal 999000001).*(before|earlier).*creat/i], changes: { ...ONE_MORE_WIN, 'funnel:deals_created': 14, 'kpi:deals_created': 14, 'kpi:pipeline_created': 232311.5 },
  },
  {
    name: 'a deal in a pipeline the stages do not define is neither won nor lost',
    files: { 'deals.csv': append(wonDeal({ pipeline: 'ghost-pipeline' })) }, exit: 0,
    says: [/(deals\.csv!\w+\d+|deal 999000001).*ghost-pipeline/i],
  },
  {
    name: 'a deal in a stage the pipeline does not define is neither won nor lost',
    files: { 'deals.csv': append(wonDeal({ stage: 'closedwon_old' })) }, exit: 0,
    says: [/(deals\.csv!\w+\d+|deal 999000001).*closedwon_old/i],
  },
  {
    name: 'an owner id missing from owners.csv is shown as unbekannt (id)',
    files: { 'deals.csv': append(wonDeal({ owner: '81000199' })) }, exit: 0,
    says: [/81000199/], changes: ONE_MORE_WIN,
    digest: (d) => expect(JSON.stringify(d)).toMatch(/unbekannt \(81000199\)/),
  },
  // Reading the files
  {
    name: 'an amount of 1e309 is not Infinity: the cell is ignored, the deal counts',
    files: { 'deals.csv': append(wonDeal({ amount: '1e309' })) }, exit: 0,
    says: [`warning deals.csv!C${D}: "1e309" is not a finite number; the cell is ignored`],
    changes: ONE_MORE_WIN_WITHOUT_AMOUNT,
    digest: (d) => expect(JSON.stringify(d)).not.toMatch(/Infinity/),
  },
  { name: 'a create date that is not a timestamp skips the row', files: { 'deals.csv': append(wonDeal({ created: 'gestern' })) }, exit: 4, says: [`error   deals.csv!F${D}: "gestern" is not a timestamp`] },
  { name: 'an impossible close date is ignored with a warning', files: { 'deals.csv': append(wonDeal({ closed: '2026-11-31T10:00:00+01:00' })) }, exit: 0, says: [`warning deals.csv!G${D}: "2026-11-31T10:00:00+01:00" is not a timestamp`], changes: { 'funnel:deals_created': 13 } },
  { name: 'a currency code that is not one', files: { 'deals.csv': append(wonDeal({}).replace(',EUR,', ',Euro,')) }, exit: 0, says: [`warning deals.csv!D${D}: "Euro" is not a currency code`], changes: ONE_MORE_WIN },
  { name: 'a deal without an id', files: { 'deals.csv': append(wonDeal({ id: '' })) }, exit: 4, says: [`error   deals.csv!A${D}: missing id; the row is skipped`] },
  { name: 'a contact without a create date', files: { 'contacts.csv': append('39999999,,,,,REFERRALS,71234502') }, exit: 4, says: [`error   contacts.csv!B${C}: missing created_at; the row is skipped`] },
  { name: 'an unknown stage outcome', files: { 'stages.csv': append('default,onhold,Pausiert,vielleicht') }, exit: 4, says: [`error   stages.csv!D${S}: unknown outcome "vielleicht" (use open, won or lost)`] },
  { name: 'deals.csv missing: one incomplete error', files: { 'deals.csv': { deleted: true } }, exit: 4, says: [/error +deals\.csv: file not found in .*; the deals are missing from this digest/], changes: { 'funnel:deals_created': 0, 'funnel:deals_won': 0, 'kpi:deals_created': 0, 'kpi:deals_won': 0, 'kpi:deals_lost': 0, 'kpi:pipeline_created': 0, 'kpi:revenue_won': 0, 'kpi:avg_deal_size': null, 'kpi:win_rate': null } },
  { name: 'contacts.csv is a folder', files: { 'contacts.csv': { folder: true } }, exit: 4, says: [/error +contacts\.csv: cannot read .*contacts\.csv: it is a folder, not a file/], never: ['EISDIR'], changes: { 'funnel:leads_new': 0, 'funnel:mqls': 0, 'funnel:sqls': 0, 'kpi:leads_new': 0, 'kpi:mqls': 0, 'kpi:sqls': 0, 'kpi:mql_to_sql_rate': null, 'kpi:first_touch_sla_breaches': 0, 'kpi:median_first_touch_hours': null } },
  {
    name: 'deals.csv in Windows-1252: names decoded, a warning naming the file',
    files: { 'deals.csv': windows1252(dealsText) }, exit: 0,
    says: ['warning deals.csv: not UTF-8; read as Windows-1252'],
    digest: (d) => expect(winNames(d)).toContain('Müller Maschinenbau GmbH – Jahreslizenz'),
  },
  {
    name: 'a duplicated amount column: the first is read',
    files: { 'deals.csv': (t) => t.replace(/^id,name,amount,/, 'id,name,amount,').replace(/^(.*)$/m, '$1,amount').replace(/\n(?=.)/g, ',99999999\n') },
    exit: 0, says: [/warning deals\.csv!L1: column "amount" appears twice \(C and L\); column C is read/],
  },
  {
    name: 'an unterminated quote in contacts.csv keeps the rows before it',
    files: { 'contacts.csv': append('39999998,"2026-11-17T10:00:00+01:00,,,,REFERRALS,71234502', '39999997,2026-11-17T10:00:00+01:00,,,,REFERRALS,71234502') },
    exit: 4, says: [`error   contacts.csv!${C}: a quote (") opened in line ${C} is never closed`],
  },
  {
    name: 'bidi controls in a deal name are removed with a warning',
    files: { 'deals.csv': append(wonDeal({ name: 'Evil \u202Egnp.exe\u202C AG' })) }, exit: 0,
    says: [`warning deals.csv!B${D}: invisible text-direction characters (bidi controls) removed`],
    changes: ONE_MORE_WIN,
    digest: (d) => {
      expect(winNames(d)).toContain('Evil gnp.exe AG');
      expect(JSON.stringify(d)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    },
  },
  { name: 'a CRM export with ";" and decimal commas', files: { 'deals.csv': dealsText.replace(/,/g, ';').replace(/;(\d+)\.(\d+);/g, ';$1,$2;') }, exit: 0, says: ['0 errors'] },
];

describe('bad input: CRM export files', () => {
  let clean: Record<string, number | null>;
  beforeAll(async () => {
    clean = figures(await digestFor(await configFor(await dataFolder({}))));
  });

  it('the clean sample has the figures the cases compare with', () => {
    expect([clean['funnel:mqls'], clean['funnel:deals_won'], clean['kpi:revenue_won']]).toEqual([19, 5, 118510.5]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    checkCase(c, await runDataCase(c), clean);
  });
});
