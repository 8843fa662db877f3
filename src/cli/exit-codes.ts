/**
 * The one place where errors become exit codes. Schedulers and scripts can rely on these.
 */
import { DigestError, type ErrorKind } from '../errors.js';

export const EXIT = {
  ok: 0,
  /** An unexpected error: a bug; the message and stack go to stderr. */
  internal: 1,
  /** Wrong command-line arguments. */
  usage: 2,
  /** The config file is missing or invalid, or a recipient is outside the allowed domains. */
  config: 3,
  /** A source failed or the week has no data: nothing was sent. */
  data: 4,
  /** The message could not be delivered. */
  delivery: 5,
} as const;

const BY_KIND: Record<ErrorKind, number> = { usage: EXIT.usage, config: EXIT.config, data: EXIT.data, delivery: EXIT.delivery };

export function exitCodeFor(error: unknown): number {
  return error instanceof DigestError ? BY_KIND[error.kind] : EXIT.internal;
}
