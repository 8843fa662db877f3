/**
 * A held lease as both stores hand it out: renewed in the background every leaseMs/3 unless told
 * otherwise, renewed once more by `assertHeld` right before the SMTP transaction, and released
 * once. Each store gives only how it renews (and notices a takeover) and how it removes its lock.
 */
import { DigestError } from '../errors.js';
import type { LockHandle, LockInfo, LockOptions } from './types.js';

function startRenewal(options: LockOptions, renew: () => Promise<void>): { stop(): void } {
  const every = options.renewEveryMs ?? Math.max(1, Math.floor(options.leaseMs / 3));
  if (every <= 0) return { stop: () => undefined };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    // A failed renewal is not fatal here: `assertHeld` before the SMTP transaction reports it.
    renew().catch(() => undefined).finally(() => { running = false; });
  }, every);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** `what` names the lock in messages (`the send lock /state/dach.lock`). */
export function leaseHandle(info: LockInfo, options: LockOptions, what: string, renew: () => Promise<void>, remove: () => Promise<void>): LockHandle {
  let released = false;
  const renewal = startRenewal(options, renew);
  return {
    info,
    async assertHeld() {
      if (released) throw new DigestError('LOCKED', `${what} was already released`);
      await renew();
    },
    async release() {
      if (released) return;
      released = true;
      renewal.stop();
      await remove();
    },
  };
}
