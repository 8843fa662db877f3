/**
 * The outbox transport: each message becomes `<key>.eml` in a folder, written atomically
 * (temporary file, fsync, rename) so a crash never leaves half a message behind.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from './durable-file.js';
import { buildRaw } from './mime.js';
import type { DeliveryReceipt, OutgoingMessage, Transport } from './transport.js';

export function createOutboxTransport(options: { dir: string }): Transport {
  return {
    name: `outbox:${options.dir}`,
    async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
      await mkdir(options.dir, { recursive: true });
      const path = join(options.dir, `${message.key}.eml`);
      await writeFileDurably(path, await buildRaw(message.mail));
      return { messageId: message.messageId, accepted: message.recipients, rejected: [], location: path };
    },
  };
}
