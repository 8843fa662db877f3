/**
 * Durable, atomic file writes (temporary file 0600, fsync, rename, fsync of the folder; the
 * temporary file removed on failure): the state store's (src/state/file/fs-layer.ts), for the
 * outbox.
 */
import { nodeFs, writeFileDurably as write } from '../state/file/fs-layer.js';

export const writeFileDurably = (path: string, content: string | Buffer): Promise<void> => write(nodeFs, path, content);
