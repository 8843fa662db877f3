// `npm run bench`: figures, not thresholds. Measures, side by side in one run:
//   1. a cold `digest preview` of the sample (new process each time: data, model, render, eml)
//      against the bare `mjml` CLI rendering the very same MJML, alternating, medians of wall
//      and CPU time and their ratios; how many module files it loads; then the preview's stage
//      times (imports, data, charts, render, eml) from scripts/bench/stages.mjs;
//   2. `digest --help` start-up time;
//   3. how preview grows with the data: the sample's CRM records multiplied ×10 and ×50;
//   4. API requests per run: the files source makes none; the cases in scripts/bench/cases/
//      measure the API sources against their loopback fakes.
// Wall time is the median of several runs; peak memory is the child's max RSS (getrusage).
// Set BENCH_RUNS to change the number of runs (default 9).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const WEEK = '2026-W47';
const CONFIG = join(ROOT, 'digest.config.example.yaml');
const work = mkdtempSync(join(tmpdir(), 'digest-bench-'));
const rssFile = join(work, 'rss.txt');
const peakRss = join(ROOT, 'scripts/bench/peak-rss.mjs');

/** Runs `node args…` once; returns wall ms, CPU ms (user + system) and peak RSS MB of that process. */
function measure(args, env = process.env) {
  writeFileSync(rssFile, '');
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', peakRss, ...args], {
    cwd: ROOT,
    env: { ...env, BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${result.stderr}`);
  const lines = readFileSync(rssFile, 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number));
  const kb = Math.max(...lines.map((l) => l[0]));
  const cpu = lines.reduce((n, l) => n + (l[1] ?? 0), 0) / 1000;
  return { ms, cpu, mb: kb / 1024, stdout: result.stdout };
}

function median(sorted) {
  return sorted[Math.floor(sorted.length / 2)];
}

function series(args, runs = RUNS, env = process.env) {
  measure(args, env); // warm the file system cache; not counted
  const samples = Array.from({ length: runs }, () => measure(args, env));
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { ms: ms[Math.floor(ms.length / 2)], min: ms[0], mb: Math.max(...samples.map((s) => s.mb)) };
}

const fmt = (r) => `${r.ms.toFixed(0).padStart(6)} ms (min ${r.min.toFixed(0)})  ${r.mb.toFixed(0).padStart(4)} MB`;

// The MJML the preview renders, written once for the bare mjml CLI.
const { loadConfig, selectDigest } = await import(join(ROOT, 'dist/config/load.js'));
const { choosePeriod, collectDigest, renderContext } = await import(join(ROOT, 'dist/pipeline.js'));
const { renderMjml } = await import(join(ROOT, 'dist/render/index.js'));
const loaded = await loadConfig(CONFIG);
const digestConfig = selectDigest(loaded, 'dach');
const digest = await collectDigest(loaded, digestConfig, choosePeriod(WEEK, Date.now(), digestConfig.timezone));
const mjmlFile = join(work, 'digest.mjml');
writeFileSync(mjmlFile, await renderMjml(digest, renderContext(digestConfig)));

const bin = join(ROOT, 'dist/cli/bin.js');
// Alternate the two so that a change in machine load hits both alike; report medians and the
// median of the per-pair ratios.
const previewArgs = [bin, 'preview', '--config', CONFIG, '--week', WEEK, '--out', join(work, 'preview')];
const mjmlArgs = [join(ROOT, 'node_modules/mjml/bin/mjml'), mjmlFile, '-o', join(work, 'mjml.html')];
measure(previewArgs);
measure(mjmlArgs);
const pairs = Array.from({ length: RUNS }, () => [measure(previewArgs), measure(mjmlArgs)]);
const summary = (samples) => {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const cpu = samples.map((s) => s.cpu).sort((a, b) => a - b);
  return { ms: median(ms), min: ms[0], cpu: median(cpu), mb: Math.max(...samples.map((s) => s.mb)) };
};
const preview = summary(pairs.map((p) => p[0]));
const bare = summary(pairs.map((p) => p[1]));
const pairRatio = median(pairs.map(([p, m]) => p.ms / m.ms).sort((a, b) => a - b));
const cpuRatio = median(pairs.map(([p, m]) => p.cpu / m.cpu).sort((a, b) => a - b));
// How many module files a cold preview opens (the bundle's parts and what loads beside it).
const loadedList = join(work, 'loaded.json');
spawnSync(process.execPath, ['--import', join(ROOT, 'test/helpers/loaded-files.mjs'), ...previewArgs], { cwd: ROOT, env: { ...process.env, LOADED_FILES_FILE: loadedList } });
const loadedCount = JSON.parse(readFileSync(loadedList, 'utf8')).length;
const stageRuns = Array.from({ length: RUNS }, () => JSON.parse(measure([join(ROOT, 'scripts/bench/stages.mjs')]).stdout.trim().split('\n').at(-1)));
const stage = (key) => median(stageRuns.map((r) => r[key]).sort((a, b) => a - b));
const help = series([bin, '--help'], 10);
const nodeAlone = series(['-e', '0'], 10);
// NODE_EXTRA_CA_CERTS makes every Node process parse a CA bundle at start-up (~80 ms here).
const { NODE_EXTRA_CA_CERTS: caCerts, ...envWithoutCa } = process.env;
const helpNoCa = caCerts ? series([bin, '--help'], 10, envWithoutCa) : null;
const nodeAloneNoCa = caCerts ? series(['-e', '0'], 10, envWithoutCa) : null;
const html = readFileSync(join(work, 'preview', 'digest.html'));
const eml = readFileSync(join(work, 'preview', 'digest.eml'));

console.log(`alignment-digest bench · node ${process.version} · ${RUNS} runs each, median wall time, peak RSS\n`);
console.log(`cold preview of the sample vs. the bare mjml CLI on the same MJML (NODE_EXTRA_CA_CERTS ${caCerts ? 'set: both sides parse that CA bundle at start-up' : 'not set'})`);
console.log(`  digest preview           ${fmt(preview)}  CPU ${preview.cpu.toFixed(0)} ms`);
console.log(`  mjml CLI (same MJML)     ${fmt(bare)}  CPU ${bare.cpu.toFixed(0)} ms`);
console.log(`  ratio preview / mjml     ${pairRatio.toFixed(2)}× wall, ${cpuRatio.toFixed(2)}× CPU (medians of ${RUNS} alternating pairs), ${(preview.mb / bare.mb).toFixed(2)}× peak memory   (goal ≤ 0.75× wall and CPU)`);
console.log(`  module files a cold preview loads: ${loadedCount} (the bundle's parts in dist/app/ plus Handlebars' runtime and resvg beside it)`);
console.log(`  preview stages (median of ${RUNS} cold runs, in-process timers, from the unbundled dist/ modules, so imports are larger than the bundle's): imports ${stage('imports').toFixed(0)} ms · sources + model ${stage('data').toFixed(0)} ms · charts ${stage('charts').toFixed(0)} ms · render ${stage('render').toFixed(0)} ms · .eml ${stage('eml').toFixed(0)} ms · total ${stage('total').toFixed(0)} ms`);
console.log(`  digest --help            ${fmt(help)}   (goal < 150 ms)`);
console.log(`  node -e 0 (baseline)     ${fmt(nodeAlone)}`);
if (helpNoCa) {
  console.log(`  without NODE_EXTRA_CA_CERTS (set here; Node parses that CA bundle at every start):`);
  console.log(`    digest --help          ${fmt(helpNoCa)}`);
  console.log(`    node -e 0 (baseline)   ${fmt(nodeAloneNoCa)}`);
}
console.log(`  output                   HTML ${(html.length / 1024).toFixed(1)} KB (Gmail clips at 102 KB), .eml ${(eml.length / 1024).toFixed(1)} KB`);

// Growth with data: the sample's contacts and deals repeated with new ids (same weeks).
console.log('\npreview as the CRM data grows (files source, contacts and deals repeated)');
const sample = join(ROOT, 'data/sample');
function scaled(factor) {
  const dir = join(work, `x${factor}`);
  mkdirSync(dir, { recursive: true });
  for (const file of ['stages.csv', 'owners.csv', 'kpis.csv', 'targets.csv', 'notes.csv', 'voice.csv']) copyFileSync(join(sample, file), join(dir, file));
  for (const file of ['contacts.csv', 'deals.csv']) {
    const [header, ...rows] = readFileSync(join(sample, file), 'utf8').trimEnd().split('\n');
    const out = [header];
    for (let i = 0; i < factor; i++) for (const row of rows) out.push(i === 0 ? row : row.replace(/^([^,]*)/, `$1-r${i}`));
    writeFileSync(join(dir, file), `${out.join('\n')}\n`);
  }
  const config = readFileSync(CONFIG, 'utf8').replaceAll('path: data/sample', `path: ${dir}`).replace('outboxDir: outbox', `outboxDir: ${join(work, 'outbox')}`);
  const configFile = join(dir, 'digest.config.yaml');
  writeFileSync(configFile, config);
  return { configFile, contacts: (factor * (readFileSync(join(sample, 'contacts.csv'), 'utf8').trimEnd().split('\n').length - 1)) };
}
for (const factor of [1, 10, 50]) {
  const { configFile, contacts } = scaled(factor);
  const r = series([bin, 'preview', '--config', configFile, '--week', WEEK, '--out', join(work, `p${factor}`)], 3);
  console.log(`  ×${String(factor).padEnd(3)} ${String(contacts).padStart(7)} contacts   ${fmt(r)}`);
}

console.log('\nAPI requests per run');
console.log('  files source (sample)    0 requests (reads CSV files)');

// Source cases against the loopback fakes: each module in scripts/bench/cases/ exports
// `run({ root, work })` and prints its own lines.
for (const file of readdirSync(join(ROOT, 'scripts/bench/cases')).filter((f) => f.endsWith('.mjs')).sort()) {
  const { run } = await import(join(ROOT, 'scripts/bench/cases', file));
  await run({ root: ROOT, work });
}

rmSync(work, { recursive: true, force: true });
