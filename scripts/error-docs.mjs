// Writes the error-code table (derived from the registry in src/errors.ts) into
// docs/operations.md, between the BEGIN/END markers. Run after `npm run build`.
import { fileURLToPath } from 'node:url';
import { errorTableMarkdown } from '../dist/errors.js';
import { writeGeneratedSection } from './generated-section.mjs';

writeGeneratedSection(fileURLToPath(new URL('../docs/operations.md', import.meta.url)), 'error-codes', 'scripts/error-docs.mjs', errorTableMarkdown());
console.log('docs/operations.md updated');
