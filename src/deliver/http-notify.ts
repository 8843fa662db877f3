/**
 * The two HTTP channels beside mail: a webhook POST (chat alerts) and a heartbeat GET (a
 * monitor). Both are a single call under the shared retry policy with a short timeout; they
 * know nothing of alerts or runs, the job layer decides what to send and when. The URLs carry
 * tokens: they come from the environment and never appear in a message (only their host).
 */
import { DigestError } from '../errors.js';
import { withRetry } from '../retry.js';

export interface NotifyOptions {
  timeoutMs: number;
  /** Retries after the first attempt; a monitor or chat that is down must not hold a run up. */
  retries?: number;
  fetch?: typeof fetch;
}

class NotifyStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** The URL without path, query or credentials, for messages. */
export function urlForMessages(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'an invalid URL';
  }
}

async function call(url: string, init: RequestInit, options: NotifyOptions): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  await withRetry(
    async () => {
      const response = await doFetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new NotifyStatusError(response.status);
    },
    { retries: options.retries ?? 1, minDelayMs: 500, maxDelayMs: 2000 },
    (error) => ({ retry: !(error instanceof NotifyStatusError) || error.status >= 500 || error.status === 429 }),
  ).catch((error: unknown) => {
    const cause = (error as { lastError?: unknown }).lastError ?? error;
    throw new DigestError('NOTIFY_FAILED', `${urlForMessages(url)} did not take the call: ${(cause as Error).message ?? String(cause)}`, { cause });
  });
}

/** POSTs a JSON body to a webhook. */
export function postWebhook(url: string, body: unknown, options: NotifyOptions): Promise<void> {
  return call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, options);
}

/** GETs a heartbeat URL. */
export function pingHeartbeat(url: string, options: NotifyOptions): Promise<void> {
  return call(url, { method: 'GET' }, options);
}
