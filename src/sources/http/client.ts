/**
 * The shared HTTP layer of the API sources: JSON over `fetch` with a timeout per attempt, a
 * client-side limiter per endpoint class, retries on 429/5xx (honouring `Retry-After`; never a
 * daily limit), and a hook that sees every attempt (request counting). After the last attempt
 * it throws a `DigestError` (kind `data`) naming the source, endpoint and status; the token is
 * only ever put into the Authorization header, so no message can contain it.
 */
import { DigestError, type ErrorCode } from '../../errors.js';
import { RetriesExhausted, withRetry } from '../../retry.js';
import { scrub } from '../../secrets.js';
import { HttpStatusError, HttpTransportError, rateLimitPolicy } from './errors.js';
import { unlimited, type Limiter } from './limiter.js';
import { classifyHttp, parseRetryAfter, type RetryOptions } from './retry.js';

export interface RequestInfo {
  endpoint: string;
  status: number | null;
  attempt: number;
  ms: number;
}

export interface HttpClientOptions {
  /** Names the source in error messages (`hubspot`). */
  source: string;
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`; never logged. */
  token: string;
  timeoutMs: number;
  retry: RetryOptions;
  limiters?: Record<string, Limiter>;
  onRequest?: (info: RequestInfo) => void;
  /** Waits between attempts; injectable so tests assert the waits instead of sleeping. */
  wait?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

export interface JsonRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Which limiter the request waits for (`search`, `general`). */
  limiter?: string;
}

export interface HttpClient {
  json<T>(request: JsonRequest): Promise<T>;
}

/** The registry code of a request that failed for good: credentials and access are config. */
function failureCode(error: unknown): ErrorCode {
  if (!(error instanceof HttpStatusError)) return 'SOURCE_FAILED';
  if (error.status === 401) return 'SOURCE_CREDENTIALS';
  if (error.status === 403) return 'SOURCE_FORBIDDEN';
  if (error.status === 429 && rateLimitPolicy(error.body) === 'DAILY') return 'SOURCE_RATE_LIMITED';
  return 'SOURCE_FAILED';
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function attempt(request: JsonRequest, endpoint: string, url: string): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      const name = (err as Error).name;
      const reason = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${options.timeoutMs} ms` : `network error (${(err as Error).message})`;
      throw new HttpTransportError(endpoint, reason, { cause: err });
    }
    const text = await response.text().catch(() => '');
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      if (response.ok) throw new HttpTransportError(endpoint, `HTTP ${response.status} with a body that is not JSON`);
    }
    if (!response.ok) throw new HttpStatusError(endpoint, response.status, body, parseRetryAfter(response.headers.get('retry-after')));
    return body;
  }

  return {
    async json<T>(request: JsonRequest): Promise<T> {
      const endpoint = `${request.method} ${request.path}`;
      const params = new URLSearchParams();
      for (const [k, val] of Object.entries(request.query ?? {})) if (val !== undefined) params.set(k, String(val));
      const url = `${base}${request.path}${params.size ? `?${params}` : ''}`;
      const limiter = (request.limiter && options.limiters?.[request.limiter]) || unlimited;
      try {
        return await withRetry(
          async (n) => {
            await limiter.acquire();
            const started = Date.now();
            try {
              const body = await attempt(request, endpoint, url);
              options.onRequest?.({ endpoint, status: 200, attempt: n, ms: Date.now() - started });
              return body as T;
            } catch (err) {
              options.onRequest?.({ endpoint, status: err instanceof HttpStatusError ? err.status : null, attempt: n, ms: Date.now() - started });
              throw err;
            }
          },
          options.retry,
          (err) => classifyHttp(err, options.retry),
          {
            wait: options.wait,
            // A 429 holds back every request of that class, not only this one.
            onRetry: ({ error, waitMs }) => {
              if (error instanceof HttpStatusError && error.status === 429) limiter.pauseUntil(Date.now() + waitMs);
            },
          },
        );
      } catch (err) {
        const last = err instanceof RetriesExhausted ? err.lastError : err;
        const attempts = err instanceof RetriesExhausted ? err.attempts : 1;
        const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
        throw new DigestError(failureCode(last), scrub(`${options.source}: ${(last as Error).message}${tries}`), { cause: last });
      }
    },
  };
}
