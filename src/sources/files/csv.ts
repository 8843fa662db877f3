/**
 * CSV files as people make them, to cell grids: UTF-8 with or without BOM, UTF-16 with BOM
 * (Excel's "Unicode text"), and Windows-1252 (German Excel's plain "CSV"), detected because it
 * is not valid UTF-8 and decoded with a warning; `,`, `;` or tab as delimiter (`;` means
 * decimal commas); CRLF or LF. Reading stays linear: one decode, one parse, and only on an
 * unterminated quote one more scan to find the line where it opened.
 */
import { createRequire } from 'node:module';
import type { parse as Parse } from 'csv-parse/sync';
import type Iconv from 'iconv-lite';
import type { DataIssue } from '../../model/types.js';
import type { Cell, DecimalStyle } from '../sheet/cells.js';
import type { Tab } from '../sheet/table.js';

export interface CsvTab extends Tab {
  decimalStyle: DecimalStyle;
}

/** Why a file is not read at all (it is reported as unreadable). */
export class NotText extends Error {}

const load = createRequire(import.meta.url);
/** csv-parse's own one-file CommonJS build: the same code as its ES module, which loads as 10 files. */
const { parse } = load('csv-parse/sync') as { parse: typeof Parse };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** iconv-lite, loaded for the first file that is not UTF-8 (most runs have none; it costs ~8 ms to load). */
let iconv: typeof Iconv | undefined;
const windows1252 = (): typeof Iconv => (iconv ??= load('iconv-lite') as typeof Iconv);

/** The file's bytes as text; a Windows-1252 file gives a warning at the file's name. */
export function decodeCsv(name: string, bytes: Uint8Array, issues: DataIssue[]): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  // A NUL byte never occurs in a text CSV: a spreadsheet (.xlsx), an image, a zip.
  if (bytes.includes(0)) throw new NotText('it is not a text file (binary content; save it as CSV)');
  try {
    return utf8.decode(bytes);
  } catch {
    issues.push({
      source: 'files', location: name, severity: 'warning',
      message: 'not UTF-8; read as Windows-1252 (what Excel saves as "CSV"); save it as "CSV UTF-8" to be sure every character is right',
    });
    // Not TextDecoder: Node 20's 'windows-1252' decodes 0x80–0x9F as Latin-1 controls, so € „ “ – would be lost.
    return windows1252().decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252');
  }
}

function delimiterOf(content: string): ',' | ';' | '\t' {
  const firstLine = content.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string) => firstLine.split(c).length - 1;
  const candidates = [',', ';', '\t'] as const;
  return candidates.reduce((best, c) => (count(c) > count(best) ? c : best), ',');
}

/** Parses CSV text into a tab; a malformed record becomes a data issue and is skipped. */
export function csvToTab(name: string, content: string, issues: DataIssue[]): CsvTab {
  const delimiter = delimiterOf(content);
  const rows: Cell[][] = parse(content, {
    bom: true,
    delimiter,
    relax_column_count: true,
    // No relax_quotes: it reads `a,"b,"c` as shifted fields without a word; a located error is better.
    skip_records_with_error: true,
    on_skip: (err: { code?: string; message: string; lines?: number } | undefined) => {
      if (!err) return;
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
        const line = openQuoteLine(content, delimiter);
        issues.push({
          source: 'files', location: `${name}!${line}`, severity: 'error',
          message: `a quote (") opened in line ${line} is never closed, so the rest of the file cannot be read; the rows before line ${line} are used: close the quote or remove it`,
        });
        return;
      }
      issues.push({ source: 'files', location: `${name}!${err.lines ?? '?'}`, severity: 'error', message: `unreadable CSV record (${err.message}); it is skipped` });
    },
  });
  return { name, rows, decimalStyle: delimiter === ';' ? 'comma' : 'point' };
}

/**
 * The line on which the quote that is still open at the end of the file was opened, by the
 * quoting rules csv-parse applies (a quote opens only at the start of a field; `""` inside a
 * quoted field is an escaped quote). One pass over the text.
 */
export function openQuoteLine(content: string, delimiter: string): number {
  let line = 1;
  let openedAt = 0;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (quoted) {
      if (c === '"') {
        if (content[i + 1] === '"') i++;
        else quoted = false;
      } else if (c === '\n') line++;
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      openedAt = line;
    }
    if (c === '\n') line++;
    fieldStart = c === delimiter || c === '\n' || c === '\r' || (i === 0 && c === '\uFEFF');
  }
  return quoted ? openedAt : line;
}
