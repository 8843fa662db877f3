/**
 * `csvToTab` on the shapes of CSV people send. The reader underneath (papaparse) finds what it
 * can; these pin down what the digest makes of it: a quote never closed is named at the line
 * where it opened with the rows before it kept, a quoted cell with text after its closing quote
 * is reported with the lines it took, and a quote inside an unquoted cell is read as written.
 */
import { describe, expect, it } from 'vitest';
import { csvToTab } from '../../src/sources/files/index.js';
import type { DataIssue } from '../../src/model/types.js';

function read(text: string) {
  const issues: DataIssue[] = [];
  const tab = csvToTab('f.csv', text, issues);
  return { rows: tab.rows, style: tab.decimalStyle, issues: issues.map((i) => `${i.location} ${i.severity}: ${i.message}`) };
}

describe('csvToTab', () => {
  it('reads LF, CRLF and CR files alike, without a row for the final line break; blank lines stay rows', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      expect(read(['a,b', '1,"x, y"', '', '2,3', ''].join(nl))).toEqual({ rows: [['a', 'b'], ['1', 'x, y'], [''], ['2', '3']], style: 'point', issues: [] });
    }
    expect(read('')).toEqual({ rows: [], style: 'point', issues: [] });
    // Mixed line ends (a file edited in two programs): every one ends a row, none joins two.
    expect(read('a,b\r\n1,2\n3,4\r\n5,"x\r\ny"\r6,7\n').rows).toEqual([['a', 'b'], ['1', '2'], ['3', '4'], ['5', 'x\ny'], ['6', '7']]);
    expect(read('a,b\n1,2\r\n3,"x\n4,5\r\n').issues).toEqual([expect.stringMatching(/^f\.csv!3 error: a quote \("\) opened in line 3/)]);
    expect(read('a,b').rows).toEqual([['a', 'b']]);
  });

  it('drops the BOM, keeps rows of any length, line breaks and doubled quotes in quoted cells', () => {
    expect(read('\uFEFFa,b,c\n1,2\n"x\ny","say ""hi""",3,4').rows).toEqual([['a', 'b', 'c'], ['1', '2'], ['x\ny', 'say "hi"', '3', '4']]);
  });

  it('takes the delimiter of the first line: ";" means decimal commas, tab works', () => {
    expect(read('a;b\n"1;5";2,5\n')).toEqual({ rows: [['a', 'b'], ['1;5', '2,5']], style: 'comma', issues: [] });
    expect(read('a\tb\n"x"\t"y"\n').rows).toEqual([['a', 'b'], ['x', 'y']]);
  });

  it('a quote inside a cell that does not begin with one is read as written, in its own column', () => {
    expect(read('a,b,c\n1,Der 12" Monitor,3\n4,5,6\n')).toEqual({ rows: [['a', 'b', 'c'], ['1', 'Der 12" Monitor', '3'], ['4', '5', '6']], style: 'point', issues: [] });
  });

  it('text after a closing quote: the record is reported at its line with the lines it took, and reading goes on after it', () => {
    expect(read('a,b\n1,"x"y\n"3",4\n5,6\n')).toEqual({
      rows: [['a', 'b'], ['5', '6']], style: 'point',
      issues: ['f.csv!2 error: unreadable CSV record (lines 2–3 read as one record: a cell begins with a quote (") but has text after its closing quote); it is skipped: double every quote inside a quoted cell, as in "12"" Monitor"'],
    });
    // After a record that spans two lines the line is still the file's line.
    expect(read('a,b\n"x\ny",1\n2,"z"9\n"3",4\n5,6')).toEqual({
      rows: [['a', 'b'], ['x\ny', '1'], ['5', '6']], style: 'point',
      issues: [expect.stringMatching(/^f\.csv!4 error: unreadable CSV record \(lines 4–5 read as one record: a cell begins with a quote/)],
    });
  });

  it('a quote never closed: named at the line where it opened, the rows before it kept', () => {
    expect(read('a,b\r\n1,2\r\n3,"x,\r\n4,5\r\n')).toEqual({
      rows: [['a', 'b'], ['1', '2']], style: 'point',
      issues: ['f.csv!3 error: a quote (") opened in line 3 is never closed, so the rest of the file cannot be read; the rows before line 3 are used: close the quote or remove it'],
    });
    // The quote opens in the second line of a record that began a line earlier.
    expect(read('a,b,c\n"x\ny",1,"open\n2,3,4\n').issues).toEqual([expect.stringMatching(/^f\.csv!3 error: a quote \("\) opened in line 3 is never closed, .* the rows before line 2 are used/)]);
    // `a,"b,"c`: never read as shifted fields.
    expect(read('a,b,c\na,"b,"c\n4,5,6\n').rows).toEqual([['a', 'b', 'c']]);
    expect(read('a,b,c\na,"b,"c\n4,5,6\n').issues).toEqual([expect.stringMatching(/^f\.csv!2 error: a quote \("\) opened in line 2 is never closed/)]);
  });

  it('counts lines in one pass: 20,000 records with a bad one near the end are located exactly', () => {
    const lines = ['a,b', ...Array.from({ length: 20_000 }, (_, i) => `${i},"x${i}"`)];
    lines[19_990] = '1,"bad"x';
    const r = read(lines.join('\n'));
    // The bad record runs on to the closing quote of the next line: two lines, one record, skipped.
    expect(r.rows).toHaveLength(20_001 - 2);
    expect(r.issues).toEqual([expect.stringMatching(/^f\.csv!19991 error: unreadable CSV record \(lines 19991–19992 read as one record: a cell/)]);
  });
});
