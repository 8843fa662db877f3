/**
 * The files source's planning inputs: the new contact columns (with aliases) and what their
 * absence means, and the optional forecast.csv (German headers, month forms, bad rows).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/model/build-digest.js';
import { createFilesSource } from '../../src/sources/files/index.js';
import type { Unit } from '../../src/model/types.js';
import { modelConfig, TZ } from '../helpers/records.js';

const request = { timezone: TZ, window: { startMs: 0, endMs: Date.parse('2030-01-01') }, metrics: new Map<string, Unit>([['sqls', 'count'], ['deals_won', 'count']]) };
const SHEET = {
  'kpis.csv': 'week,metric,value\n',
  'targets.csv': 'metric,period,from,target\ndeals_won,month,2026-11-01,2\n',
  'notes.csv': 'week,kind,team,author,title\n',
  'voice.csv': 'week,topic,quote,author\n',
};
const CRM = { 'deals.csv': 'id,created_at,stage_id\n', 'stages.csv': 'stage_id,outcome\nwon,won\n', 'owners.csv': 'id,name\no1,Jörg\n' };

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'digest-planning-'));
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(dir, name), text)));
  return dir;
}

describe('files source: planning columns of contacts.csv', () => {
  it('reads lead status, disqualification reason and first conversion, by name or alias', async () => {
    const dir = await folder({
      ...CRM,
      'contacts.csv': [
        'Record ID,Create Date,MQL date,First touch,Lead Status,Ablehnungsgrund,First Conversion Event Name',
        'c1,2026-11-16 09:00,2026-11-16 10:00,,UNQUALIFIED,kein Budget, Webinar: SAP ',
        'c2,2026-11-16 09:00,2026-11-16 10:00,,,,',
      ].join('\n'),
    });
    const { records, issues } = await createFilesSource({ path: dir }).readCrm(request);
    expect(issues).toEqual([]);
    expect(records.contacts.map((c) => [c.leadStatus, c.disqualificationReason, c.firstConversion])).toEqual([['UNQUALIFIED', 'kein Budget', 'Webinar: SAP'], [null, null, null]]);
    expect(records.available).toEqual({ firstTouch: true, firstConversion: true, leadStatus: true, disqualificationReason: true });
  });

  it('an export without those columns has no capacity, topics or quality (null, not zero)', async () => {
    const dir = await folder({ ...CRM, ...SHEET, 'contacts.csv': 'id,created_at,mql_at\nc1,2026-11-16 09:00,2026-11-16 10:00\n' });
    const source = createFilesSource({ path: dir });
    const crm = (await source.readCrm(request)).records;
    expect(crm.available).toEqual({ firstTouch: false, firstConversion: false, leadStatus: false, disqualificationReason: false });
    const d = buildDigest({ week: '2026-W47', config: modelConfig(), crm, sheet: (await source.readSheet(request)).records, issues: [] });
    expect([d.capacity, d.topics, d.quality]).toEqual([null, null, null]);
  });
});

describe('files source: forecast.csv', () => {
  it('is optional: without it the digest is complete and the forecast empty', async () => {
    const dir = await folder({ ...SHEET });
    const { records, issues } = await createFilesSource({ path: dir }).readSheet(request);
    expect(issues.filter((i) => i.incomplete)).toEqual([]);
    expect(records.forecast).toEqual([]);
  });

  it('reads German headers and every month form; bad rows are located issues; a revised forecast is no issue', async () => {
    const dir = await folder({
      ...SHEET,
      'forecast.csv': [
        'Monat;Kennzahl;Prognose;Notiz',
        '2026-11;leads_new;240;ohne Messe',
        '11/2026;MQLs;90;',
        '18.11.2026;sqls;47,5;',
        '2026-11;leads_new;250;nach der Messe',
        'November;sqls;40;',
        '2026-11;deals_won;3;',
        '2026-11;mqls;-4;',
      ].join('\n'),
    });
    const { records, issues } = await createFilesSource({ path: dir }).readSheet(request);
    expect(records.forecast!.map((f) => [f.month, f.metric, f.forecast, f.note])).toEqual([
      ['2026-11', 'leads_new', 240, 'ohne Messe'],
      ['2026-11', 'mqls', 90, null],
      ['2026-11', 'sqls', 47.5, null],
      ['2026-11', 'leads_new', 250, 'nach der Messe'],
    ]);
    expect(issues.map((i) => `${i.location} ${i.severity}: ${i.message}`)).toEqual([
      'forecast.csv!A6 error: "November" is not a month (use 2026-11, 11/2026 or a date in the month); the row is skipped',
      'forecast.csv!B7 error: unknown forecast metric "deals_won" (use leads_new, mqls, sqls); the row is skipped',
      'forecast.csv!C8 error: forecast -4 is negative; the row is skipped',
    ]);
  });

  it('an empty forecast.csv is like none; one with a broken header is an error that leaves the forecast out but never blocks the send', async () => {
    for (const empty of ['', '\n\n', ',,,\n']) {
      const { records, issues } = await createFilesSource({ path: await folder({ ...SHEET, 'forecast.csv': empty }) }).readSheet(request);
      expect(records.forecast).toEqual([]);
      expect(issues).toEqual([]);
    }
    const broken = await createFilesSource({ path: await folder({ ...SHEET, 'forecast.csv': 'month,metric\n2026-11,mqls\n' }) }).readSheet(request);
    expect(broken.records.forecast).toEqual([]);
    expect(broken.issues.map((i) => `${i.location} ${i.severity}: ${i.message}`)).toEqual([expect.stringMatching(/^forecast\.csv!1 error: missing column "forecast"/)]);
    expect(broken.issues.some((i) => i.incomplete)).toBe(false);
  });
});

describe('files source: each CSV file in its own decimal mark', () => {
  it('a targets.csv saved with ";" (decimal commas) beside a kpis.csv with ",": 1.234,5 is 1234.5', async () => {
    const dir = await folder({
      ...SHEET,
      'kpis.csv': 'week,metric,value\n2026-W47,nps,1.5\n',
      'targets.csv': 'metric;period;from;target\nsqls;week;2026-11-02;1.234,5\n',
    });
    const metrics = new Map<string, Unit>([...request.metrics, ['nps', 'ratio']]);
    const { records, issues } = await createFilesSource({ path: dir }).readSheet({ ...request, metrics });
    expect(issues).toEqual([]);
    expect(records.kpis.map((k) => k.value)).toEqual([1.5]);
    expect(records.targets.map((t) => t.target)).toEqual([1234.5]);
  });
});
