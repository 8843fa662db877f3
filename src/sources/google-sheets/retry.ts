/**
 * The Sheets API calls under the shared retry policy (src/retry.ts): 429, 5xx, timeouts and
 * network errors are retried; the server's `Retry-After` is the wait when it sent one, and one
 * longer than `maxRetryAfterMs` ends the retries. Failures are read by shape (failure.ts).
 */
import { RetriesExhausted as PolicyExhausted, withRetry } from '../../retry.js';
import { describeFailure, isRetryable, type Failure } from './failure.js';

export interface RetryPolicy {
  retries: number;
  backoffMs: number;
  maxBackoffMs: number;
  maxRetryAfterMs: number;
  tokenUrl: string;
  /** Waits between attempts; injectable so tests need not sleep. */
  wait?: (ms: number) => Promise<void>;
  /** Called before each retry (for logs and tests). */
  onRetry?: (info: { attempt: number; failure: Failure; retryAfterMs: number | null; waitMs: number }) => void;
}

export class RetriesExhausted extends Error {
  constructor(
    readonly failure: Failure,
    readonly attempts: number,
  ) {
    super(failure.message);
    this.name = 'RetriesExhausted';
  }
}

/** Runs `attempt` until it succeeds or fails for good; throws `RetriesExhausted` with the last failure. */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  try {
    return await withRetry(
      () => attempt(),
      { retries: policy.retries, minDelayMs: policy.backoffMs, maxDelayMs: policy.maxBackoffMs, maxRetryAfterMs: policy.maxRetryAfterMs },
      (error) => {
        const failure = describeFailure(error, policy.tokenUrl);
        return { retry: isRetryable(failure), retryAfterMs: failure.retryAfterMs };
      },
      {
        wait: policy.wait,
        onRetry: ({ attempt: n, error, waitMs }) => {
          const failure = describeFailure(error, policy.tokenUrl);
          policy.onRetry?.({ attempt: n, failure, retryAfterMs: failure.retryAfterMs, waitMs });
        },
      },
    );
  } catch (error) {
    if (!(error instanceof PolicyExhausted)) throw error;
    throw new RetriesExhausted(describeFailure(error.lastError, policy.tokenUrl), error.attempts);
  }
}
