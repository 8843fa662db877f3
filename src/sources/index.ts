/** Builds the configured sources of a digest (loading only the adapters it uses). */
import type { DigestConfig } from '../config/schema.js';
import { createCrmSource, type SourceEnvironment } from './crm-config.js';
import { createSheetSource } from './sheet-config.js';
import type { CrmSource, SheetSource } from './types.js';

export interface DigestSources {
  crm: CrmSource;
  sheet: SheetSource;
}

/**
 * Both sources, built before either reads, the CRM first: a config error (a missing token)
 * stops the run before any request, and of two such errors the CRM's is the one reported.
 */
export async function createSources(digest: DigestConfig, environment: SourceEnvironment): Promise<DigestSources> {
  const crm = await createCrmSource(digest.sources.crm, environment);
  const sheet = await createSheetSource(digest.sources.sheet, environment);
  return { crm, sheet };
}
