// Bench case: the Google Sheets source against its loopback fake (test/fakes/google-sheets,
// transpiled here), through the official client, on the sample tabs. Prints the API requests
// each run makes (the goal: the metadata and one values:batchGet per run), and the time to load
// the client and read the tabs once.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadFake } from '../load-fake.mjs';

export async function run({ root, work }) {
  const fakeModule = await loadFake(root, work, 'google-sheets');
  const [server, sample] = await Promise.all([fakeModule('server.js'), fakeModule('sample.js')]);
  const fake = await server.startFakeSheets();
  const id = 'bench-sheet';
  fake.spreadsheets.set(id, { tabs: sample.sampleTabs(join(root, 'data/sample')) });
  fake.tokens.set('bench-token', 'lead@example.com');
  const started = performance.now();
  const { createGoogleSheetsSource } = await import(join(root, 'dist/sources/google-sheets/index.js'));
  const { googleSheetsSourceSchema } = await import(join(root, 'dist/sources/google-sheets/config.js'));
  const v = await import(pathToFileURL(createRequire(join(root, 'package.json')).resolve('valibot')).href);
  const { historyWindow } = await import(join(root, 'dist/model/window.js'));
  const request = { timezone: 'Europe/Berlin', window: historyWindow('2026-W47', 'Europe/Berlin'), metrics: new Map([['event_leads', 'count'], ['webinar_signups', 'count'], ['content_published', 'count'], ['budget_spent', 'money'], ['demo_show_rate', 'ratio'], ['sqls', 'count'], ['leads_new', 'count'], ['mqls', 'count'], ['median_first_touch_hours', 'hours'], ['win_rate', 'ratio'], ['revenue_won', 'money'], ['deals_won', 'count'], ['pipeline_created', 'money'], ['first_touch_sla_breaches', 'count'], ['mql_to_sql_rate', 'ratio'], ['deals_created', 'count'], ['avg_deal_size', 'money'], ['deals_lost', 'count']]) };
  const source = (extra = {}) => createGoogleSheetsSource(
    v.parse(googleSheetsSourceSchema, { type: 'google-sheets', spreadsheetId: id, apiRoot: fake.url, auth: { type: 'access-token', env: 'BENCH_SHEETS_TOKEN' }, backoffMs: 1, ...extra }),
    { resolvePath: (p) => p, env: { BENCH_SHEETS_TOKEN: 'bench-token' } },
  );
  const kinds = () => fake.requests.map((r) => r.kind).join(' + ');
  const line = (label) => {
    console.log(`  google-sheets ${label.padEnd(34)} ${String(fake.count()).padStart(2)} request${fake.count() === 1 ? ' ' : 's'} (${kinds()})`);
    fake.reset();
  };
  try {
    const first = source();
    await first.readSheet(request);
    const firstMs = performance.now() - started;
    line('(sample, one run)');
    const t = performance.now();
    await first.readSheet(request);
    const againMs = performance.now() - t;
    line('(second run, same process)');
    fake.spreadsheets.set(id, { tabs: sample.sampleTabs(join(root, 'data/sample')).map((tab) => (tab.title === 'Voice' ? { ...tab, title: 'Stimmen' } : tab)) });
    await source().readSheet(request);
    line('(a tab missing: named, others read)');
    fake.spreadsheets.set(id, { tabs: sample.sampleTabs(join(root, 'data/sample')) });
    fake.fail('batchGet', { status: 429, retryAfter: '0' }, { status: 503 });
    await source().readSheet(request);
    line('(429, then 503, then OK)');
    console.log(`  google-sheets first read incl. loading the client ${firstMs.toFixed(0)} ms, a later read ${againMs.toFixed(0)} ms (loopback)`);
  } finally {
    await fake.close();
  }
}
