/**
 * When to retry a failed request, and how long to wait: 429 (except a daily limit, which no
 * retry within a run can fix) and 5xx, timeouts and network errors; `Retry-After` wins over
 * the exponential backoff (with full jitter).
 */
import { HttpStatusError, HttpTransportError, rateLimitPolicy } from './errors.js';

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff; doubles per attempt, with jitter. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Wait after a 429 without Retry-After (HubSpot's secondly limit sends none). */
  rateLimitWaitMs: number;
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof HttpTransportError) return true;
  if (!(error instanceof HttpStatusError)) return false;
  if (error.status === 429) return rateLimitPolicy(error.body) !== 'DAILY';
  return error.status >= 500 && error.status !== 501;
}

/** Milliseconds to wait before retry number `attempt` (1-based). */
export function retryDelay(error: unknown, attempt: number, options: RetryOptions, random = Math.random): number {
  if (error instanceof HttpStatusError && error.retryAfterMs !== null) return Math.min(error.retryAfterMs, options.maxBackoffMs);
  if (error instanceof HttpStatusError && error.status === 429) return options.rateLimitWaitMs * (0.5 + random() / 2) * Math.min(attempt, 4);
  const cap = Math.min(options.maxBackoffMs, options.backoffMs * 2 ** (attempt - 1));
  return cap / 2 + (random() * cap) / 2;
}

/** `Retry-After` as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
