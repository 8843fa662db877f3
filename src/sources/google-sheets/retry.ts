/**
 * Retries with exponential backoff and jitter (p-retry) on 429, 5xx, timeouts and network
 * errors, honouring `Retry-After`: the wait before the next attempt is never shorter than the
 * server asked for. A Retry-After longer than the configured limit ends the retries.
 */
import pRetry from 'p-retry';
import { describeFailure, isRetryable, type Failure } from './failure.js';

export interface RetryPolicy {
  retries: number;
  backoffMs: number;
  maxBackoffMs: number;
  maxRetryAfterMs: number;
  tokenUrl: string;
  /** Waits for Retry-After; injectable so tests need not sleep. */
  wait?: (ms: number) => Promise<void>;
  /** Called before each retry (for logs and tests). */
  onRetry?: (info: { attempt: number; failure: Failure; retryAfterMs: number | null }) => void;
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

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Runs `attempt` until it succeeds or fails for good; throws `RetriesExhausted` with the last failure. */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  let attempts = 0;
  let last: Failure | null = null;
  const worthRetrying = (f: Failure) => isRetryable(f) && (f.retryAfterMs === null || f.retryAfterMs <= policy.maxRetryAfterMs);
  try {
    return await pRetry(
      async () => {
        attempts++;
        try {
          return await attempt();
        } catch (err) {
          last = describeFailure(err, policy.tokenUrl);
          throw err instanceof Error ? err : new Error(String(err));
        }
      },
      {
        retries: policy.retries,
        factor: 2,
        minTimeout: policy.backoffMs,
        maxTimeout: policy.maxBackoffMs,
        randomize: true,
        shouldRetry: () => last !== null && worthRetrying(last),
        onFailedAttempt: async ({ retriesLeft }) => {
          const failure = last!;
          if (retriesLeft <= 0 || !worthRetrying(failure)) return;
          policy.onRetry?.({ attempt: attempts, failure, retryAfterMs: failure.retryAfterMs });
          if (failure.retryAfterMs) await (policy.wait ?? sleep)(failure.retryAfterMs);
        },
      },
    );
  } catch (err) {
    throw new RetriesExhausted(last ?? describeFailure(err, policy.tokenUrl), attempts);
  }
}
