/**
 * Which sheet source a digest reads (KPIs, targets, notes, voice), and how to build it. Each
 * source kind adds its config schema to the variant and its factory to `createSheetSource`.
 */
import * as v from 'valibot';
import { filesSourceSchema } from './files/config.js';
import { createFilesSource } from './files/index.js';
import { googleSheetsSourceSchema } from './google-sheets/config.js';
import { createGoogleSheetsSource } from './google-sheets/index.js';
import type { SourceEnvironment } from './crm-config.js';
import type { SheetSource } from './types.js';

export const sheetSourceSchema = v.pipe(v.variant('type', [filesSourceSchema, googleSheetsSourceSchema]), v.description('where KPIs, targets, notes and voice come from'));
export type SheetSourceConfig = v.InferOutput<typeof sheetSourceSchema>;

export function createSheetSource(config: SheetSourceConfig, environment: SourceEnvironment): SheetSource {
  switch (config.type) {
    case 'files':
      return createFilesSource({ path: environment.resolvePath(config.path) });
    case 'google-sheets':
      return createGoogleSheetsSource(config, environment);
  }
}
