/** Builds the configured sources of a digest. */
import type { DigestConfig } from '../config/schema.js';
import { createCrmSource, type SourceEnvironment } from './crm-config.js';
import { createSheetSource } from './sheet-config.js';
import type { CrmSource, SheetSource } from './types.js';

export interface DigestSources {
  crm: CrmSource;
  sheet: SheetSource;
}

export function createSources(digest: DigestConfig, environment: SourceEnvironment): DigestSources {
  return {
    crm: createCrmSource(digest.sources.crm, environment),
    sheet: createSheetSource(digest.sources.sheet, environment),
  };
}
