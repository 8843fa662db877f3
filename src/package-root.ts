/**
 * The package's own folder (the one with package.json), for the files that ship beside the
 * code: templates/, data/, package.json and the template cache. Found by walking up from this
 * module, so it is the same for src/ (vitest), dist/ (tsc) and dist/app/ (the bundled CLI,
 * where every module shares one folder and `../../` from a module means nothing).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`alignment-digest is installed without its package.json (looked above ${from})`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, e.g. `packagePath('templates')`. */
export const packagePath = (...parts: string[]): string => join(PACKAGE_ROOT, ...parts);
