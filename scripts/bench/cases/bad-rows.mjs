// Bench case: `digest validate` on a kpis.csv of 20,000, 60,000 and 200,000 rows, a third of
// them bad (unknown metric, a value that is not a number, a negative count, a duplicate), so
// every run reads the rows AND lists tens of thousands of located issues. Linear reading shows
// as a constant time per 1,000 rows; the issue list used to copy itself per issue (quadratic).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const METRICS = ['event_leads', 'webinar_signups', 'content_published', 'budget_spent'];

/** `rows` KPI rows over many weeks; rows i % 3 === 1 carry one of four kinds of bad input. */
export function badKpis(rows) {
  const lines = ['week,metric,value,target'];
  for (let i = 0; i < rows; i++) {
    const week = `${2000 + Math.floor(i / 2000) % 100}-W${String(1 + (Math.floor(i / 4) % 52)).padStart(2, '0')}`;
    const metric = METRICS[i % 4];
    if (i % 3 !== 1) lines.push(`${week},${metric},${i % 97},${i % 89}`);
    else if (i % 4 === 0) lines.push(`${week},unknown_metric_${i % 7},5,`);
    else if (i % 4 === 1) lines.push(`${week},${metric},zwölf,`);
    else if (i % 4 === 2) lines.push(`${week},${metric},-${i % 50 + 1},`);
    else lines.push(`${week},${metric},1e309,`);
  }
  return `${lines.join('\n')}\n`;
}

function measure(root, work, args) {
  const rssFile = join(work, 'bad-rows-rss.txt');
  writeFileSync(rssFile, '');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', join(root, 'scripts/bench/peak-rss.mjs'), ...args], {
    cwd: root, env: { ...process.env, BENCH_RSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 4) throw new Error(`validate exited ${result.status} (expected 4, the data has errors):\n${result.stderr.slice(0, 2000)}`);
  // peak-rss.mjs writes one line `rss cpu` per process.
  const kb = Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map((line) => Number(line.split(' ')[0])));
  const issues = result.stderr.split('\n').filter((l) => /^ {2}(error|warning) /.test(l)).length;
  return { ms, mb: kb / 1024, issues };
}

export async function run({ root, work }) {
  console.log('\nreading and reporting bad rows (digest validate, files source, kpis.csv with a third of the rows bad)');
  const sample = join(root, 'data/sample');
  const bin = join(root, 'dist/cli/bin.js');
  const config = readFileSync(join(root, 'digest.config.example.yaml'), 'utf8');
  const figures = [];
  for (const rows of [20_000, 60_000, 200_000]) {
    const dir = join(work, `bad-rows-${rows}`);
    mkdirSync(dir, { recursive: true });
    for (const file of ['contacts.csv', 'deals.csv', 'stages.csv', 'owners.csv', 'targets.csv', 'notes.csv', 'voice.csv']) copyFileSync(join(sample, file), join(dir, file));
    writeFileSync(join(dir, 'kpis.csv'), badKpis(rows));
    const configFile = join(dir, 'digest.config.yaml');
    writeFileSync(configFile, config.replaceAll('path: data/sample', `path: ${dir}`).replace('outboxDir: outbox', `outboxDir: ${join(work, 'outbox')}`));
    const args = [bin, 'validate', '--config', configFile, '--week', '2026-W47'];
    measure(root, work, args); // warm-up, not counted
    const samples = [measure(root, work, args), measure(root, work, args), measure(root, work, args)].sort((a, b) => a.ms - b.ms);
    const r = samples[1];
    figures.push({ rows, ...r });
    console.log(`  ${String(rows).padStart(7)} rows  ${String(r.issues).padStart(6)} issues listed  ${r.ms.toFixed(0).padStart(6)} ms  ${r.mb.toFixed(0).padStart(4)} MB  ${(r.ms / (rows / 1000)).toFixed(1).padStart(5)} ms per 1,000 rows`);
  }
  const [small, , large] = figures;
  console.log(`  200k / 20k: ${(large.ms / small.ms).toFixed(1)}× the time for 10× the rows (linear: ≤ 10×; the fixed start-up cost makes it less)`);
}
