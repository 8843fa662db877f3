// Writes the configuration reference (derived from the schema) into docs/configuration.md,
// between the BEGIN/END markers. Run after `npm run build` when the schema changes.
import { fileURLToPath } from 'node:url';
import { configReferenceMarkdown } from '../dist/config/reference.js';
import { writeGeneratedSection } from './generated-section.mjs';

writeGeneratedSection(fileURLToPath(new URL('../docs/configuration.md', import.meta.url)), 'config-reference', 'scripts/config-docs.mjs', configReferenceMarkdown());
console.log('docs/configuration.md updated');
