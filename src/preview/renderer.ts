/**
 * What the preview page shows for one (digest, week): the config read afresh, the sources,
 * the model, render with charts. Results are cached per generation; the watcher starts a new
 * generation when a template, the config or the data changes.
 */
import { configRelative, loadConfig, selectDigest, type LoadedConfig } from '../config/load.js';
import type { DigestConfig } from '../config/schema.js';
import type { Digest } from '../model/types.js';
import { weeksEndingWith } from '../model/period.js';
import { choosePeriod, chooseWeek, collectDigestWithRecords, renderForMail } from '../pipeline.js';
import type { RenderedDigest } from '../render/types.js';

export interface PreviewTarget {
  digest?: string | undefined;
  week?: string | undefined;
}

export interface PreviewResult {
  digestId: string;
  week: string;
  /** Every digest of the config and a choice of weeks, for the switchers. */
  digestIds: string[];
  weeks: string[];
  digest: Digest;
  rendered: RenderedDigest;
  configWarnings: string[];
}

export interface PreviewRendererOptions {
  /** The config file (`--config`); resolved like the other commands do. */
  configPath?: string | undefined;
  /** @default the repository's templates */
  templatesDir?: string | undefined;
  /** The clock, for the default week. @default Date.now */
  now?: () => number;
  /** The digest and week shown when the page names none. */
  initial?: PreviewTarget;
}

const WEEK_CHOICES = 12;

export class PreviewRenderer {
  private generation = 0;
  private readonly cache = new Map<string, Promise<PreviewResult>>();

  constructor(private readonly options: PreviewRendererOptions) {}

  get version(): number {
    return this.generation;
  }

  /** Forgets every result (a file changed). */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
  }

  /** Reads the config as it is now (for the watcher's list of folders). */
  loadConfig(): Promise<LoadedConfig> {
    return loadConfig(this.options.configPath);
  }

  render(target: PreviewTarget): Promise<PreviewResult> {
    const key = `${target.digest ?? this.options.initial?.digest ?? ''}|${target.week ?? this.options.initial?.week ?? ''}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.compute(target);
      entry.catch(() => this.cache.delete(key));
      this.cache.set(key, entry);
    }
    return entry;
  }

  private async compute(target: PreviewTarget): Promise<PreviewResult> {
    const loaded = await this.loadConfig();
    const digestConfig = selectDigest(loaded, target.digest ?? this.options.initial?.digest ?? loaded.config.digests[0]?.id);
    const now = (this.options.now ?? Date.now)();
    const period = choosePeriod(target.week ?? this.options.initial?.week, now, digestConfig.timezone);
    const { week } = period;
    const latest = chooseWeek(undefined, now, digestConfig.timezone);
    const { digest, records } = await collectDigestWithRecords(loaded, digestConfig, period, undefined, now);
    const rendered = await renderForMail(digest, digestConfig, { ...(this.options.templatesDir ? { templatesDir: this.options.templatesDir } : {}), sheetGids: records.sheet.tabGids });
    const weeks = [...new Set([...weeksEndingWith(latest > week ? latest : week, WEEK_CHOICES), week])].sort().reverse();
    return {
      digestId: digestConfig.id,
      week,
      digestIds: loaded.config.digests.map((d) => d.id),
      weeks,
      digest,
      rendered,
      configWarnings: loaded.warnings.map((w) => `${w.path}: ${w.message}`),
    };
  }
}

/** The folders the files sources of a config read (to watch them). */
export function dataFolders(loaded: LoadedConfig): string[] {
  const folders = new Set<string>();
  for (const digest of loaded.config.digests as DigestConfig[]) {
    for (const source of Object.values(digest.sources as Record<string, { type?: unknown; path?: unknown } | undefined>)) {
      if (source && source.type === 'files' && typeof source.path === 'string') folders.add(configRelative(loaded, source.path));
    }
  }
  return [...folders];
}
