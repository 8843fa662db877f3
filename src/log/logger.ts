/**
 * Structured logs: JSON lines (pino) when stderr is not a terminal, readable lines (pino-pretty)
 * when it is. Secrets never reach a log line: known secret fields are redacted by path, and
 * every line goes through the one secret scrubber (src/secrets.ts), which knows every secret
 * the process holds, including those obtained after the logger was made.
 * Loaded only by the commands that log (run, schedule, send), never by `--help`.
 */
import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';
import type { Io } from '../cli/io.js';
import { scrub } from '../secrets.js';

export type { Logger };

/** Paths that would hold a secret if anything ever logged the object that contains it. */
export const REDACT_PATHS = [
  'password', 'pass', 'secret', 'token', 'privateKey',
  '*.password', '*.pass', '*.secret', '*.token', '*.privateKey', '*.authorization',
  'auth.pass', 'smtp.auth.pass', 'dkim.privateKey', 'headers.authorization',
];

export interface LoggerOptions {
  /** Where lines go (default: the process's stderr). */
  io?: Io | undefined;
  /** Readable lines instead of JSON; default: the lines go to a terminal. */
  pretty?: boolean | undefined;
  /** Default: $DIGEST_LOG_LEVEL or info. */
  level?: string | undefined;
}

export async function createLogger(options: LoggerOptions = {}): Promise<Logger> {
  const level = options.level ?? process.env.DIGEST_LOG_LEVEL ?? 'info';
  const base = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { pid: process.pid }, formatters: { level: (label: string) => ({ level: label }) }, timestamp: stdTimeFunctions.isoTime };
  const pretty = options.pretty ?? (options.io ? options.io.terminal === true : process.stderr.isTTY === true);
  const write = options.io ? (s: string) => options.io!.err(scrub(s).trimEnd()) : (s: string) => process.stderr.write(scrub(s));
  if (pretty) {
    const { default: pinoPretty } = await import('pino-pretty');
    // The pino line is scrubbed first, then formatted for people, synchronously.
    const prettify = pinoPretty.prettyFactory({ colorize: true, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss', ignore: 'pid,hostname' });
    const show = options.io ? (s: string) => options.io!.err(s.trimEnd()) : (s: string) => process.stderr.write(s);
    return pino(base, { write: (line: string) => show(prettify(scrub(line))) } as DestinationStream);
  }
  return pino(base, { write } as DestinationStream);
}
