// A separate process using the built PostgreSQL state store, as a replica would: the tests in
// test/state/postgres.test.ts start several at once (each in its own working folder) against
// one database. Argument: a JSON object { action, url, schema, digestId, leaseMs, startAt, ... }.
// It prints one JSON line with what happened; registry errors exit with their exit code and
// print only their message (no stack trace), as the CLI does.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const args = JSON.parse(process.argv[2]);
const dist = join(args.repo, 'dist');
const { openPostgresStateStore } = await import(join(dist, 'state/postgres/index.js'));
const { isLockHandle, newRecord } = await import(join(dist, 'state/types.js'));
const { exitCodeFor, DigestError } = await import(join(dist, 'errors.js'));

const say = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const waitForStart = async () => {
  if (args.startAt) await sleep(Math.max(0, args.startAt - Date.now()));
};

try {
  const store = await openPostgresStateStore({ url: args.url }, { schema: args.schema, migrate: args.action !== 'migrate' });
  await waitForStart();
  if (args.action === 'migrate') {
    say(await store.migrate());
  } else if (args.action === 'race') {
    const lock = await store.acquireLock(args.digestId, { leaseMs: args.leaseMs });
    say({ won: isLockHandle(lock), pid: process.pid });
    if (isLockHandle(lock)) {
      await sleep(args.holdMs ?? 0);
      await lock.release();
    }
  } else if (args.action === 'hold') {
    // Holds the lock (renewed in the background) until killed.
    const lock = await store.acquireLock(args.digestId, { leaseMs: args.leaseMs });
    say({ won: isLockHandle(lock), token: isLockHandle(lock) ? lock.info.token : null });
    await sleep(10 * 60_000);
  } else if (args.action === 'long') {
    // A send slower than the lease: the background renewal must keep it.
    const lock = await store.acquireLock(args.digestId, { leaseMs: args.leaseMs });
    if (!isLockHandle(lock)) throw new Error('lock was not free');
    say({ won: true, token: lock.info.token });
    await sleep(args.workMs);
    await lock.assertHeld();
    say({ stillHeld: true });
    await lock.release();
  } else if (args.action === 'replica') {
    // The send protocol of the job layer, with the SMTP transaction replaced by a row in
    // test_sent (written outside the ledger's statements, as a relay is outside the database):
    // per digest lock → for each week: ledger says sent? skip → sending → assertHeld → "send" →
    // sent → release. A busy digest is retried after `retryBusyMs` (as the daemon retries).
    // `killAt` SIGKILLs this process at one point of one send, like the CLI's fault hook.
    const pg = (await import(join(args.repo, 'node_modules/pg/lib/index.js'))).default;
    const sink = new pg.Client({ connectionString: args.url });
    await sink.connect();
    await sink.query(`CREATE TABLE IF NOT EXISTS "${args.schema}".test_sent (digest_id text, week text, replica text)`).catch(() => undefined);
    const fault = (point, digestId, week) => {
      const at = args.killAt;
      if (at && at.point === point && at.digestId === digestId && (week === undefined || at.week === week)) process.kill(process.pid, 'SIGKILL');
    };
    const pending = [...args.digests];
    let busyRounds = 0;
    while (pending.length) {
      const digestId = pending.shift();
      const lock = await store.acquireLock(digestId, { leaseMs: args.leaseMs });
      if (!isLockHandle(lock)) {
        if (!args.retryBusyMs || ++busyRounds > 200) continue;
        pending.push(digestId);
        await sleep(args.retryBusyMs);
        continue;
      }
      try {
        fault('after-lock', digestId);
        for (const week of args.weeks) {
          const key = { digestId, week, kind: 'digest' };
          const previous = await store.get(key);
          if (previous?.state === 'sent') continue;
          const now = new Date().toISOString();
          const record = { ...(previous ?? newRecord(digestId, week, 'digest', now)), state: 'sending', attempts: (previous?.attempts ?? 0) + 1, updatedAt: now };
          await store.put(record);
          fault('after-sending-record', digestId, week);
          await lock.assertHeld();
          if (args.sendMs) await sleep(args.sendMs);
          await sink.query(`INSERT INTO "${args.schema}".test_sent VALUES ($1, $2, $3)`, [digestId, week, args.name]);
          fault('after-send', digestId, week);
          await store.put({ ...record, state: 'sent', sentAt: new Date().toISOString() });
          fault('after-sent-record', digestId, week);
        }
      } finally {
        await lock.release();
      }
    }
    await sink.end();
    say({ done: true });
  } else if (args.action === 'list') {
    say(await store.list());
  }
  await store.close();
} catch (error) {
  if (error instanceof DigestError) {
    process.stderr.write(`${error.code}: ${error.message}\n`);
    process.exit(exitCodeFor(error));
  }
  throw error;
}
