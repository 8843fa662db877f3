/**
 * YAML syntax errors as a person can act on them: the line and column where the problem is,
 * the yaml library's words without its trailing "at line N, column M:", and the line itself.
 * An unclosed quote or bracket is reported where it OPENED (the library notices it only at the
 * end of the document, lines later).
 */
import { CST, Parser, type YAMLError } from 'yaml';

const UNCLOSED = /quote|flow (sequence|mapping|collection)|end with a [\]}]/i;

/** Offset of the first quoted scalar or flow collection that is never closed, if any. */
function unclosedOpening(text: string): number | null {
  let found: number | null = null;
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const t of [item.key, item.value]) {
        if (found !== null || !t) continue;
        if (t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar') {
          const quote = t.type === 'double-quoted-scalar' ? '"' : "'";
          const body = t.source.trimEnd();
          if (body.length < 2 || !body.endsWith(quote)) found = t.offset;
        } else if (t.type === 'flow-collection' && (t.end.length === 0 || !t.end.some((e) => e.source === ']' || e.source === '}'))) {
          found = t.offset;
        }
      }
      return found === null ? undefined : CST.visit.BREAK;
    });
    if (found !== null) break;
  }
  return found;
}

export function describeYamlError(text: string, error: YAMLError): string {
  const words = error.message.split('\n')[0]!.replace(/\s+at line \d+, column \d+:?\s*$/, '').trim();
  let line = error.linePos?.[0].line ?? 1;
  let col = error.linePos?.[0].col ?? 1;
  if (UNCLOSED.test(words)) {
    const opened = unclosedOpening(text);
    if (opened !== null) {
      const before = text.slice(0, opened);
      line = before.split('\n').length;
      col = opened - before.lastIndexOf('\n');
    }
  }
  const source = (text.split(/\r?\n/)[line - 1] ?? '').trimEnd();
  return `line ${line}, column ${col}: ${words}${source ? `\n      ${source}\n      ${' '.repeat(Math.max(0, col - 1))}^` : ''}`;
}
