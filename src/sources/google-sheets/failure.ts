/**
 * What went wrong with a request, read from the error by its shape (two copies of gaxios can
 * be installed, so never by `instanceof`), and whether trying again can help.
 */
import { parseRetryAfter } from '../http/retry.js';

export interface Failure {
  /** HTTP status, if the server answered. */
  status: number | null;
  /** Google's status word (`PERMISSION_DENIED`) or the OAuth error (`invalid_grant`). */
  reason: string | null;
  /** Google's own message from the body, or the transport's (never headers or tokens). */
  message: string;
  /** Milliseconds from `Retry-After`, if the server sent it. */
  retryAfterMs: number | null;
  /** True when the request never got an answer because our timeout fired. */
  timedOut: boolean;
  /** A transport error code such as `ECONNREFUSED`. */
  networkCode: string | null;
  /** True when the failed request went to the OAuth token endpoint. */
  tokenRequest: boolean;
}

interface ErrorShape {
  message?: unknown;
  name?: unknown;
  code?: unknown;
  status?: unknown;
  cause?: unknown;
  error?: unknown;
  config?: { url?: unknown };
  response?: { status?: unknown; headers?: unknown; data?: unknown };
}

function header(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== 'object') return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

function chain(err: unknown): ErrorShape[] {
  const out: ErrorShape[] = [];
  let current: unknown = err;
  while (current && typeof current === 'object' && out.length < 5) {
    out.push(current as ErrorShape);
    current = (current as ErrorShape).cause ?? (current as ErrorShape).error;
  }
  return out;
}

export function describeFailure(err: unknown, tokenUrl: string): Failure {
  const e = (err ?? {}) as ErrorShape;
  const statusValue = e.response?.status ?? e.status;
  const status = typeof statusValue === 'number' ? statusValue : null;
  const body = e.response?.data as { error?: unknown; error_description?: unknown } | string | undefined;
  let reason: string | null = null;
  let message = typeof e.message === 'string' ? e.message : String(err);
  if (body && typeof body === 'object') {
    if (typeof body.error === 'object' && body.error) {
      const g = body.error as { status?: unknown; message?: unknown };
      if (typeof g.status === 'string') reason = g.status;
      if (typeof g.message === 'string') message = g.message;
    } else if (typeof body.error === 'string') {
      reason = body.error;
      if (typeof body.error_description === 'string') message = body.error_description;
    }
  }
  const links = chain(err);
  // Our per-request timeout aborts the fetch: an AbortError (or TimeoutError) without a response.
  const timedOut = status === null && links.some((l) => l.name === 'TimeoutError' || l.name === 'AbortError' || l.code === 'TimeoutError');
  const code = links.map((l) => l.code).find((c): c is string => typeof c === 'string' && /^E[A-Z_]+$/.test(c)) ?? null;
  const url = String(e.config?.url ?? '');
  return {
    status,
    reason,
    message: message.split('\n')[0]!.trim(),
    retryAfterMs: parseRetryAfter(header(e.response?.headers, 'retry-after')),
    timedOut,
    networkCode: status === null ? code : null,
    tokenRequest: url !== '' && (url === tokenUrl || url.startsWith(tokenUrl)),
  };
}

/** 429, 5xx (and 408), timeouts and network errors are worth another try; nothing else is. */
export function isRetryable(failure: Failure): boolean {
  if (failure.status === null) return failure.timedOut || failure.networkCode !== null;
  return failure.status === 429 || failure.status === 408 || failure.status >= 500;
}
