import { cp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBeforeSending } from '../../src/jobs/guards.js';
import { weekPeriod } from '../../src/model/period.js';
import { buildDigest } from '../../src/model/build-digest.js';
import { crm, modelConfig, sheet } from '../helpers/records.js';
import { EXAMPLE_CONFIG, runCli, SAMPLE, sampleConfig, tempDir } from '../helpers/cli.js';
import { loadConfig, selectDigest } from '../../src/config/load.js';
import { collectDigestWithRecords } from '../../src/pipeline.js';

const freshness = { enabled: false, crmMaxAgeHours: 48, requireSheetWeek: false };
const W47 = weekPeriod('2026-W47', 'Europe/Berlin');
const records = { crm: crm({}), sheet: sheet({}) };

describe('a half-built digest is never sent', () => {
  it('refuses when a tab, file or column could not be read, naming it', () => {
    const digest = buildDigest({
      week: '2026-W47', config: modelConfig(), crm: crm({}), sheet: sheet({}),
      issues: [
        { source: 'sheet', location: 'Notes', severity: 'error', incomplete: true, message: 'the sheet has no tab "Notes"' },
        { source: 'sheet', location: 'KPIs!C7', severity: 'error', message: '"zwölf" is not a number; the row is skipped' },
      ],
    });
    const refusals = checkBeforeSending(digest, records, W47, freshness);
    expect(refusals.map((r) => r.code)).toContain('SOURCE_INCOMPLETE');
    expect(refusals.find((r) => r.code === 'SOURCE_INCOMPLETE')!.reason).toContain('Notes: the sheet has no tab "Notes"');
  });

  it('bad rows alone do not stop a digest', () => {
    const digest = buildDigest({
      week: '2026-W47', config: modelConfig(), crm: crm({}), sheet: sheet({ voice: [{ week: '2026-W47', topic: 'Preise', quote: 'Zu teuer', author: null, source: null, location: '' }] }),
      issues: [{ source: 'sheet', location: 'KPIs!C7', severity: 'error', message: '"zwölf" is not a number; the row is skipped' }],
    });
    expect(checkBeforeSending(digest, records, W47, freshness)).toEqual([]);
  });

  it('send --dry-run refuses the sample without its notes file (exit 4, as a real send would) and --allow-incomplete overrides', async () => {
    const data = join(await tempDir(), 'data');
    await cp(SAMPLE, data, { recursive: true });
    await rm(join(data, 'notes.csv'));
    const { path, dir } = await sampleConfig({}, { sources: { crm: { type: 'files', path: data }, sheet: { type: 'files', path: data } } });
    const refused = await runCli(['send', '--dry-run', '--config', path, '--week', '2026-W47']);
    expect(refused.code).toBe(4);
    expect(refused.err).toContain('notes.csv: file not found');
    expect(existsSync(join(dir, 'outbox'))).toBe(false);
    const real = await runCli(['send', '--config', path, '--week', '2026-W47']);
    expect(real.code, real.err).toBe(4);
    expect(real.err).toContain('notes.csv: file not found');
    const allowed = await runCli(['send', '--dry-run', '--allow-incomplete', '--config', path, '--week', '2026-W47']);
    expect(allowed.code, allowed.err).toBe(0);
    // Sent with a part missing on purpose: the header says so.
    const eml = await readFile(join(dir, 'outbox', 'dach-2026-W47.eml'), 'utf8');
    expect(eml.replace(/=\r?\n/g, '')).toMatch(/Unvollst=C3=A4ndig|Unvollständig/);
  });

  it('a preview of a week that has not ended says so in the header', async () => {
    const { path, dir } = await sampleConfig();
    const out = join(dir, 'open');
    const result = await runCli(['preview', '--config', path, '--week', '2099-W10', '--out', out]);
    expect(result.code, result.err).toBe(0);
    const html = await readFile(join(out, 'digest.html'), 'utf8');
    expect(html).toContain('KW 10 ist noch nicht vorbei');
    expect(JSON.parse(await readFile(join(out, 'digest.json'), 'utf8')).status).toMatchObject({ weekComplete: false });
    const closed = await runCli(['preview', '--config', path, '--week', '2026-W47', '--out', join(dir, 'closed')]);
    expect(closed.code).toBe(0);
    expect(await readFile(join(dir, 'closed', 'digest.html'), 'utf8')).not.toContain('noch nicht vorbei');
  });

  it('whether the week is over is the clock of the caller (a job, which `run --now` moves), not the wall clock', async () => {
    const loaded = await loadConfig(EXAMPLE_CONFIG);
    const config = selectDigest(loaded, 'dach');
    const during = Date.parse('2026-11-20T12:00:00+01:00');
    expect((await collectDigestWithRecords(loaded, config, W47, undefined, during)).digest.status.weekComplete).toBe(false);
    expect((await collectDigestWithRecords(loaded, config, W47, undefined, W47.endMs)).digest.status.weekComplete).toBe(true);
  });
});
