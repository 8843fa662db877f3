/**
 * The one error registry. Every product error has a code here, and the code alone decides its
 * kind, whether another try can succeed (transient), whether ops are alerted, its exit
 * code and the hint for the person who must act. Nothing else re-derives these: a catch site
 * reads `error.spec`. The exit-code table in docs/operations.md is generated from this file
 * (`scripts/error-docs.mjs`); a test fails when a code is thrown that is not registered here.
 */
import { scrub } from './secrets.js';

export type ErrorKind = 'usage' | 'config' | 'data' | 'delivery' | 'busy' | 'internal';

/** Exit codes, one per kind. Schedulers and scripts can rely on these. */
export const EXIT = {
  ok: 0,
  /** A bug: the only case that prints a stack trace. */
  internal: 1,
  usage: 2,
  config: 3,
  data: 4,
  delivery: 5,
  busy: 6,
} as const;

/** What each exit code means, for `--help` and the docs. */
export const EXIT_MEANINGS: Record<number, string> = {
  0: 'success, nothing due, or a week recorded as missed (ops alerted)',
  1: 'internal error: a bug (the stack trace is printed)',
  2: 'usage: wrong arguments, a week already sent, a week that has not ended',
  3: 'config or access: the config, a secret, or credentials a source, the relay or the database refuses',
  4: 'data: a source failed, is incomplete, stale or empty; an over-size message',
  5: 'delivery: SMTP, the outbox, the state folder or the database cannot be reached or written',
  6: 'busy: another process holds the send lock',
};

export interface ErrorSpec {
  kind: ErrorKind;
  /** Retried inside the run with backoff (a network blip, a 5xx, a 4xx SMTP reply). */
  transient: boolean;
  /** Ops get an alert when a scheduled or ledger-backed send fails with it. */
  alert: boolean;
  /** One sentence: what the person who must act does next. */
  hint: string;
}

const spec = (kind: ErrorKind, transient: boolean, alert: boolean, hint: string): ErrorSpec => ({ kind, transient, alert, hint });

export const ERROR_CODES = {
  // usage: the command line asked for something this command will not do
  USAGE: spec('usage', false, false, 'check the command line: `digest <command> --help` lists the options'),
  ALREADY_SENT: spec('usage', false, false, 'nothing to do; `send --resend` sends the week again on purpose'),
  WEEK_NOT_ENDED: spec('usage', false, false, 'wait until the week is over, or use `--allow-open-week` for a deliberate early send'),
  INIT_EXISTS: spec('usage', false, false, 'use `--dir` for another folder, or `--force` to overwrite'),

  // config: the config file, the environment or credentials
  CONFIG_INVALID: spec('config', false, true, 'fix the config file at the dot-path the message names (`digest validate` checks it)'),
  SECRET_MISSING: spec('config', false, true, 'set the environment variable the message names (never put the secret into the config file)'),
  RECIPIENT_REFUSED: spec('config', false, true, 'fix the address or add its domain to allowedDomains'),
  TEMPLATE_INVALID: spec('config', false, true, 'fix the email templates (the message names the MJML or string problem)'),
  SOURCE_CREDENTIALS: spec('config', false, true, 'renew the token or key the source refused (401), then run again'),
  SOURCE_FORBIDDEN: spec('config', false, true, 'grant access: share the sheet with the service account, or give the CRM token the scopes it needs (403)'),
  SOURCE_NOT_FOUND: spec('config', false, true, 'fix the id in the config (spreadsheetId, pipeline) that the source does not know'),
  SMTP_AUTH: spec('config', false, true, 'fix the SMTP user or the password in the environment variable (the relay answered 535)'),
  STATE_CREDENTIALS: spec('config', false, true, 'fix the user, password or database name in the state database URL (the environment variable state.urlEnv names), or grant the user access'),
  STATE_SWITCH: spec('config', false, true, 'the database state store is empty while the state folder still holds a ledger: run `digest state import` first, so nothing is sent twice'),
  STATE_SCHEMA: spec('config', false, true, 'the state database schema does not match this version: run `digest migrate`, or upgrade digest when the database is newer'),

  // data: what the sources gave cannot make a complete, current digest
  SOURCE_FAILED: spec('data', true, true, 'the source did not answer after retries; check its status, the network or the rate limits, then run again'),
  SOURCE_RATE_LIMITED: spec('data', false, true, "the source's daily request budget is used up; run again tomorrow or raise the budget"),
  SOURCE_INCOMPLETE: spec('data', false, true, 'add the missing tab, file, column or pipeline the message names (`digest validate` lists them)'),
  SOURCE_UNREADABLE: spec('data', false, true, 'fix the file the message names (is it a folder, unreadable, or not text?)'),
  EMPTY_WEEK: spec('data', false, true, 'check that the sources cover the week; `--allow-empty` sends an empty digest on purpose'),
  STALE_SOURCES: spec('data', false, true, 'check the CRM export or sync and the sheet for the week; `--allow-incomplete` sends anyway'),
  MESSAGE_TOO_LARGE: spec('data', false, true, 'shorten the section the message names (long notes or links); Gmail clips messages over 102 KB'),

  // delivery: the message could not be handed over or recorded
  SMTP_TRANSIENT: spec('delivery', true, true, 'the relay is unreachable or deferring; the next run retries'),
  SMTP_PERMANENT: spec('delivery', false, true, 'the relay refused the message (5xx); read its reply in the message, fix the cause, then run again'),
  SMTP_TLS: spec('delivery', false, true, "the relay's TLS certificate is not trusted or TLS failed; set delivery.smtp.caFile for an internal CA"),
  RECIPIENTS_REJECTED: spec('delivery', false, true, 'the relay refused some recipients; fix them, the next run sends to the rest only'),
  OUTBOX_WRITE: spec('delivery', false, true, 'make the outbox folder writable and give it free space'),
  STATE_WRITE: spec('delivery', false, true, 'make the state folder writable and give it free space (or bring the database back)'),
  LEDGER_UNREADABLE: spec('delivery', false, true, 'a ledger entry is broken; `send --resend` moves it aside and sends the week'),
  STATE_UNREACHABLE: spec('delivery', true, true, 'the state database cannot be reached; check it, the next run retries'),
  PREVIEW_WRITE: spec('delivery', false, false, 'make the preview folder writable and give it free space'),
  NOTIFY_FAILED: spec('delivery', true, false, 'the webhook or heartbeat URL did not take the call; check the URL in its environment variable and the service'),

  // busy
  LOCKED: spec('busy', false, false, 'another process is sending this digest; wait for it (`digest history` shows the outcome)'),

  // internal
  INTERNAL: spec('internal', false, true, 'a bug: report it with the stack trace'),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

export class DigestError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    // Scrubbed at birth: a server that echoed a credential into its error body cannot make it leak.
    super(scrub(message), options);
    if (!isErrorCode(code)) throw new TypeError(`unregistered error code ${String(code)}`);
    this.name = 'DigestError';
    this.code = code;
  }

  get spec(): ErrorSpec {
    return ERROR_CODES[this.code];
  }

  get kind(): ErrorKind {
    return this.spec.kind;
  }
}

export const usageError = (message: string) => new DigestError('USAGE', message);
export const configError = (message: string, cause?: unknown) => new DigestError('CONFIG_INVALID', message, { cause });

/** The exit code of any thrown value: its registry entry's, or 1 (a bug) for anything else. */
export function exitCodeFor(error: unknown): number {
  return error instanceof DigestError ? EXIT[error.kind] : EXIT.internal;
}

/** The exit-code table for the docs, generated from the registry. */
export function errorTableMarkdown(): string {
  const lines = ['| exit | code | kind | transient | ops alerted | what to do |', '| --- | --- | --- | --- | --- | --- |'];
  const rows = (Object.entries(ERROR_CODES) as [ErrorCode, ErrorSpec][]).sort((a, b) => EXIT[a[1].kind] - EXIT[b[1].kind]);
  for (const [code, s] of rows) {
    lines.push(`| ${EXIT[s.kind]} | \`${code}\` | ${s.kind} | ${s.transient ? 'yes' : 'no'} | ${s.alert ? 'yes' : 'no'} | ${s.hint.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}
