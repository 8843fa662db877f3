import { cp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBeforeSending } from '../../src/deliver/guards.js';
import { buildDigest } from '../../src/model/build-digest.js';
import { crm, modelConfig, sheet } from '../helpers/records.js';
import { runCli, SAMPLE, sampleConfig, tempDir } from '../helpers/cli.js';

const freshness = { enabled: false, crmMaxAgeHours: 48, requireSheetWeek: false };

describe('a half-built digest is never sent', () => {
  it('refuses when a tab, file or column could not be read, naming it', () => {
    const digest = buildDigest({
      week: '2026-W47', config: modelConfig(), crm: crm({}), sheet: sheet({}),
      issues: [
        { source: 'sheet', location: 'Notes', severity: 'error', incomplete: true, message: 'the sheet has no tab "Notes"' },
        { source: 'sheet', location: 'KPIs!C7', severity: 'error', message: '"zwölf" is not a number; the row is skipped' },
      ],
    });
    const refusals = checkBeforeSending(digest, undefined, 'Europe/Berlin', freshness);
    expect(refusals.map((r) => r.code)).toContain('SOURCE_INCOMPLETE');
    expect(refusals.find((r) => r.code === 'SOURCE_INCOMPLETE')!.reason).toContain('Notes: the sheet has no tab "Notes"');
  });

  it('bad rows alone do not stop a digest', () => {
    const digest = buildDigest({
      week: '2026-W47', config: modelConfig(), crm: crm({}), sheet: sheet({ voice: [{ week: '2026-W47', topic: 'Preise', quote: 'Zu teuer', author: null, source: null, location: '' }] }),
      issues: [{ source: 'sheet', location: 'KPIs!C7', severity: 'error', message: '"zwölf" is not a number; the row is skipped' }],
    });
    expect(checkBeforeSending(digest, undefined, 'Europe/Berlin', freshness)).toEqual([]);
  });

  it('send --dry-run refuses the sample without its notes file (exit 4) and --force overrides', async () => {
    const data = join(await tempDir(), 'data');
    await cp(SAMPLE, data, { recursive: true });
    await rm(join(data, 'notes.csv'));
    const { path, dir } = await sampleConfig({}, { sources: { crm: { type: 'files', path: data }, sheet: { type: 'files', path: data } } });
    const refused = await runCli(['send', '--dry-run', '--config', path, '--week', '2026-W47']);
    expect(refused.code).toBe(4);
    expect(refused.err).toContain('notes.csv: file not found');
    expect(existsSync(join(dir, 'outbox'))).toBe(false);
    const forced = await runCli(['send', '--dry-run', '--force', '--config', path, '--week', '2026-W47']);
    expect(forced.code, forced.err).toBe(0);
  });
});
