/**
 * The error registry is the only place that gives a code its meaning: every code thrown in
 * src/ must be registered, every registered code maps to the exit code of its kind, and the
 * generated table in docs/operations.md is current.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DigestError, ERROR_CODES, EXIT, errorTableMarkdown, exitCodeFor, type ErrorCode } from '../../src/errors.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const EXPECTED_EXIT = { usage: 2, config: 3, data: 4, delivery: 5, busy: 6, internal: 1 } as const;

describe('error registry', () => {
  it('maps every code to the documented exit code of its kind', () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      expect(exitCodeFor(new DigestError(code as ErrorCode, 'x')), code).toBe(EXPECTED_EXIT[spec.kind]);
    }
    expect(exitCodeFor(new Error('a bug'))).toBe(EXIT.internal);
  });

  it('knows every code the source throws', () => {
    const thrown = new Set<string>();
    for (const file of sourceFiles(join(import.meta.dirname, '../../src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new DigestError\(\s*'([A-Z_]+)'/g)) thrown.add(m[1]!);
      for (const m of text.matchAll(/\bsuper\(\s*'([A-Z_]+)'/g)) thrown.add(m[1]!);
    }
    expect(thrown.size).toBeGreaterThan(5);
    for (const code of thrown) expect(Object.keys(ERROR_CODES), `${code} is thrown but not registered`).toContain(code);
  });

  it('refuses an unregistered code at run time', () => {
    expect(() => new DigestError('NOT_A_CODE' as ErrorCode, 'x')).toThrow(/unregistered error code/);
  });

  it('has the generated table in docs/operations.md', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/operations.md'), 'utf8');
    expect(doc, 'run: npm run build && node scripts/error-docs.mjs').toContain(errorTableMarkdown());
  });
});
