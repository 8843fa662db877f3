/** Errors of the HTTP layer. Messages name the endpoint and status, never a header or token. */
export class HttpStatusError extends Error {
  constructor(
    readonly endpoint: string,
    readonly status: number,
    readonly body: unknown,
    readonly retryAfterMs: number | null,
  ) {
    super(`${endpoint} answered HTTP ${status}${describeBody(body)}`);
    this.name = 'HttpStatusError';
  }
}

export class HttpTransportError extends Error {
  constructor(readonly endpoint: string, reason: string, options?: { cause?: unknown }) {
    super(`${endpoint} failed: ${reason}`, options);
    this.name = 'HttpTransportError';
  }
}

/** A short, safe summary of an error body: HubSpot's `message`, `category`, `policyName`. */
function describeBody(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const b = body as Record<string, unknown>;
  const parts = [b.category ?? b.errorType, b.policyName].filter((p) => typeof p === 'string');
  const message = typeof b.message === 'string' ? b.message.slice(0, 300) : '';
  const head = parts.length ? ` (${parts.join(', ')})` : '';
  return message ? `${head}: ${message}` : head;
}

/** The policy of a HubSpot 429 body (`SECONDLY`, `TEN_SECONDLY_ROLLING`, `DAILY`), if named. */
export function rateLimitPolicy(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  if (typeof b.policyName === 'string') return b.policyName.toUpperCase();
  const message = typeof b.message === 'string' ? b.message.toLowerCase() : '';
  if (message.includes('daily')) return 'DAILY';
  if (message.includes('ten_secondly')) return 'TEN_SECONDLY_ROLLING';
  if (message.includes('secondly')) return 'SECONDLY';
  return null;
}
