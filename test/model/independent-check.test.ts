/**
 * A second opinion on the numbers: scripts/sample-facts.mjs implements the SPEC's CRM metric
 * definitions on its own (own CSV reader, own week arithmetic, no application code). For every
 * trend week of several report weeks, the model's figures must equal its figures.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/model/build-digest.js';
import { createFilesSource } from '../../src/sources/files/index.js';
import type { CrmRecords, Digest, SheetRecords } from '../../src/model/types.js';
import { REPO, SAMPLE } from '../helpers/cli.js';
import { SAMPLE_MODEL_CONFIG, sampleRequest } from '../sources/contract.js';
import { weeksEndingWith } from '../../src/model/period.js';

type OwnerRow = { ownerId: string | null; owner: string; email: string | null; count: number };
type Figures = Record<string, number | null> & { sla_by_owner?: OwnerRow[]; together?: Pick<Digest, 'planning' | 'capacity' | 'topics' | 'quality'> };
let reference: Record<string, Figures>;
let crm: CrmRecords;
let sheet: SheetRecords;

beforeAll(async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [join(REPO, 'scripts/sample-facts.mjs'), '--json']);
  reference = JSON.parse(stdout);
  const source = createFilesSource({ path: SAMPLE });
  crm = (await source.readCrm(sampleRequest('2026-W47'))).records;
  sheet = (await source.readSheet(sampleRequest('2026-W47'))).records;
});

describe('the model agrees with an independent implementation of the SPEC', () => {
  it.each(['2026-W47', '2026-W44', '2026-W43', '2026-W41'])('every CRM metric of every trend week of %s', (week) => {
    const digest = buildDigest({ week, config: SAMPLE_MODEL_CONFIG, crm, sheet, issues: [] });
    const weeks = weeksEndingWith(week, 8);
    let compared = 0;
    for (const kpi of digest.kpis.filter((k) => k.origin === 'crm')) {
      kpi.trend.forEach((value, i) => {
        const expected = reference[weeks[i]!]?.[kpi.id];
        if (expected === undefined) return; // before the sample's first week
        if (expected === null || value === null) expect(value, `${kpi.id} ${weeks[i]}`).toBe(expected);
        // digest.json keeps 4 decimals for ratios and 2 for money and hours: half a unit of that.
        else expect(Math.abs(value - expected), `${kpi.id} ${weeks[i]}: ${value} vs ${expected}`).toBeLessThanOrEqual((kpi.unit === 'ratio' ? 5e-5 : 5e-3) + 1e-9);
        compared++;
      });
    }
    expect(compared).toBeGreaterThanOrEqual(13 * 5);
  });

  it.each(['2026-W47', '2026-W46', '2026-W45', '2026-W44'])('SLA breaches by owner id, name and e-mail in %s', (week) => {
    const digest = buildDigest({ week, config: SAMPLE_MODEL_CONFIG, crm, sheet, issues: [] });
    const byId = (rows: OwnerRow[]) => [...rows].sort((a, b) => String(a.ownerId).localeCompare(String(b.ownerId)));
    const expected = reference[week]!.sla_by_owner!;
    expect(expected.length).toBeGreaterThan(0);
    expect(byId(digest.slaBreachesByOwner)).toEqual(byId(expected));
    const counts = digest.slaBreachesByOwner.map((r) => r.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it.each(['2026-W47', '2026-W46', '2026-W45', '2026-W44', '2026-W43', '2026-W40'])('planning, capacity, topics and quality of %s', (week) => {
    const digest = buildDigest({ week, config: SAMPLE_MODEL_CONFIG, crm, sheet, issues: [] });
    const expected = reference[week]!.together!;
    expect(digest.planning).toEqual(expected.planning);
    expect(digest.capacity).toEqual(expected.capacity);
    expect(digest.topics).toEqual(expected.topics);
    expect(digest.quality).toEqual(expected.quality);
  });
});
