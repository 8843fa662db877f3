// Bench case: the state store. Ledger transitions per second (one put = one transition,
// rendering → sending → sent, durable: fsync + rename for the folder, one committed statement
// for PostgreSQL), and the work a send adds around its SMTP transaction (lock, read the
// ledger, three transitions, assertHeld before DATA, release), as the median of many sends.
// The PostgreSQL figures use a throw-away local cluster (scripts/pg-cluster.mjs); without the
// server binaries that half is reported as not measured.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';

const TRANSITIONS = 600;
const SENDS = 60;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(store, newRecord, isLockHandle) {
  // Transitions per second.
  let start = performance.now();
  for (let i = 0; i < TRANSITIONS / 3; i++) {
    const record = newRecord('bench', `2026-W${String((i % 52) + 1).padStart(2, '0')}`, 'digest', new Date().toISOString());
    await store.put(record);
    await store.put({ ...record, state: 'sending', attempts: 1 });
    await store.put({ ...record, state: 'sent', attempts: 1 });
  }
  const perSecond = TRANSITIONS / ((performance.now() - start) / 1000);
  // One send's ledger and lock work.
  const sends = [];
  for (let i = 0; i < SENDS; i++) {
    start = performance.now();
    const lock = await store.acquireLock('send', { leaseMs: 60_000 });
    if (!isLockHandle(lock)) throw new Error('lock not free');
    const key = { digestId: 'send', week: `2026-W${String((i % 52) + 1).padStart(2, '0')}`, kind: 'digest' };
    const previous = await store.get(key);
    const record = { ...(previous ?? newRecord(key.digestId, key.week, 'digest', new Date().toISOString())), state: 'rendering' };
    await store.put(record);
    await store.put({ ...record, state: 'sending' });
    await lock.assertHeld();
    await store.put({ ...record, state: 'sent' });
    await lock.release();
    sends.push(performance.now() - start);
  }
  const listStart = performance.now();
  const { records } = await store.list();
  const listMs = performance.now() - listStart;
  return { perSecond, sendMs: median(sends), sendMin: Math.min(...sends), listMs, records: records.length };
}

export async function run({ root, work }) {
  const { createFileStateStore } = await import(join(root, 'dist/state/file/index.js'));
  const { openPostgresStateStore } = await import(join(root, 'dist/state/postgres/index.js'));
  const { newRecord, isLockHandle } = await import(join(root, 'dist/state/types.js'));
  const line = (name, r) =>
    console.log(`  ${name.padEnd(24)} ${r.perSecond.toFixed(0).padStart(6)} transitions/s; a send's ledger + lock work ${r.sendMs.toFixed(1)} ms (min ${r.sendMin.toFixed(1)}); history of ${r.records} records ${r.listMs.toFixed(1)} ms`);

  console.log(`\nstate store (${TRANSITIONS} durable transitions; median of ${SENDS} sends: lock, read, 3 transitions, assertHeld, release)`);
  const dir = mkdtempSync(join(work ?? root, 'state-'));
  line('folder (fsync, rename)', await measure(createFileStateStore(dir), newRecord, isLockHandle));

  let cluster;
  try {
    const { startPostgres, freshSchema } = await import(join(root, 'scripts/pg-cluster.mjs'));
    cluster = await startPostgres({ durable: true });
    const store = await openPostgresStateStore({ url: cluster.url }, { schema: freshSchema() });
    line('postgres (local, fsync)', await measure(store, newRecord, isLockHandle));
    await store.close();
  } catch (error) {
    console.log(`  postgres                 not measured: ${error.message.split('\n')[0]}`);
  } finally {
    await cluster?.destroy();
  }
}
