/**
 * Which CRM source a digest reads, and how to build it. Each source kind adds its config
 * schema to the variant and its factory to `createCrmSource`. The schemas are small and load
 * with the config; an adapter's module loads only when a digest uses that kind (a run on the
 * files source never loads the HubSpot client and its retry policy).
 */
import * as v from 'valibot';
import { filesSourceSchema } from './files/config.js';
import { hubspotSourceSchema } from './hubspot/config.js';
import type { CrmSource } from './types.js';

export const crmSourceSchema = v.pipe(v.variant('type', [filesSourceSchema, hubspotSourceSchema]), v.description('where CRM records come from'));
export type CrmSourceConfig = v.InferOutput<typeof crmSourceSchema>;

export interface SourceEnvironment {
  /** Resolves a path from the config against the config file's folder. */
  resolvePath: (path: string) => string;
  /** Where secrets come from (tokens, key files): the process environment in production. */
  env: NodeJS.ProcessEnv;
}

export async function createCrmSource(config: CrmSourceConfig, environment: SourceEnvironment): Promise<CrmSource> {
  switch (config.type) {
    case 'files': {
      const { createFilesSource } = await import('./files/index.js');
      return createFilesSource({ path: environment.resolvePath(config.path) });
    }
    case 'hubspot': {
      const { createHubspotSource } = await import('./hubspot/index.js');
      return createHubspotSource({ config, env: environment.env });
    }
  }
}
