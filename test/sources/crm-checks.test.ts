/**
 * The CRM checks on a real export: the sample's CSV files with rows appended as people make
 * them (an export appended to another, a value Excel wrote as 1e309). The figures that must not
 * change are compared with the clean sample's digest.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/model/build-digest.js';
import { checkCrmRecords } from '../../src/model/crm-records.js';
import type { Digest, SheetRecords } from '../../src/model/types.js';
import { createFilesSource } from '../../src/sources/files/index.js';
import { SAMPLE } from '../helpers/cli.js';
import { SAMPLE_MODEL_CONFIG, sampleRequest } from './contract.js';

const WEEK = '2026-W47';
let sheet: SheetRecords;
let clean: Digest;

async function digestOf(folder: string): Promise<Digest> {
  const read = checkCrmRecords(await createFilesSource({ path: folder }).readCrm(sampleRequest(WEEK)));
  return buildDigest({ week: WEEK, config: SAMPLE_MODEL_CONFIG, crm: read.records, sheet, issues: read.issues });
}
const kpi = (d: Digest, id: string) => d.kpis.find((k) => k.id === id)!.value;

async function sampleWith(change: (files: { deals: string[]; contacts: string[] }) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'digest-crm-checks-'));
  await cp(SAMPLE, dir, { recursive: true });
  const files = {
    deals: (await readFile(join(dir, 'deals.csv'), 'utf8')).trimEnd().split('\n'),
    contacts: (await readFile(join(dir, 'contacts.csv'), 'utf8')).trimEnd().split('\n'),
  };
  change(files);
  await writeFile(join(dir, 'deals.csv'), `${files.deals.join('\n')}\n`);
  await writeFile(join(dir, 'contacts.csv'), `${files.contacts.join('\n')}\n`);
  return dir;
}

beforeAll(async () => {
  sheet = (await createFilesSource({ path: SAMPLE }).readSheet(sampleRequest(WEEK))).records;
  clean = await digestOf(SAMPLE);
});

describe('files source + CRM checks: duplicates and implausible values in an export', () => {
  it('a won deal appended twice counts once (the later row wins) and names both rows', async () => {
    const won = clean.wins[0]!; // the largest win of the week
    let row = 0;
    const dir = await sampleWith(({ deals }) => {
      row = deals.findIndex((l) => l.startsWith(`${won.id},`)) + 1;
      deals.push(deals[row - 1]!); // the same row, appended again (an export joined to another)
    });
    const d = await digestOf(dir);
    expect(d.wins.map((w) => w.id)).toEqual(clean.wins.map((w) => w.id));
    for (const id of ['deals_won', 'revenue_won', 'avg_deal_size', 'win_rate', 'deals_created']) expect(kpi(d, id), id).toBe(kpi(clean, id));
    const issue = d.dataIssues.find((i) => i.message.includes('counts once'))!;
    expect(issue).toMatchObject({ source: 'files', location: `deals.csv!A${row}`, severity: 'warning' });
    expect(issue.message).toBe(`deal ${won.id} appears again at deals.csv!A${178 + 1}; it counts once, the later occurrence wins`);
  });

  it('three repeated contact rows do not raise the MQLs', async () => {
    const dir = await sampleWith(({ contacts }) => {
      const inWeek = (iso: string | undefined) => !!iso && Date.parse(iso) >= Date.parse(clean.period.start) && Date.parse(iso) < Date.parse(clean.period.end);
      const mqls = contacts.filter((l) => inWeek(l.split(',')[2])).slice(0, 3);
      expect(mqls).toHaveLength(3);
      contacts.push(...mqls);
    });
    const d = await digestOf(dir);
    for (const id of ['leads_new', 'mqls', 'sqls', 'mql_to_sql_rate', 'first_touch_sla_breaches']) expect(kpi(d, id), id).toBe(kpi(clean, id));
    expect(d.dataIssues.filter((i) => i.message.includes('counts once'))).toHaveLength(3);
  });

  it('an amount of 1e309 is ignored with an issue naming its cell; revenue is what it was without that amount', async () => {
    const won = clean.wins.find((w) => w.amount !== null && w.originalCurrency === null)!;
    let row = 0;
    const dir = await sampleWith(({ deals }) => {
      row = deals.findIndex((l) => l.startsWith(`${won.id},`)) + 1;
      const cells = deals[row - 1]!.split(',');
      deals[row - 1] = [cells[0], cells[1], '1e309', ...cells.slice(3)].join(',');
    });
    const d = await digestOf(dir);
    expect(kpi(d, 'deals_won')).toBe(kpi(clean, 'deals_won'));
    expect(kpi(d, 'revenue_won')).toBeCloseTo(kpi(clean, 'revenue_won')! - won.amount!, 2);
    // The CSV reader already refuses the cell (the same reader serves the sheet's KPIs, where no CRM check runs).
    expect(d.dataIssues).toContainEqual(expect.objectContaining({ source: 'files', location: `deals.csv!C${row}`, message: '"1e309" is not a finite number; the cell is ignored' }));
  });
});
