/**
 * The parsed-config cache: what yaml made of a text is read back for the same text only, exactly
 * as parsed, from owner-only files; anything JSON cannot carry, a damaged entry or the switch
 * `DIGEST_CONFIG_CACHE=off` means parsing again.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, parseConfigText } from '../../src/config/load.js';
import { jsonExact, readParsedConfig, storeParsedConfig } from '../../src/config/parse-cache.js';
import { EXAMPLE_CONFIG, tempDir } from '../helpers/cli.js';

const TEXT = 'allowedDomains: [example.de]\ndigests:\n  - id: dach\n    title: "Wöchentlich"\n';

afterEach(() => {
  delete process.env.DIGEST_CONFIG_CACHE;
});

describe('parsed-config cache', () => {
  it('reads back for the same text what the parser made of it, from a 0600 file in a 0700 folder', async () => {
    const dir = join(await tempDir('digest-config-cache-'), 'config');
    const value = await parseConfigText(TEXT, 'digest.config.yaml');
    expect(readParsedConfig(TEXT, dir)).toBeUndefined();
    storeParsedConfig(TEXT, value, dir);
    expect(readParsedConfig(TEXT, dir)).toEqual(value);
    expect(readParsedConfig(`${TEXT}\n`, dir)).toBeUndefined();
    const [entry] = readdirSync(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, entry!)).mode & 0o777).toBe(0o600);
  });

  it('stores only values JSON carries exactly', async () => {
    const dir = join(await tempDir('digest-config-cache-'), 'config');
    for (const text of ['a: .inf', 'a: -0.0', 'a: .nan', 'a: !!binary aGk=', 'a: !!set { x }', 'a: !!timestamp 2026-11-23']) {
      const value = parse(text, { customTags: ['binary', 'set', 'timestamp'] }) as unknown;
      expect(jsonExact(value), text).toBe(false);
      storeParsedConfig(text, value, dir);
      expect(readParsedConfig(text, dir), text).toBeUndefined();
    }
    expect(jsonExact({ a: [1, 'x', true, null, { b: 2.5 }], 'ä b': -3 })).toBe(true);
    expect(jsonExact(Object.assign(Object.create(null) as object, { a: 1 }))).toBe(true);
    expect(jsonExact(undefined)).toBe(false);
    expect(jsonExact(10n)).toBe(false);
    expect(jsonExact(new Map())).toBe(false);
  });

  it('parses again when the entry is damaged or the cache is off', async () => {
    const dir = join(await tempDir('digest-config-cache-'), 'config');
    storeParsedConfig(TEXT, { digests: [] }, dir);
    const [entry] = readdirSync(dir);
    writeFileSync(join(dir, entry!), '{"digests": [');
    expect(readParsedConfig(TEXT, dir)).toBeUndefined();

    process.env.DIGEST_CONFIG_CACHE = 'off';
    const off = join(dir, '..', 'off');
    storeParsedConfig(TEXT, { digests: [] }, off);
    expect(() => readdirSync(off)).toThrow();
  });

  it('loads the same config from the cache as from the text', async () => {
    process.env.DIGEST_CONFIG_CACHE = 'off';
    const parsed = await loadConfig(EXAMPLE_CONFIG);
    delete process.env.DIGEST_CONFIG_CACHE;
    await loadConfig(EXAMPLE_CONFIG); // stores the entry, if it is not there yet
    const text = readFileSync(EXAMPLE_CONFIG, 'utf8');
    expect(readParsedConfig(text)).toEqual(await parseConfigText(text, EXAMPLE_CONFIG));
    expect(await loadConfig(EXAMPLE_CONFIG)).toEqual(parsed);
  });
});
