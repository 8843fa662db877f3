/**
 * The layers keep to their rooms: deliver/ is a leaf (transports, the message builder) and may
 * import only the error registry, the retry policy, the secret scrubber, the durable file
 * writer, the logger, the state port, and types of config and render; it never reaches the pipeline, the model, the jobs,
 * schedule or the CLI. The model never does I/O. Type imports count too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import (static, dynamic, type-only) of a file, as a path under src/. */
function importsOf(file: string): { target: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const found: { target: string; typeOnly: boolean }[] = [];
  for (const m of text.matchAll(/(?:import|export)\s+(type\s+)?[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)) {
    const spec = m[2] ?? m[3]!;
    found.push({ target: relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'), typeOnly: Boolean(m[1]) });
  }
  return found;
}

const ALWAYS = ['errors.ts', 'retry.ts', 'secrets.ts', 'fs/durable.ts', 'log/logger.ts', 'state/types.ts'];

describe('layers', () => {
  it('deliver/ imports nothing above it', () => {
    const problems: string[] = [];
    for (const file of files(join(SRC, 'deliver'))) {
      for (const { target, typeOnly } of importsOf(file)) {
        const ok = target.startsWith('deliver/') || ALWAYS.includes(target)
          || (typeOnly && (target.startsWith('config/') || target.startsWith('render/types')));
        if (!ok) problems.push(`${relative(SRC, file)} → ${target}${typeOnly ? ' (type)' : ''}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the model does no I/O and knows no later stage', () => {
    const problems: string[] = [];
    for (const file of files(join(SRC, 'model'))) {
      const text = readFileSync(file, 'utf8');
      if (/from 'node:(fs|net|http|https|child_process)/.test(text)) problems.push(`${relative(SRC, file)} does I/O`);
      for (const { target, typeOnly } of importsOf(file)) {
        if (!target.startsWith('model/') && !(typeOnly && target.startsWith('config/'))) problems.push(`${relative(SRC, file)} → ${target}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the check itself sees imports (a forbidden one would be caught)', () => {
    const sample = importsOf(join(SRC, 'jobs', 'send-week.ts')).map((i) => i.target);
    expect(sample).toContain('deliver/transport.ts');
    expect(sample).toContain('state/types.ts');
  });
});
