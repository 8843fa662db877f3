// Preloaded into a measured process (`node --import`): reports its peak RSS (KB) and the CPU
// time it used (user + system, µs) on exit, one line `rss cpu`.
import { appendFileSync } from 'node:fs';

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    appendFileSync(target, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}\n`);
  });
}
