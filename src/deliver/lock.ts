/**
 * The old lock interface, kept only until the job layer (src/jobs/) uses the state port
 * directly: a thin view of the folder store's lock (src/state/file/lock.ts). Delete with its
 * last user.
 */
import { nodeFs } from '../state/file/fs-layer.js';
import { acquireFileLock } from '../state/file/lock.js';
import type { LockHandle, LockInfo } from '../state/types.js';

export { isStale } from '../state/file/lock.js';
export { isLockHandle as isHandle } from '../state/types.js';
export type { LockHandle, LockInfo } from '../state/types.js';

export interface LockOptions {
  staleMs: number;
  nowMs?: () => number;
}

export function acquireLock(stateDir: string, name: string, options: LockOptions): Promise<LockHandle | { heldBy: LockInfo }> {
  return acquireFileLock(nodeFs, stateDir, name, { leaseMs: options.staleMs, ...(options.nowMs ? { nowMs: options.nowMs } : {}) });
}
