/**
 * The outbox transport: each message becomes `<key>.eml` in a folder, written atomically
 * (temporary file, fsync, rename) so a crash never leaves half a message behind. A folder
 * that cannot be written (read-only, full, no permission) is a delivery error naming the path.
 */
import { join } from 'node:path';
import { DigestError } from '../errors.js';
import { describeFsError, ensureDir, nodeFs, writeFileDurably } from '../fs/durable.js';
import { buildRaw } from './mime.js';
import type { DeliveryReceipt, OutgoingMessage, Transport } from './transport.js';

export function createOutboxTransport(options: { dir: string }): Transport {
  return {
    name: `outbox:${options.dir}`,
    async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
      const path = join(options.dir, `${message.key}.eml`);
      const raw = await buildRaw(message.mail);
      try {
        await ensureDir(nodeFs, options.dir);
        await writeFileDurably(nodeFs, path, raw);
      } catch (error) {
        throw new DigestError('OUTBOX_WRITE', `cannot write ${path}: ${describeFsError(error)}`, { cause: error });
      }
      return { messageId: message.messageId, accepted: message.recipients, rejected: [], location: path };
    },
  };
}
