/**
 * The bad-input suite's harness: a case is a change to a copy of the sample data (or the
 * config), the command it runs, the exit code, what the output must say (with the location)
 * and the figures of the digest, which must stay as for the clean sample unless the case says
 * which ones change and to what.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { expect } from 'vitest';
import { loadConfig, selectDigest } from '../../src/config/load.js';
import type { Digest } from '../../src/model/types.js';
import { collectDigest } from '../../src/pipeline.js';
import { runCli, SAMPLE, sampleConfig, tempDir } from '../helpers/cli.js';

export const WEEK = '2026-W47';

/** How a file of the sample is changed: new content, a function of the old text, or a special file. */
export type FileChange = string | Uint8Array | ((text: string) => string) | { folder: true } | { deleted: true };

export interface DataCase {
  name: string;
  files: Record<string, FileChange>;
  /** `validate` (default) lists every issue; the exit code is 4 with errors, 0 with warnings only. */
  exit: number;
  /** Lines (or patterns) the command's output must contain: `location: message`. */
  says: (string | RegExp)[];
  /** Must not appear in the output (a stack trace never does). */
  never?: (string | RegExp)[];
  /** Figures that change on purpose (`kpi:event_leads`, `funnel:mqls`); every other one stays. */
  changes?: Record<string, number | null>;
  /** More checks on the digest built from the changed data. */
  digest?: (digest: Digest) => void;
  /** The digest cannot be built (the source fails): no figures to compare. */
  noDigest?: true;
}

/** The figures a reader of the digest acts on: the funnel and every KPI's value and target. */
export function figures(digest: Digest): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(digest.funnel)) out[`funnel:${key}`] = value;
  for (const kpi of digest.kpis) out[`kpi:${kpi.id}`] = kpi.value;
  return out;
}

/** Appends lines to a CSV text (keeping its line ending). */
export const append = (...lines: string[]) => (text: string) => `${text.replace(/\r?\n?$/, '\n')}${lines.join('\n')}\n`;
/** Replaces the first occurrence of `from`; fails loudly when the sample no longer has it. */
export const replace = (from: string | RegExp, to: string) => (text: string) => {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`the sample no longer contains ${String(from)}`);
  return next;
};
/** The row number (as locations count them: the header is row 1) a row appended to a sample file gets. */
export async function nextRow(file: string): Promise<number> {
  return (parse(await readFile(join(SAMPLE, file), 'utf8'), { bom: true, relax_column_count: true }) as unknown[]).length + 1;
}

/** The physical line number (as a text editor counts) a line appended to a sample file gets. */
export async function nextLine(file: string): Promise<number> {
  return (await readFile(join(SAMPLE, file), 'utf8')).trimEnd().split('\n').length + 1;
}

/** Text as Windows-1252 bytes (what German Excel's "CSV" writes). */
export function windows1252(text: string): Uint8Array {
  return iconv.encode(text, 'windows-1252');
}

export async function dataFolder(files: Record<string, FileChange>): Promise<string> {
  const dir = join(await tempDir('digest-bad-'), 'data');
  await cp(SAMPLE, dir, { recursive: true });
  for (const [name, change] of Object.entries(files)) {
    const path = join(dir, name);
    if (typeof change === 'function') await writeFile(path, change(await readFile(path, 'utf8')));
    else if (typeof change === 'string' || change instanceof Uint8Array) await writeFile(path, change);
    else {
      await rm(path, { force: true });
      if ('folder' in change) await mkdir(path);
    }
  }
  return dir;
}

export interface Ran {
  code: number;
  output: string;
  digest: Digest | null;
}

/** The config of the sample, with both sources reading `dir`. */
export async function configFor(dir: string, digestOverrides: Record<string, unknown> = {}): Promise<string> {
  return (await sampleConfig({}, { sources: { crm: { type: 'files', path: dir }, sheet: { type: 'files', path: dir } }, ...digestOverrides })).path;
}

export async function digestFor(configPath: string): Promise<Digest> {
  const loaded = await loadConfig(configPath);
  return collectDigest(loaded, selectDigest(loaded, undefined), WEEK);
}

export async function runDataCase(c: DataCase): Promise<Ran> {
  const dir = await dataFolder(c.files);
  const config = await configFor(dir);
  const { code, out, err } = await runCli(['validate', '--config', config, '--week', WEEK]);
  const digest = c.noDigest ? null : await digestFor(config);
  return { code, output: `${out}\n${err}`, digest };
}

/** The assertions every case makes: exit code, located messages, no stack trace, figures. */
export function checkCase(c: DataCase, ran: Ran, clean: Record<string, number | null>): void {
  expect(ran.code, ran.output).toBe(c.exit);
  for (const said of c.says) {
    if (typeof said === 'string') expect(ran.output).toContain(said);
    else expect(ran.output).toMatch(said);
  }
  for (const never of [...(c.never ?? []), /\n\s+at .+\(.*:\d+:\d+\)/]) {
    if (typeof never === 'string') expect(ran.output).not.toContain(never);
    else expect(ran.output).not.toMatch(never);
  }
  if (c.noDigest) return;
  expect(ran.digest).not.toBeNull();
  expect(figures(ran.digest!)).toEqual({ ...clean, ...c.changes });
  c.digest?.(ran.digest!);
}
