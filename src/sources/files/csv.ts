/**
 * CSV files as people make them, to cell grids: UTF-8 with or without BOM, UTF-16 with BOM
 * (Excel's "Unicode text"), and Windows-1252 (German Excel's plain "CSV"), detected because it
 * is not valid UTF-8 and decoded with a warning; `,`, `;` or tab as delimiter (`;` means
 * decimal commas); CRLF, LF or CR. Reading stays linear: one decode, one parse, and line numbers
 * counted in one pass as the records come.
 */
import { createRequire } from 'node:module';
import type Iconv from 'iconv-lite';
import papa from 'papaparse';
import type { DataIssue } from '../../model/types.js';
import type { Cell, DecimalStyle } from '../sheet/cells.js';
import type { Tab } from '../sheet/table.js';

export interface CsvTab extends Tab {
  decimalStyle: DecimalStyle;
}

/** Why a file is not read at all (it is reported as unreadable). */
export class NotText extends Error {}

/**
 * papaparse reads the sample's 100 KB in ~4 ms on a cold run, where csv-parse took ~30 ms (its
 * per-character state machine runs before the JIT has warmed up; papaparse finds quotes and
 * line breaks with indexOf).
 */
const load = createRequire(import.meta.url);

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

/**
 * Parses CSV text into a tab. A quote never closed ends the reading there: the rows before the
 * record it is in are used, and the error names the line where it opened. A quoted cell with
 * text after its closing quote (`"12" Monitor",3`) makes the reader run on to the next quote
 * that can close it: that record is reported with the lines it took and skipped, never read with
 * shifted columns. A quote inside a cell that does not begin with one (`Der 12" Monitor`) is
 * read as written, as Excel and Google Sheets read it. Rows of different lengths are kept.
 */
export function csvToTab(name: string, content: string, issues: DataIssue[]): CsvTab {
  const delimiter = delimiterOf(content);
  // The BOM goes first, so that papaparse's offsets are offsets into `text`. Every line end
  // becomes LF: a file edited in two programs can mix CRLF and LF, and a reader that takes the
  // first line end for all (papaparse and csv-parse alike) would join two rows into one cell.
  const text = (content.charCodeAt(0) === 0xfeff ? content.slice(1) : content).replace(/\r\n?/g, '\n');
  const lineAt = lineCounter(text);
  const rows: Cell[][] = [];
  const error = (line: number, message: string) => issues.push({ source: 'files', location: `${name}!${line}`, severity: 'error', message });
  let start = 0; // where the current record begins in `text`
  papa.parse<string[]>(text, {
    delimiter,
    newline: '\n',
    step: ({ data: row, errors, meta }) => {
      const from = start;
      const end = meta.cursor;
      start = end;
      // After a final line break papaparse reports one more, empty record: there is none.
      if (end === from && end === text.length && row.length === 1 && row[0] === '') return;
      const line = lineAt(from);
      const unclosed = errors.find((e) => e.code === 'MissingQuotes');
      if (unclosed) {
        // papaparse's index is just after the opening quote.
        const opened = lineAt((unclosed.index ?? from + 1) - 1);
        error(opened, `a quote (") opened in line ${opened} is never closed, so the rest of the file cannot be read; the rows before line ${line} are used: close the quote or remove it`);
        return;
      }
      if (errors.length > 0) {
        const last = lineAt(Math.max(from, end - 1));
        const span = last > line ? `lines ${line}–${last} read as one record: ` : '';
        error(line, `unreadable CSV record (${span}a cell begins with a quote (") but has text after its closing quote); it is skipped: double every quote inside a quoted cell, as in "12"" Monitor"`);
        return;
      }
      rows.push(row);
    },
  });
  return { name, rows, decimalStyle: delimiter === ';' ? 'comma' : 'point' };
}

/**
 * The 1-based line of an offset into `text` (LF line ends), for offsets that never decrease
 * (papaparse reads front to back): one pass over the text for the whole file.
 */
function lineCounter(text: string): (offset: number) => number {
  let counted = 0;
  let line = 1;
  return (offset) => {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    counted = Math.max(counted, offset);
    return line;
  };
}
