/**
 * Which sheet source a digest reads (KPIs, targets, notes, voice), and how to build it. Each
 * source kind adds its config schema to the variant and its factory to `createSheetSource`;
 * as for the CRM, an adapter's module loads only when a digest uses that kind.
 */
import * as v from 'valibot';
import { filesSourceSchema } from './files/config.js';
import { googleSheetsSourceSchema } from './google-sheets/config.js';
import type { SourceEnvironment } from './crm-config.js';
import type { SheetSource } from './types.js';

export const sheetSourceSchema = v.pipe(v.variant('type', [filesSourceSchema, googleSheetsSourceSchema]), v.description('where KPIs, targets, notes and voice come from'));
export type SheetSourceConfig = v.InferOutput<typeof sheetSourceSchema>;

export async function createSheetSource(config: SheetSourceConfig, environment: SourceEnvironment): Promise<SheetSource> {
  switch (config.type) {
    case 'files': {
      const { createFilesSource } = await import('./files/index.js');
      return createFilesSource({ path: environment.resolvePath(config.path) });
    }
    case 'google-sheets': {
      const { createGoogleSheetsSource } = await import('./google-sheets/index.js');
      return createGoogleSheetsSource(config, environment);
    }
  }
}
