/** A1 ranges as the fake understands them: `'Tab name'`, `Tab!A1:D`, `'It''s'!B2:C9`. */

export interface A1Range {
  tab: string;
  /** 0-based, inclusive; undefined = open. */
  startRow: number;
  startCol: number;
  endRow?: number;
  endCol?: number;
}

const colIndex = (letters: string) => [...letters.toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;

function splitTab(range: string): [string, string] | null {
  if (range.startsWith("'")) {
    const m = /^'((?:[^']|'')+)'(?:!(.*))?$/.exec(range);
    return m ? [m[1]!.replace(/''/g, "'"), m[2] ?? ''] : null;
  }
  const bang = range.lastIndexOf('!');
  const tab = bang < 0 ? range : range.slice(0, bang);
  if (!/^[^'!:]+$/.test(tab)) return null;
  return [tab, bang < 0 ? '' : range.slice(bang + 1)];
}

/** Null when the range cannot be parsed (the API answers 400 then). */
export function parseA1(range: string): A1Range | null {
  const split = splitTab(range.trim());
  if (!split) return null;
  const [tab, cells] = split;
  if (cells === '') return { tab, startRow: 0, startCol: 0 };
  const m = /^([A-Z]+)?(\d+)?(?::([A-Z]+)?(\d+)?)?$/i.exec(cells);
  if (!m || (!m[1] && !m[2])) return null;
  return {
    tab,
    startCol: m[1] ? colIndex(m[1]) : 0,
    startRow: m[2] ? Number(m[2]) - 1 : 0,
    endCol: m[3] ? colIndex(m[3]) : m[1] && !m[3] && !cells.includes(':') ? colIndex(m[1]) : undefined,
    endRow: m[4] ? Number(m[4]) - 1 : m[2] && !cells.includes(':') ? Number(m[2]) - 1 : undefined,
  };
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
