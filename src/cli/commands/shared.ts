/** Argument handling shared by the commands. */
import { loadConfig, selectDigest, type LoadedConfig } from '../../config/load.js';
import type { DigestConfig } from '../../config/schema.js';
import { choosePeriod } from '../../pipeline.js';
import type { Io } from '../io.js';
import { formatProblem } from '../../config/validate.js';
import type { WeekPeriod } from '../../model/period.js';

export interface CommonOptions {
  config?: string;
  digest?: string;
  week?: string;
}

export interface Target {
  loaded: LoadedConfig;
  digestConfig: DigestConfig;
  /** The report week, chosen once (from --week or the clock) and passed down. */
  period: WeekPeriod;
}

/** The config and the digests a command acts on: the one named by --digest, else all of them. */
/** The config, its warnings printed. */
async function loadWithWarnings(options: CommonOptions, io: Io): Promise<LoadedConfig> {
  const loaded = await loadConfig(options.config);
  for (const warning of loaded.warnings) io.err(`warning ${formatProblem(warning)}`);
  return loaded;
}

export async function loadDigests(options: CommonOptions, io: Io): Promise<{ loaded: LoadedConfig; digests: DigestConfig[] }> {
  const loaded = await loadWithWarnings(options, io);
  return { loaded, digests: options.digest ? [selectDigest(loaded, options.digest)] : loaded.config.digests };
}

export async function resolveTarget(options: CommonOptions, io: Io, nowMs = Date.now()): Promise<Target> {
  const loaded = await loadWithWarnings(options, io);
  const digestConfig = selectDigest(loaded, options.digest);
  return { loaded, digestConfig, period: choosePeriod(options.week, nowMs, digestConfig.timezone) };
}

export function splitAddresses(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
