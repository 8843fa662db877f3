/**
 * Which CRM source a digest reads, and how to build it. Each source kind adds its config
 * schema to the variant and its factory to `createCrmSource`.
 */
import * as v from 'valibot';
import { filesSourceSchema } from './files/config.js';
import { createFilesSource } from './files/index.js';
import { hubspotSourceSchema } from './hubspot/config.js';
import { createHubspotSource } from './hubspot/index.js';
import type { CrmSource } from './types.js';

export const crmSourceSchema = v.pipe(v.variant('type', [filesSourceSchema, hubspotSourceSchema]), v.description('where CRM records come from'));
export type CrmSourceConfig = v.InferOutput<typeof crmSourceSchema>;

export interface SourceEnvironment {
  /** Resolves a path from the config against the config file's folder. */
  resolvePath: (path: string) => string;
  /** Where secrets come from (tokens, key files): the process environment in production. */
  env: NodeJS.ProcessEnv;
}

export function createCrmSource(config: CrmSourceConfig, environment: SourceEnvironment): CrmSource {
  switch (config.type) {
    case 'files':
      return createFilesSource({ path: environment.resolvePath(config.path) });
    case 'hubspot':
      return createHubspotSource({ config, env: environment.env });
  }
}
