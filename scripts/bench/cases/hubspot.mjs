// Bench case: the HubSpot source against its loopback fake (test/fakes/hubspot, transpiled here)
// with 60 ms latency a request and the fake's rate limits (5 searches a rolling second, 100
// other requests a rolling 10 s), for a small portal and a large one as real portals are
// (60,016 contacts and 8,042 deals created over 40 weeks, MQLs long after creation, open deals
// with an expected close date, 250 owners of whom 30 archived and 4 pairs share a name). The
// source runs in a child process (default config: 4.5 searches a second) so that its peak RSS is
// its own.
// Printed: the records the windows of 2026-W47 need (worked out from the portal's data) and
// what a single W−10 window would have fetched, requests made vs the minimum (full pages of
// exactly the needed records, the pipelines, both owner listings), wall time vs the
// rate-limit bound (minimum searches ÷ 5 a second), peak RSS, and the heap retained per record
// (after GC, sampled as pages arrive) against the raw bytes.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFake } from '../load-fake.mjs';

const WEEK = '2026-W47';
const TZ = 'Europe/Berlin';
const TOKEN = 'bench-token';
const LATENCY_MS = 60;
const SEARCH_PER_SECOND = 5;

function runChild(root, url) {
  return new Promise((resolve, reject) => {
    const rssFile = join(process.env.TMPDIR ?? '/tmp', `hubspot-bench-rss-${process.pid}.txt`);
    writeFileSync(rssFile, '');
    const child = spawn(process.execPath, ['--expose-gc', '--import', join(root, 'scripts/bench/peak-rss.mjs'), import.meta.filename, '--child'], {
      env: { ...process.env, BENCH_RSS_FILE: rssFile, BENCH_ROOT: root, BENCH_FAKE_URL: url, BENCH_HUBSPOT_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`hubspot bench child failed (${code})`));
      const kb = Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map((line) => Number(line.split(' ')[0])));
      resolve({ ...JSON.parse(out), peakMb: kb / 1024 });
    });
  });
}

export async function run({ root, work }) {
  const { historyWindow, sourceWindows, uniformWindows } = await import(join(root, 'dist/model/window.js'));
  const windows = sourceWindows(WEEK, TZ);
  const { weekPeriod, shiftWeek } = await import(join(root, 'dist/model/period.js'));
  const before = uniformWindows({ startMs: weekPeriod(shiftWeek(WEEK, -10), TZ).startMs, endMs: weekPeriod(WEEK, TZ).endMs });
  const fakeModule = await loadFake(root, work, 'hubspot');
  const [server, portal] = await Promise.all([fakeModule('server.js'), fakeModule('portal.js')]);
  const endMs = historyWindow(WEEK, TZ).endMs;
  console.log(`\nHubSpot source against its fake (${LATENCY_MS} ms latency a request, ${SEARCH_PER_SECOND} searches a rolling second; client at its default 4.5/s)`);
  const sizes = [
    ['small', { contacts: 2_000, deals: 270, owners: 12, archivedOwners: 2, sameNamePairs: 1 }],
    ['large', { contacts: 60_016, deals: 8_042, owners: 250, archivedOwners: 30, sameNamePairs: 4 }],
  ];
  for (const [name, size] of sizes) {
    const data = portal.realisticPortal(size, endMs, 47);
    const need = portal.expectedRecords(data, windows);
    // What one W−10 window for every date property (and close dates in any stage) selects.
    const wide = data.contacts.length && portal.expectedRecords({ ...data, pipelines: data.pipelines.map((p) => ({ ...p, stages: p.stages.map((st) => ({ ...st, metadata: { ...st.metadata, isClosed: 'true' } })) })) }, before);
    const fake = await server.startHubspotFake(data, { token: TOKEN, latencyMs: LATENCY_MS, searchPerSecond: SEARCH_PER_SECOND, per10Seconds: 100 });
    try {
      const r = await runChild(root, fake.url);
      const searches = fake.count('search');
      const pages = (n) => Math.max(1, Math.ceil(n / 200));
      const minSearches = pages(need.contacts.length) + pages(need.deals.length);
      const active = data.owners.filter((o) => !o.archived).length;
      const minimum = minSearches + 1 + Math.max(1, Math.ceil(active / 500)) + Math.max(1, Math.ceil((data.owners.length - active) / 500));
      const boundMs = (minSearches / SEARCH_PER_SECOND) * 1000;
      const rawPerRecord = r.rawBytes / (r.contacts + r.deals);
      const exact = r.contacts === need.contacts.length && r.deals === need.deals.length ? 'exactly the needed records' : `NEEDED ${need.contacts.length} contacts and ${need.deals.length} deals`;
      console.log(`  ${name.padEnd(5)} portal ${data.contacts.length} contacts ${data.deals.length} deals ${data.owners.length} owners; the windows need ${need.contacts.length} contacts and ${need.deals.length} deals (one W−10 window: ${wide.contacts.length} and ${wide.deals.length})`);
      console.log(`        read ${r.contacts} contacts ${r.deals} deals (${exact}): ${fake.log.length} requests (minimum ${minimum}, ${(fake.log.length / minimum).toFixed(3)}×, goal ≤ 1.05×; ${searches} searches, ${fake.count(undefined, 429)} answered 429)`);
      console.log(`        wall ${(r.ms / 1000).toFixed(2)} s vs rate-limit bound ${(boundMs / 1000).toFixed(2)} s (${(r.ms / boundMs).toFixed(2)}×, goal ≤ 1.3×); peak RSS ${r.peakMb.toFixed(0)} MB (goal < 250 MB); search round trip median ${r.rttMedian.toFixed(0)} ms, p90 ${r.rttP90.toFixed(0)} ms`);
      console.log(`        heap retained ${r.retainedPerRecord.toFixed(0)} B a record (slope over ${r.samples} samples as pages arrive) vs ${rawPerRecord.toFixed(0)} B of raw JSON a record; heap after the run with records dropped: ${r.heapAfterDropMb.toFixed(1)} MB`);
    } finally {
      await fake.close();
    }
  }
}

// ---- child: runs the source with its default limits, samples the heap as pages arrive.
async function child() {
  const root = process.env.BENCH_ROOT;
  const v = await import('valibot');
  const { hubspotSourceSchema } = await import(join(root, 'dist/sources/hubspot/config.js'));
  const { createHubspotSource } = await import(join(root, 'dist/sources/hubspot/index.js'));
  const { historyWindow, sourceWindows } = await import(join(root, 'dist/model/window.js'));
  const config = v.parse(hubspotSourceSchema, { type: 'hubspot', baseUrl: process.env.BENCH_FAKE_URL, tokenEnv: 'BENCH_HUBSPOT_TOKEN' });
  const samples = [];
  let pages = 0;
  let rawBytes = 0;
  const searchMs = [];
  const originalFetch = globalThis.fetch;
  globalThis.fetch = async (...args) => {
    const res = await originalFetch(...args);
    rawBytes += Number(res.headers.get('content-length') ?? 0);
    return res;
  };
  const source = createHubspotSource({
    config,
    env: process.env,
    onRequest: (info) => {
      if (!info.endpoint.endsWith('/search') || info.status !== 200) return;
      searchMs.push(info.ms);
      if (++pages % 10 === 0) setImmediate(() => { globalThis.gc(); samples.push({ pages, heap: process.memoryUsage().heapUsed }); });
    },
  });
  globalThis.gc();
  const start = performance.now();
  let result = await source.readCrm({ timezone: TZ, window: historyWindow(WEEK, TZ), windows: sourceWindows(WEEK, TZ), metrics: new Map() });
  const ms = performance.now() - start;
  const contacts = result.records.contacts.length;
  const deals = result.records.deals.length;
  // Least-squares slope of heap over pages, per record (200 records a page).
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.pages, 0) / n;
  const my = samples.reduce((a, s) => a + s.heap, 0) / n;
  const slope = samples.reduce((a, s) => a + (s.pages - mx) * (s.heap - my), 0) / (samples.reduce((a, s) => a + (s.pages - mx) ** 2, 0) || 1);
  result = null;
  globalThis.gc();
  searchMs.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ ms, rttMedian: searchMs[searchMs.length >> 1], rttP90: searchMs[Math.floor(searchMs.length * 0.9)], contacts, deals, rawBytes, samples: n, retainedPerRecord: n > 1 ? slope / 200 : 0, heapAfterDropMb: process.memoryUsage().heapUsed / 1048576 }));
}

if (process.argv[2] === '--child') await child();
