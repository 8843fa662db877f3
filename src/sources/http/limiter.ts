/**
 * A client-side rate limiter: at most `limit` starts in any `intervalMs` (sliding window), and,
 * with `spread`, starts spaced at least `intervalMs / limit` apart so that a server counting
 * arrivals in its own window never sees a burst. Waiters are served in order.
 */
export interface Limiter {
  /** Resolves when a request may start; the start is counted then. */
  acquire(): Promise<void>;
  /** Pushes every later start back to `untilMs` (after a 429 with Retry-After). */
  pauseUntil(untilMs: number): void;
}

export interface LimiterOptions {
  limit: number;
  intervalMs: number;
  spread?: boolean;
  now?: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createLimiter(options: LimiterOptions): Limiter {
  const now = options.now ?? Date.now;
  const limit = Math.max(1, Math.ceil(options.limit));
  const gapMs = options.spread ? options.intervalMs / options.limit : 0;
  const starts: number[] = [];
  let lastStart = -Infinity;
  let pausedUntil = 0;
  let chain: Promise<void> = Promise.resolve();

  const nextSlot = () => {
    const t = now();
    while (starts.length && starts[0]! <= t - options.intervalMs) starts.shift();
    let at = Math.max(t, lastStart + gapMs, pausedUntil);
    if (starts.length >= limit) at = Math.max(at, starts[starts.length - limit]! + options.intervalMs);
    return at - t;
  };

  return {
    acquire() {
      const turn = chain.then(async () => {
        for (let wait = nextSlot(); wait > 0; wait = nextSlot()) await sleep(wait);
        lastStart = now();
        starts.push(lastStart);
      });
      chain = turn;
      return turn;
    },
    pauseUntil(untilMs) {
      pausedUntil = Math.max(pausedUntil, untilMs);
    },
  };
}

/** A limiter that never waits. */
export const unlimited: Limiter = { acquire: async () => {}, pauseUntil: () => {} };
