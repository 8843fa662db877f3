/**
 * Google's partial-response `fields` parameter, as the Sheets API applies it to the
 * spreadsheet metadata: `sheets.properties(title,sheetId)`, `sheets.properties.title`,
 * `spreadsheetId,sheets(properties(title))`. Arrays are filtered element by element.
 */
type Json = unknown;

interface Selector {
  [field: string]: Selector | true;
}

/** Parses `a.b(c,d),e` into `{ a: { b: { c: true, d: true } }, e: true }`. */
export function parseFields(fields: string): Selector {
  let pos = 0;
  const list = (): Selector => {
    const out: Selector = {};
    for (;;) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(fields.slice(pos))?.[0];
      if (!name) throw new Error(`bad fields mask at ${pos}: ${fields}`);
      pos += name.length;
      let sub: Selector | true = true;
      if (fields[pos] === '.') {
        pos++;
        sub = list1();
      } else if (fields[pos] === '(') {
        pos++;
        sub = list();
        if (fields[pos++] !== ')') throw new Error(`unclosed ( in fields mask: ${fields}`);
      }
      out[name] = merge(out[name], sub);
      if (fields[pos] !== ',') return out;
      pos++;
    }
  };
  // After a dot: exactly one path element (with its own sub-selection).
  const list1 = (): Selector => {
    const start = pos;
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(fields.slice(pos))?.[0];
    if (!name) throw new Error(`bad fields mask at ${start}: ${fields}`);
    pos += name.length;
    if (fields[pos] === '.') {
      pos++;
      return { [name]: list1() };
    }
    if (fields[pos] === '(') {
      pos++;
      const sub = list();
      if (fields[pos++] !== ')') throw new Error(`unclosed ( in fields mask: ${fields}`);
      return { [name]: sub };
    }
    return { [name]: true };
  };
  const result = list();
  if (pos !== fields.length) throw new Error(`bad fields mask at ${pos}: ${fields}`);
  return result;
}

function merge(a: Selector | true | undefined, b: Selector | true): Selector | true {
  if (a === undefined) return b;
  if (a === true || b === true) return true;
  const out: Selector = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
  return out;
}

export function applyFields(value: Json, selector: Selector | true): Json {
  if (selector === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => applyFields(v, selector));
  const out: Record<string, Json> = {};
  for (const [k, sub] of Object.entries(selector)) {
    const v = (value as Record<string, Json>)[k];
    if (v !== undefined) out[k] = applyFields(v, sub);
  }
  return out;
}
