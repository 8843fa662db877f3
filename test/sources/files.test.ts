import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFilesSource } from '../../src/sources/files/index.js';
import type { Unit } from '../../src/model/types.js';
import { at, TZ } from '../helpers/records.js';

const request = { timezone: TZ, window: { startMs: 0, endMs: Date.parse('2030-01-01') }, metrics: new Map<string, Unit>([['sqls', 'count'], ['event_leads', 'count']]) };

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'digest-files-'));
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(dir, name), text)));
  return dir;
}

describe('files source: CRM exports', () => {
  it('reads contacts, deals, stages and owners; a bad row is a located issue and the rest is kept', async () => {
    const dir = await folder({
      'contacts.csv': [
        'id,created_at,mql_at,sql_at,first_touch_at,source,owner_id',
        'c1,2026-11-16T00:30:00+01:00,2026-11-16T09:00:00+01:00,,2026-11-16T10:00:00+01:00,ORGANIC_SEARCH,o1',
        'c2,gestern,,,,,',
        'c3,2026-11-17 10:00,2026-11-31T10:00:00+01:00,,,,',
        ',2026-11-17 10:00,,,,,',
      ].join('\n'),
      'deals.csv': [
        'id,name,amount,currency,amount_home,created_at,closed_at,stage_id,pipeline_id,owner_id,source',
        'd1,"Müller Maschinenbau, Jahreslizenz",12000.50,EUR,,2026-11-16T10:00:00+01:00,2026-11-18T10:00:00+01:00,132457806,78452113,o1,REFERRALS',
        'd2,Broken,zwölf,EUR,,2026-11-16T10:00:00+01:00,,1,78452113,,',
        'd3,"Unclosed quote,1,EUR',
      ].join('\n'),
      'stages.csv': 'pipeline_id,stage_id,label,outcome\n78452113,132457806,Gewonnen,won\n78452113,132457807,Verloren,maybe',
      'owners.csv': 'id,name,email\no1,Jörg Schäfer,joerg@example.com',
    });
    const { records, issues } = await createFilesSource({ path: dir }).readCrm(request);
    expect(records.contacts.map((c) => c.id)).toEqual(['c1', 'c3']);
    expect(records.contacts[0]).toMatchObject({ createdAt: at('2026-11-16 00:30'), ownerId: 'o1', source: 'ORGANIC_SEARCH', sqlAt: null });
    expect(records.contacts[1]!.mqlAt).toBeNull();
    expect(records.deals.map((d) => [d.id, d.name, d.amount])).toEqual([['d1', 'Müller Maschinenbau, Jahreslizenz', 12000.5], ['d2', 'Broken', null]]);
    expect(records.stages).toEqual([{ pipelineId: '78452113', stageId: '132457806', label: 'Gewonnen', outcome: 'won' }]);
    expect(records.owners).toEqual([{ id: 'o1', name: 'Jörg Schäfer', email: 'joerg@example.com' }]);
    const located = issues.map((i) => `${i.location} ${i.severity}: ${i.message}`);
    expect(located).toEqual(expect.arrayContaining([
      'contacts.csv!B3 error: "gestern" is not a timestamp (use ISO 8601, e.g. 2026-11-16T09:30:00+01:00); the row is skipped',
      'contacts.csv!C4 warning: "2026-11-31T10:00:00+01:00" is not a timestamp (use ISO 8601, e.g. 2026-11-16T09:30:00+01:00); the cell is ignored',
      'contacts.csv!A5 error: missing id; the row is skipped',
      'deals.csv!C3 warning: "zwölf" is not a number; the cell is ignored',
      'stages.csv!D3 error: unknown outcome "maybe" (use open, won or lost); the row is skipped',
    ]));
    expect(located).toContain('deals.csv!4 error: a quote (") opened in line 4 is never closed, so the rest of the file cannot be read; the rows before line 4 are used: close the quote or remove it');
  });

  it('reads German Excel exports (semicolons, decimal commas, BOM)', async () => {
    const dir = await folder({ 'kpis.csv': '\uFEFFWoche;Metrik;Wert\nKW 47/2026;event_leads;1.234,5\n' });
    const { records, issues } = await createFilesSource({ path: dir }).readSheet(request);
    expect(records.kpis).toEqual([{ week: '2026-W47', metric: 'event_leads', value: 1234.5, target: null, location: 'kpis.csv!C2' }]);
    expect(issues.map((i) => i.location).sort()).toEqual(['notes.csv', 'targets.csv', 'voice.csv']);
  });

  it('fails as a source when the folder has none of its files', async () => {
    const dir = await folder({});
    await expect(createFilesSource({ path: dir }).readCrm(request)).rejects.toMatchObject({ kind: 'data', code: 'SOURCE_FAILED' });
  });
});

describe('files source: files that cannot be read', () => {
  it('names the cause in words: a folder, no permission, not text, any other I/O error by its code', async () => {
    const { whyUnreadable } = await import('../../src/sources/files/index.js');
    const errno = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(whyUnreadable(errno('EISDIR', 'illegal operation on a directory'))).toBe('it is a folder, not a file');
    expect(whyUnreadable(errno('EACCES', "permission denied, open '/x/notes.csv'"))).toBe('no permission to read it');
    expect(whyUnreadable(errno('EPERM', 'operation not permitted'))).toBe('no permission to read it');
    expect(whyUnreadable(errno('EIO', 'i/o error'))).toBe('EIO: i/o error');
    // Not about the file: a bug, thrown on (exit 1 with its trace).
    expect(whyUnreadable(new TypeError('x is undefined'))).toBeNull();
  });

  it('a kpis.csv without read permission is an incomplete error naming it (skipped when run as root, who may read anything)', async () => {
    const dir = await folder({ 'kpis.csv': 'week,metric,value\n2026-W47,event_leads,3\n', 'notes.csv': 'week,kind,title\n' });
    const { chmod } = await import('node:fs/promises');
    await chmod(join(dir, 'kpis.csv'), 0o000);
    const { issues } = await createFilesSource({ path: dir }).readSheet(request);
    const kpis = issues.find((i) => i.location === 'kpis.csv')!;
    if (process.getuid?.() === 0) expect(kpis).toBeUndefined();
    else expect(kpis).toMatchObject({ severity: 'error', incomplete: true, message: expect.stringContaining('no permission to read it; the kpis are missing from this digest') });
  });

  it('when no file can be read and one is unreadable (not missing): SOURCE_UNREADABLE naming path and cause', async () => {
    const dir = await folder({});
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'notes.csv'));
    const error = await createFilesSource({ path: dir }).readSheet(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'data', code: 'SOURCE_UNREADABLE', message: `files source: cannot read ${join(dir, 'notes.csv')} (it is a folder, not a file)` });
  });

  it('a path that names a file instead of the folder: SOURCE_UNREADABLE saying so', async () => {
    const dir = await folder({ 'kpis.csv': 'week,metric,value\n' });
    const error = await createFilesSource({ path: join(dir, 'kpis.csv') }).readSheet(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'data', code: 'SOURCE_UNREADABLE', message: `files source: ${join(dir, 'kpis.csv')} is a file, not a folder (the path names the folder that holds the CSV files)` });
  });
});
