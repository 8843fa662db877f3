/**
 * The configuration reference as rows (key, type, default, description), derived from the
 * schema so the documentation cannot drift from the code. `scripts/config-docs.mjs` writes it
 * into docs/configuration.md; a test checks the file is current.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import { configSchema } from './schema.js';

export interface ReferenceRow {
  key: string;
  type: string;
  required: boolean;
  default: string;
  description: string;
}

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
};

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  const options = s.anyOf ?? s.oneOf;
  if (options) return options.map(typeOf).join(' \\| ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') return `map of ${typeOf(s.additionalProperties)}`;
  if (s.type === 'object' && s.properties) return 'object';
  return s.type ?? 'any';
}

function walk(s: JsonSchema, key: string, required: boolean, rows: ReferenceRow[]): void {
  rows.push({
    key,
    type: typeOf(s),
    required: required && s.default === undefined,
    default: s.default === undefined ? '' : JSON.stringify(s.default),
    description: s.description ?? '',
  });
  const objectSchema = s.type === 'array' ? s.items : s;
  const prefix = s.type === 'array' ? `${key}[]` : key;
  const variants = objectSchema?.anyOf ?? objectSchema?.oneOf ?? (objectSchema ? [objectSchema] : []);
  for (const variant of variants) {
    for (const [name, child] of Object.entries(variant.properties ?? {})) {
      walk(child, `${prefix}.${name}`, variant.required?.includes(name) ?? false, rows);
    }
  }
}

export function configReference(): ReferenceRow[] {
  const schema = toJsonSchema(configSchema, { errorMode: 'ignore' }) as JsonSchema;
  const rows: ReferenceRow[] = [];
  for (const [name, child] of Object.entries(schema.properties ?? {})) walk(child, name, schema.required?.includes(name) ?? false, rows);
  return rows;
}

export function configReferenceMarkdown(): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| key | type | default | description |', '| --- | --- | --- | --- |'];
  for (const row of configReference()) {
    const def = row.required ? '**required**' : row.default ? `\`${escape(row.default)}\`` : '';
    lines.push(`| \`${row.key}\` | ${row.type} | ${def} | ${escape(row.description)} |`);
  }
  return lines.join('\n');
}
