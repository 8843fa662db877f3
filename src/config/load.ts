/**
 * Loading the config: the only code that reads the config file and the environment. Parsing
 * and validating are separate (`validate.ts`), so `digest validate` reports the same problems.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { configError } from '../errors.js';
import { readParsedConfig, storeParsedConfig } from './parse-cache.js';
import type { Config, DigestConfig } from './schema.js';
import { formatProblem, validateConfig, type ConfigProblem } from './validate.js';

export const DEFAULT_CONFIG_FILES = ['digest.config.yaml', 'digest.config.yml'];

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the config file; relative paths in it are relative to its folder. */
  path: string;
  warnings: ConfigProblem[];
}

/** `--config`, else `$DIGEST_CONFIG`, else `digest.config.yaml` in the working directory. */
export function resolveConfigPath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const chosen = explicit ?? env.DIGEST_CONFIG;
  if (chosen) return resolve(cwd, chosen);
  for (const name of DEFAULT_CONFIG_FILES) {
    const candidate = resolve(cwd, name);
    if (existsSync(candidate)) return candidate;
  }
  throw configError(
    `no config file: pass --config FILE, set DIGEST_CONFIG, or create ${DEFAULT_CONFIG_FILES[0]} ` +
      '(copy digest.config.example.yaml to start)',
  );
}

/**
 * Parses YAML text; syntax errors name line and column. The yaml library loads here, on first
 * use: a run whose config text is in the parse cache never loads it.
 */
export async function parseConfigText(text: string, path: string): Promise<unknown> {
  const [{ parseDocument }, { describeYamlError }] = await Promise.all([import('yaml'), import('./yaml-errors.js')]);
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    throw configError(`${path}: invalid YAML:\n${doc.errors.map((e) => `  ${describeYamlError(text, e)}`).join('\n')}`);
  }
  try {
    // Aliases expand on toJS: a few lines of `&a [*b, *b, …]` can ask for billions of nodes.
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    throw configError(`${path}: invalid YAML: ${err.message} (more than ${MAX_ALIASES} alias expansions); write the values out instead of nesting aliases`, err);
  }
}

/** Enough for any real config that reuses a block with `*name`; far below a resource attack. */
const MAX_ALIASES = 100;

export async function loadConfig(explicit?: string): Promise<LoadedConfig> {
  const path = resolveConfigPath(explicit);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw configError(`cannot read config file ${path}: ${(err as Error).message}`, err);
  }
  let raw = readParsedConfig(text);
  if (raw === undefined) {
    raw = await parseConfigText(text, path);
    storeParsedConfig(text, raw);
  }
  const result = validateConfig(raw);
  if (!result.config) {
    throw configError(`${path}: invalid config:\n${result.errors.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
  return { config: result.config, path, warnings: result.warnings };
}

/** A path from the config, resolved against the config file's folder. */
export function configRelative(loaded: LoadedConfig, path: string): string {
  return resolve(dirname(loaded.path), path);
}

export function selectDigest(loaded: LoadedConfig, id: string | undefined): DigestConfig {
  const { digests } = loaded.config;
  if (id === undefined) {
    if (digests.length === 1) return digests[0]!;
    throw configError(`the config has ${digests.length} digests; choose one with --digest (${digests.map((d) => d.id).join(', ')})`);
  }
  const found = digests.find((d) => d.id === id);
  if (!found) throw configError(`no digest "${id}" in the config (have: ${digests.map((d) => d.id).join(', ')})`);
  return found;
}
