/**
 * The one retry policy, shared by the HTTP sources (HubSpot, Google Sheets) and SMTP: p-retry
 * runs the attempts; the wait before each retry is decided here, once: the server's
 * `Retry-After` when it sent one (never shorter, and nothing added on top), else exponential
 * backoff with full jitter, capped. Whether an error is worth another attempt is the caller's
 * `classify`, since only the caller knows its protocol (a DAILY 429, an SMTP 5xx).
 */
import pRetry, { AbortError } from 'p-retry';

export interface RetryPolicy {
  /** Retries after the first attempt (0: one attempt only). */
  retries: number;
  /** Backoff before the first retry; doubles per retry. */
  minDelayMs: number;
  /** Longest backoff between two attempts. */
  maxDelayMs: number;
  /** Longest `Retry-After` honoured; a longer one ends the retries. @default maxDelayMs */
  maxRetryAfterMs?: number | undefined;
}

export interface RetryVerdict {
  retry: boolean;
  /** The server's `Retry-After`, in ms from now, when it sent one. */
  retryAfterMs?: number | null | undefined;
  /** A floor for the wait when the server sent no Retry-After (e.g. HubSpot's secondly 429). */
  minWaitMs?: number | undefined;
}

export interface RetryHooks {
  /** Called before each wait (logs, limiters, tests). */
  onRetry?: ((info: { attempt: number; error: unknown; waitMs: number }) => void) | undefined;
  /** Waits; injectable so tests assert the waits asked for instead of sleeping. */
  wait?: ((ms: number) => Promise<void>) | undefined;
  random?: (() => number) | undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds to wait before retry number `attempt` (1-based). */
export function retryWait(policy: RetryPolicy, attempt: number, verdict: RetryVerdict, random: () => number = Math.random): number {
  if (typeof verdict.retryAfterMs === 'number') return Math.max(0, verdict.retryAfterMs);
  const cap = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (attempt - 1));
  const jittered = cap / 2 + (random() * cap) / 2;
  return Math.max(jittered, verdict.minWaitMs ?? 0);
}

/** Why the retries ended: the last error and how many attempts were made. */
export class RetriesExhausted extends Error {
  constructor(readonly lastError: unknown, readonly attempts: number) {
    super(lastError instanceof Error ? lastError.message : String(lastError), { cause: lastError });
    this.name = 'RetriesExhausted';
  }
}

/**
 * Runs `attempt` until it succeeds, `classify` says no, or the retries are used up; then throws
 * `RetriesExhausted` with the last error.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  classify: (error: unknown) => RetryVerdict,
  hooks: RetryHooks = {},
): Promise<T> {
  let attempts = 0;
  const maxRetryAfter = policy.maxRetryAfterMs ?? policy.maxDelayMs;
  try {
    return await pRetry(
      async (n) => {
        attempts = n;
        try {
          return await attempt(n);
        } catch (error) {
          const verdict = classify(error);
          const tooLong = typeof verdict.retryAfterMs === 'number' && verdict.retryAfterMs > maxRetryAfter;
          if (!verdict.retry || tooLong || n > policy.retries) throw new AbortError(error instanceof Error ? error : new Error(String(error)));
          const waitMs = retryWait(policy, n, verdict, hooks.random);
          hooks.onRetry?.({ attempt: n, error, waitMs });
          await (hooks.wait ?? sleep)(waitMs);
          throw error;
        }
      },
      // The wait happens above, once; p-retry only counts attempts.
      { retries: policy.retries, minTimeout: 0, maxTimeout: 0, factor: 1, randomize: false },
    );
  } catch (error) {
    const last = error instanceof AbortError ? error.originalError : error;
    // An AbortError wraps non-Error values in an Error; keep what the attempt threw.
    throw new RetriesExhausted(last, attempts);
  }
}
