/**
 * The state-store contract: every adapter (folder, PostgreSQL) passes these same tests, so
 * `history`, the ledger states and the exactly-once guarantees do not depend on the store.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DigestError } from '../../src/errors.js';
import { isLockHandle, newRecord, type LedgerKey, type LockHandle, type StateStore } from '../../src/state/types.js';

export interface ContractFixture {
  /** A store on fresh, empty state. */
  store: StateStore;
  /** Another store on the same state, as a second process would open it. */
  openAgain(): Promise<StateStore>;
  /** Makes the stored entry for `key` unreadable (wrong shape), the way a hand edit or a bug would. */
  breakEntry(key: LedgerKey): Promise<void>;
  cleanup(): Promise<void>;
}

const T0 = '2026-11-23T07:00:00.000Z';
const key = (digestId: string, week: string, kind: 'digest' | 'review' = 'digest'): LedgerKey => ({ digestId, week, kind });

async function expectCode(promise: Promise<unknown>, code: string): Promise<DigestError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, `expected ${code}`).toBeInstanceOf(DigestError);
  expect((error as DigestError).code).toBe(code);
  return error as DigestError;
}

export function stateStoreContract(name: string, open: () => Promise<ContractFixture>): void {
  describe(`state store contract: ${name}`, () => {
    const fixtures: ContractFixture[] = [];
    const handles: LockHandle[] = [];
    const setup = async () => {
      const fixture = await open();
      fixtures.push(fixture);
      return fixture;
    };
    afterEach(async () => {
      for (const handle of handles.splice(0)) await handle.release();
      for (const fixture of fixtures.splice(0)) await fixture.cleanup();
    });
    const acquire = async (store: StateStore, digestId: string, leaseMs: number, renewEveryMs?: number) => {
      const lock = await store.acquireLock(digestId, { leaseMs, ...(renewEveryMs !== undefined ? { renewEveryMs } : {}) });
      if (isLockHandle(lock)) handles.push(lock);
      return lock;
    };

    it('keeps every field of a record through its transitions (rendering → sending → partial → sent)', async () => {
      const { store } = await setup();
      expect(await store.get(key('dach', '2026-W47'))).toBeNull();
      const rendering = newRecord('dach', '2026-W47', 'digest', T0);
      await store.put(rendering);
      expect(await store.get(key('dach', '2026-W47'))).toEqual(rendering);
      const sending = {
        ...rendering, state: 'sending' as const, attempts: 1, messageId: '<dach.2026-W47@nordlicht-software.de>', transport: 'smtp',
        sendingAt: T0, scheduledFor: T0, recipients: [{ address: 'a@nordlicht-software.de', status: 'pending' as const }],
      };
      await store.put(sending);
      const partial = {
        ...sending, state: 'partial' as const,
        recipients: [{ address: 'a@nordlicht-software.de', status: 'rejected' as const, response: '550 no such user' }],
        error: { code: 'RECIPIENTS_REJECTED', message: 'a@… refused', permanent: true }, alerts: [{ code: 'RECIPIENTS_REJECTED', at: T0 }],
      };
      await store.put(partial);
      expect(await store.get(key('dach', '2026-W47'))).toEqual(partial);
      const sent = { ...partial, state: 'sent' as const, sentAt: T0, error: null, recipients: [{ address: 'a@nordlicht-software.de', status: 'accepted' as const }] };
      await store.put(sent);
      expect(await store.get(key('dach', '2026-W47'))).toEqual(sent);
      expect(await store.get(key('dach', '2026-W47', 'review'))).toBeNull();
    });

    it('lists records sorted by digest, week and kind, and filters by digest', async () => {
      const { store } = await setup();
      const puts = [key('nord', '2026-W47'), key('dach', '2026-W48', 'review'), key('dach', '2026-W48'), key('dach', '2026-W09'), key('dach', '2025-W52')];
      for (const k of puts) await store.put({ ...newRecord(k.digestId, k.week, k.kind, T0), state: 'sent' });
      const all = await store.list();
      expect(all.broken).toEqual([]);
      expect(all.records.map((r) => `${r.digestId}/${r.week}/${r.kind}`)).toEqual([
        'dach/2025-W52/digest', 'dach/2026-W09/digest', 'dach/2026-W48/digest', 'dach/2026-W48/review', 'nord/2026-W47/digest',
      ]);
      expect((await store.list('nord')).records.map((r) => r.week)).toEqual(['2026-W47']);
      expect(await store.list('none')).toEqual({ records: [], broken: [] });
    });

    it('a broken entry is a located error for get, a broken entry for list, and the other weeks keep working', async () => {
      const fixture = await setup();
      const { store } = fixture;
      await store.put({ ...newRecord('dach', '2026-W46', 'digest', T0), state: 'sent' });
      await store.put(newRecord('dach', '2026-W47', 'digest', T0));
      await fixture.breakEntry(key('dach', '2026-W47'));
      const error = await expectCode(store.get(key('dach', '2026-W47')), 'LEDGER_UNREADABLE');
      const { records, broken } = await store.list('dach');
      expect(records.map((r) => r.week)).toEqual(['2026-W46']);
      expect(broken).toHaveLength(1);
      expect(broken[0]).toMatchObject({ digestId: 'dach', week: '2026-W47', kind: 'digest' });
      expect(error.message).toContain(broken[0]!.location);
      expect(broken[0]!.message).toMatch(/wrong shape/);
      expect(await store.get(key('dach', '2026-W46'))).toMatchObject({ state: 'sent' });
      await store.put({ ...newRecord('dach', '2026-W48', 'digest', T0), state: 'sent' });

      const aside = await store.moveAside(key('dach', '2026-W47'));
      expect(aside).not.toBe('');
      expect(aside).not.toBe(broken[0]!.location);
      expect(await store.get(key('dach', '2026-W47'))).toBeNull();
      expect((await store.list('dach')).broken).toEqual([]);
      await store.put({ ...newRecord('dach', '2026-W47', 'digest', T0), state: 'sent' });
      expect((await store.list('dach')).records.map((r) => `${r.week}:${r.state}`)).toEqual(['2026-W46:sent', '2026-W47:sent', '2026-W48:sent']);
      expect(await store.moveAside(key('dach', '2026-W01'))).toBe('');
    });

    it('one holder per digest: a second process sees the holder; release frees it; digests are independent', async () => {
      const fixture = await setup();
      const other = await fixture.openAgain();
      const first = await acquire(fixture.store, 'dach', 60_000);
      expect(isLockHandle(first)).toBe(true);
      const second = await acquire(other, 'dach', 60_000);
      expect(isLockHandle(second)).toBe(false);
      expect(!isLockHandle(second) && second.heldBy).toMatchObject({ pid: process.pid, token: isLockHandle(first) ? first.info.token : '' });
      expect(isLockHandle(await acquire(other, 'nord', 60_000))).toBe(true);
      if (isLockHandle(first)) {
        await first.assertHeld();
        await first.release();
        await expectCode(first.assertHeld(), 'LOCKED');
      }
      expect(isLockHandle(await acquire(other, 'dach', 60_000))).toBe(true);
      await other.close();
    });

    it('of ten concurrent attempts from two stores exactly one wins', async () => {
      const fixture = await setup();
      const other = await fixture.openAgain();
      const attempts = await Promise.all(Array.from({ length: 10 }, (_, i) => acquire(i % 2 ? other : fixture.store, 'race', 60_000)));
      expect(attempts.filter(isLockHandle)).toHaveLength(1);
      await other.close();
    });

    it('a stalled holder loses its lease after leaseMs: taken over, its assertHeld throws LOCKED, its release frees nothing', async () => {
      const fixture = await setup();
      const other = await fixture.openAgain();
      const stalled = await acquire(fixture.store, 'dach', 400, 0);
      if (!isLockHandle(stalled)) throw new Error('first acquire must win');
      expect(isLockHandle(await acquire(other, 'dach', 400, 0))).toBe(false);
      await sleep(900);
      const taker = await acquire(other, 'dach', 60_000);
      expect(isLockHandle(taker)).toBe(true);
      await expectCode(stalled.assertHeld(), 'LOCKED');
      await stalled.release();
      const third = await acquire(fixture.store, 'dach', 60_000);
      expect(isLockHandle(third)).toBe(false);
      expect(!isLockHandle(third) && isLockHandle(taker) && third.heldBy.token).toBe(isLockHandle(taker) ? taker.info.token : '');
      await other.close();
    });

    it('assertHeld renews the lease: a holder that keeps confirming is never taken over', async () => {
      const fixture = await setup();
      const other = await fixture.openAgain();
      const holder = await acquire(fixture.store, 'dach', 1200, 0);
      if (!isLockHandle(holder)) throw new Error('first acquire must win');
      for (let i = 0; i < 5; i++) {
        await sleep(400);
        await holder.assertHeld();
      }
      // 2 s have passed, longer than the lease: only the renewals kept it.
      expect(isLockHandle(await acquire(other, 'dach', 1200))).toBe(false);
      await other.close();
    });

    it('the background renewal keeps the lease while the holder is busy', async () => {
      const fixture = await setup();
      const other = await fixture.openAgain();
      const holder = await acquire(fixture.store, 'dach', 900);
      if (!isLockHandle(holder)) throw new Error('first acquire must win');
      await sleep(2500);
      expect(isLockHandle(await acquire(other, 'dach', 900))).toBe(false);
      await holder.assertHeld();
      await other.close();
    });
  });
}
