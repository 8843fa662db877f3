/**
 * Watches the templates folder (recursively), the config file and the data folders, and calls
 * `onChange` once per burst of changes (debounced: an editor's save is several events).
 *
 * The config file is watched through its folder, filtered by name, because editors often save
 * by writing a new file and renaming it over the old one, which ends a watch on the file itself.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface WatchTargets {
  templatesDir: string;
  configFile: string;
  dataFolders: string[];
}

export interface Watcher {
  /** Replaces the watched data folders (the config may have changed them). */
  setDataFolders(folders: string[]): void;
  close(): void;
}

export function watchInputs(targets: WatchTargets, onChange: (what: string) => void, debounceMs = 120): Watcher {
  let timer: NodeJS.Timeout | undefined;
  let pending = new Set<string>();
  let closed = false;
  const changed = (what: string) => {
    if (closed) return;
    pending.add(what);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const what = [...pending].join(', ');
      pending = new Set();
      onChange(what);
    }, debounceMs);
  };
  const open = (path: string, options: { recursive?: boolean }, listener: (file: string | null) => void): FSWatcher | null => {
    try {
      const w = watch(path, { persistent: false, ...options }, (_event, file) => listener(file === null ? null : String(file)));
      w.on('error', () => w.close());
      return w;
    } catch {
      return null; // a folder that does not exist (yet): nothing to watch
    }
  };

  const fixed = [
    open(targets.templatesDir, { recursive: true }, (file) => changed(`templates/${file ?? ''}`)),
    open(dirname(targets.configFile), {}, (file) => {
      if (file === null || file === basename(targets.configFile)) changed(basename(targets.configFile));
    }),
  ];
  let data = new Map<string, FSWatcher | null>();
  const setDataFolders = (folders: string[]) => {
    const next = new Map<string, FSWatcher | null>();
    for (const folder of folders) next.set(folder, data.get(folder) ?? open(folder, {}, (file) => changed(`${basename(folder)}/${file ?? ''}`)));
    for (const [folder, w] of data) if (!next.has(folder)) w?.close();
    data = next;
  };
  setDataFolders(targets.dataFolders);

  return {
    setDataFolders,
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of fixed) w?.close();
      for (const w of data.values()) w?.close();
    },
  };
}
