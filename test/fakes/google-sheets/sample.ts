/** The sample sheet tabs (`data/sample/*.csv`) imported into the fake as Google Sheets would. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCsv } from './cells.js';
import type { FakeTab } from './server.js';

export const SAMPLE_TABS = { KPIs: 'kpis.csv', Targets: 'targets.csv', Notes: 'notes.csv', Voice: 'voice.csv', Definitions: 'definitions.csv', People: 'people.csv', Forecast: 'forecast.csv' } as const;

export function sampleTabs(folder: string): FakeTab[] {
  return Object.entries(SAMPLE_TABS).map(([title, file]) => ({ title, cells: importCsv(readFileSync(join(folder, file), 'utf8')) }));
}
