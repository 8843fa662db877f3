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
const { isLockHandle } = await import(join(dist, 'state/types.js'));
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
