/**
 * The parsed config, kept between runs. Loading the yaml library and parsing with it is about
 * a tenth of a cold run's CPU (~25 ms), and the config changes far less often than the digest
 * runs; so what the parser made of a text is stored as JSON, keyed by a hash of the text and
 * the yaml version, and read back instead of parsing the same text again.
 *
 * Only a document that parsed cleanly and whose value JSON carries exactly (plain objects,
 * arrays, strings, finite numbers, booleans, null) is stored; validation runs on every load
 * either way. The entries are data, never code, written 0600 into a 0700 folder inside the
 * package (`node_modules/.cache/alignment-digest/config/`, beside the templates' cache), since
 * a config names recipients. Any problem (a read-only install, a damaged entry) means parsing
 * the text again: the result is the same either way. `DIGEST_CONFIG_CACHE=off` turns it off.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFIG_CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/alignment-digest/config/', import.meta.url));

let yamlVersion: string | undefined;
/** The parser's version is part of the key: a new yaml may read a text differently. */
function parserVersion(): string {
  return (yamlVersion ??= (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version);
}

const enabled = () => process.env.DIGEST_CONFIG_CACHE !== 'off';
const entryFile = (text: string, dir: string) =>
  join(dir, `${createHash('sha256').update(`yaml ${parserVersion()}\0${text}`).digest('hex')}.json`);

/** The value stored for this text, or undefined (not stored, unreadable, damaged, turned off). */
export function readParsedConfig(text: string, dir = CONFIG_CACHE_DIR): unknown {
  if (!enabled()) return undefined;
  try {
    return JSON.parse(readFileSync(entryFile(text, dir), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Stores the value the parser made of `text`, if JSON carries it exactly; never throws. */
export function storeParsedConfig(text: string, value: unknown, dir = CONFIG_CACHE_DIR): void {
  if (!enabled() || !jsonExact(value)) return;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    const file = entryFile(text, dir);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // A read-only install just parses every time.
  }
}

/** Whether JSON.parse(JSON.stringify(value)) is the same value (no -0, Infinity, Date, Map…). */
export function jsonExact(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(jsonExact);
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every(jsonExact);
}
