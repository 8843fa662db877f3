/**
 * The folder state store (the default): the ledger as JSON files and the lock as a file, under
 * the configured state folder. Files 0600, folders 0700.
 */
import type { StateStore } from '../types.js';
import { createFileLedger } from './ledger.js';
import { acquireFileLock } from './lock.js';
import { nodeFs, type FileSystem } from '../../fs/durable.js';

export interface FileStoreOptions {
  /** The file-system layer; tests pass one that fails like a read-only or full disk. */
  fs?: FileSystem;
  /** The clock for lock times and moved-aside names (tests may pin it). */
  nowMs?: () => number;
}

export interface FileStateStore extends StateStore {
  readonly type: 'file';
  readonly stateDir: string;
}

export function createFileStateStore(stateDir: string, options: FileStoreOptions = {}): FileStateStore {
  const fs = options.fs ?? nodeFs;
  const now = options.nowMs ?? Date.now;
  const ledger = createFileLedger(fs, stateDir);
  return {
    type: 'file',
    name: `file:${stateDir}`,
    stateDir,
    get: (key) => ledger.get(key),
    put: (record) => ledger.put(record),
    list: (digestId) => ledger.list(digestId),
    moveAside: (key) => ledger.moveAside(key, new Date(now()).toISOString()),
    acquireLock: (digestId, lockOptions) => acquireFileLock(fs, stateDir, digestId, { ...lockOptions, nowMs: now }),
    close: async () => undefined,
  };
}

