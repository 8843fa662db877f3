/**
 * The source contract: every adapter, run on the sample data set (served by its fake), must
 * yield what the files source yields from `data/sample/`. Sheet sources return the same
 * records (locations differ by naming: `Notes!C7` vs `notes.csv!C7`); CRM sources may return
 * only the history window, so they must produce the same digest, week after week.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigest, knownMetrics } from '../../src/model/build-digest.js';
import { checkCrmRecords } from '../../src/model/crm-records.js';
import { historyWindow, sourceWindows } from '../../src/model/window.js';
import type { CrmRecords, DataIssue, Digest, SheetRecords } from '../../src/model/types.js';
import { createFilesSource } from '../../src/sources/files/index.js';
import type { CrmSource, SheetSource, SourceRequest } from '../../src/sources/types.js';
import { SAMPLE } from '../helpers/cli.js';
import { modelConfig } from '../helpers/records.js';

/** The sample's manual KPIs, as in digest.config.example.yaml. */
export const SAMPLE_MODEL_CONFIG = modelConfig({
  id: 'dach',
  exchangeRates: { CHF: 1.06, USD: 0.92 },
  kpis: [
    { id: 'event_leads', label: 'Event-Leads', unit: 'count', direction: 'higher' },
    { id: 'webinar_signups', label: 'Webinar-Anmeldungen', unit: 'count', direction: 'higher' },
    { id: 'content_published', label: 'Inhalte', unit: 'count', direction: 'higher' },
    { id: 'budget_spent', label: 'Budget', unit: 'money', direction: 'lower' },
    { id: 'demo_show_rate', label: 'Demo-Quote', unit: 'ratio', direction: 'higher' },
  ],
});

export function sampleRequest(week: string): SourceRequest {
  return { timezone: SAMPLE_MODEL_CONFIG.timezone, window: historyWindow(week, SAMPLE_MODEL_CONFIG.timezone), windows: sourceWindows(week, SAMPLE_MODEL_CONFIG.timezone), metrics: knownMetrics(SAMPLE_MODEL_CONFIG) };
}

const withoutLocation = <T extends { location?: string }>(rows: T[]) => rows.map(({ location: _, ...rest }) => rest);
const issueText = (issues: DataIssue[]) => issues.map((i) => `${i.severity} ${i.message}`).sort();

export function digestOf(week: string, crm: CrmRecords, sheet: SheetRecords): Digest {
  return buildDigest({ week, config: SAMPLE_MODEL_CONFIG, crm, sheet, issues: [] });
}

export interface Started<S> {
  source: S;
  /** Requests the adapter made so far, if its fake counts them. */
  requests?: () => number;
  close?: () => Promise<void>;
}

export function sheetSourceContract(name: string, start: () => Promise<Started<SheetSource>>): void {
  describe(`${name}: sheet source contract`, () => {
    let started: Started<SheetSource>;
    beforeAll(async () => {
      started = await start();
    });
    afterAll(async () => started?.close?.());

    it('returns the same records and issues as the files source on the sample data', async () => {
      const request = sampleRequest('2026-W47');
      const expected = await createFilesSource({ path: SAMPLE }).readSheet(request);
      const actual = await started.source.readSheet(request);
      for (const tab of ['kpis', 'targets', 'notes', 'voice', 'forecast'] as const) {
        expect(withoutLocation(actual.records[tab] as { location?: string }[]), tab).toEqual(withoutLocation(expected.records[tab] as { location?: string }[]));
      }
      expect(issueText(actual.issues)).toEqual(issueText(expected.issues));
    });
  });
}

export function crmSourceContract(name: string, start: () => Promise<Started<CrmSource>>): void {
  describe(`${name}: CRM source contract`, () => {
    let started: Started<CrmSource>;
    let sheet: SheetRecords;
    beforeAll(async () => {
      started = await start();
      sheet = (await createFilesSource({ path: SAMPLE }).readSheet(sampleRequest('2026-W47'))).records;
    });
    afterAll(async () => started?.close?.());

    it.each(['2026-W47', '2026-W45', '2026-W43'])('yields the same digest as the files source for %s', async (week) => {
      const request = sampleRequest(week);
      // As the pipeline does: every source's records pass the same checks before the model.
      const expected = checkCrmRecords(await createFilesSource({ path: SAMPLE }).readCrm(request));
      const actual = checkCrmRecords(await started.source.readCrm(request));
      const { dataIssues: expectedIssues, ...expectedDigest } = digestOf(week, expected.records, sheet);
      const { dataIssues: actualIssues, ...actualDigest } = digestOf(week, actual.records, sheet);
      expect(actualDigest).toEqual(expectedDigest);
      expect(issueText([...actual.issues, ...actualIssues])).toEqual(issueText([...expected.issues, ...expectedIssues]));
      // The planning blocks are compared above; they must be there to compare.
      for (const block of ['capacity', 'topics', 'quality'] as const) expect(actualDigest[block], block).not.toBeNull();
      if (week === '2026-W47') expect(actualDigest.planning?.need.leads_new).toBeGreaterThan(0);
    });
  });
}
