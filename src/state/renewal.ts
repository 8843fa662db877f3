/** The background renewal of a held lease, shared by both stores: every leaseMs/3 unless told otherwise. */
import type { LockOptions } from './types.js';

export function startRenewal(options: LockOptions, renew: () => Promise<void>): { stop(): void } {
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
