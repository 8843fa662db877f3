/** HubSpot's error and rate-limit answers, as the fake sends them. */
export interface Fault {
  /** Which requests the fault hits (default: the next request of any kind). */
  on?: 'search' | 'pipelines' | 'owners';
  /** HTTP status; 0 drops the connection. */
  status: number;
  retryAfter?: string;
  body?: unknown;
  /** Wait before answering (a hang longer than the client's timeout). */
  hangMs?: number;
}

let correlation = 0;
export function errorBody(message: string, category: string): Record<string, unknown> {
  return { status: 'error', message, correlationId: `00000000-0000-4000-8000-${String(++correlation).padStart(12, '0')}`, category };
}

export const RATE_LIMIT_BODIES = {
  SECONDLY: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', correlationId: 'fake-secondly', policyName: 'SECONDLY', category: 'RATE_LIMITS' },
  TEN_SECONDLY_ROLLING: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', correlationId: 'fake-ten-secondly', policyName: 'TEN_SECONDLY_ROLLING', category: 'RATE_LIMITS' },
  DAILY: { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', correlationId: 'fake-daily', policyName: 'DAILY', category: 'RATE_LIMITS' },
};

/** A rolling window: `take()` is false when `limit` requests arrived in the last `ms`. */
export function createWindow(ms: number, limit: number): { take(): boolean } {
  const arrivals: number[] = [];
  return {
    take() {
      if (!limit) return true;
      const now = performance.now();
      while (arrivals.length && arrivals[0]! <= now - ms) arrivals.shift();
      if (arrivals.length >= limit) return false;
      arrivals.push(now);
      return true;
    },
  };
}
