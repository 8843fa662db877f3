/**
 * Which HTTP failures are worth another attempt under the shared retry policy (src/retry.ts):
 * 429 (except a daily limit, which no retry within a run can fix), 5xx, timeouts and network
 * errors; the server's `Retry-After` is the wait when it sent one.
 */
import type { RetryPolicy, RetryVerdict } from '../../retry.js';
import { HttpStatusError, HttpTransportError, rateLimitPolicy } from './errors.js';

export interface RetryOptions extends RetryPolicy {
  /** Wait after a 429 without Retry-After (HubSpot's secondly limit sends none). */
  rateLimitWaitMs: number;
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof HttpTransportError) return true;
  if (!(error instanceof HttpStatusError)) return false;
  if (error.status === 429) return rateLimitPolicy(error.body) !== 'DAILY';
  return error.status >= 500 && error.status !== 501;
}

/** The shared policy's verdict for an HTTP failure: Retry-After, or a floor after a bare 429. */
export function classifyHttp(error: unknown, options: Pick<RetryOptions, 'rateLimitWaitMs'>): RetryVerdict {
  const retry = isRetryable(error);
  if (!(error instanceof HttpStatusError)) return { retry };
  if (error.retryAfterMs !== null) return { retry, retryAfterMs: error.retryAfterMs };
  return error.status === 429 ? { retry, minWaitMs: options.rateLimitWaitMs } : { retry };
}

/** `Retry-After` as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
