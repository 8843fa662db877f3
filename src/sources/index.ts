/** Builds the configured sources of a digest. */
import type { DigestConfig } from '../config/schema.js';
import { createFilesSource } from './files/index.js';
import type { CrmSource, SheetSource } from './types.js';

export interface DigestSources {
  crm: CrmSource;
  sheet: SheetSource;
}

export function createSources(digest: DigestConfig, resolvePath: (path: string) => string): DigestSources {
  return {
    crm: createFilesSource({ path: resolvePath(digest.sources.crm.path) }),
    sheet: createFilesSource({ path: resolvePath(digest.sources.sheet.path) }),
  };
}
