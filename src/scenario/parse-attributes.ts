/**
 * The attribute list after a fence's language: `{exit=nonzero output="Network is unreachable" norun}`.
 */

/** One attribute as written. */
export interface Attribute {
  key: string;
  /** Undefined for a bare flag (`norun`); the unquoted text for `key="..."`. */
  value?: string;
  /** 1-based column of the key within the text given to `parseAttributes`. */
  column: number;
}

/** The outcome: the attributes in order, or the first syntax error. */
export type AttributesResult =
  | { ok: true; attributes: Attribute[] }
  | { ok: false; message: string; column: number };

const KEY = /[A-Za-z_][A-Za-z0-9_.-]*/y;

/**
 * Tokenizes an attribute list. Keys are words (`no-output`); values are bare words or quoted:
 * in `"..."` only `\"` and `\\` are escapes (any other backslash is kept, so regexes read as
 * written); `'...'` has no escapes.
 * @param text the list including its braces, e.g. `{exit=1 norun}`; leading/trailing blanks allowed.
 * @returns the attributes, or `{ ok: false, message, column }` with a 1-based column into `text`.
 */
export function parseAttributes(text: string): AttributesResult {
  const fail = (message: string, at: number): AttributesResult => ({ ok: false, message, column: at + 1 });
  let i = text.search(/\S/);
  if (i === -1) return { ok: true, attributes: [] };
  if (text[i] !== '{') return fail(`expected attributes in braces, e.g. {exit=nonzero}, got "${text.trim()}"`, i);
  const end = text.trimEnd().length - 1;
  if (text[end] !== '}') return fail('attribute list is not closed by "}"', end + 1);
  i++;
  const attributes: Attribute[] = [];
  const seen = new Set<string>();
  for (;;) {
    while (i < end && /\s/.test(text[i]!)) i++;
    if (i >= end) return { ok: true, attributes };
    if (text[i] === ',') return fail('attributes are separated by spaces, not commas', i);
    KEY.lastIndex = i;
    const m = KEY.exec(text);
    if (!m) return fail(`expected an attribute name, got "${text[i]}"`, i);
    const attr: Attribute = { key: m[0], column: i + 1 };
    i += m[0].length;
    if (text[i] === '=') {
      i++;
      const q = text[i];
      if (q === '"' || q === "'") {
        const start = i;
        let value = '';
        i++;
        while (i < end && text[i] !== q) {
          if (q === '"' && text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
          value += text[i];
          i++;
        }
        if (i >= end) return fail(`quoted value of "${attr.key}" is not closed by ${q}`, start);
        i++;
        attr.value = value;
      } else {
        const start = i;
        while (i < end && !/[\s"'{}=,]/.test(text[i]!)) i++;
        if (i === start) return fail(`"${attr.key}=" needs a value, e.g. ${attr.key}="..."`, start);
        attr.value = text.slice(start, i);
      }
    }
    if (text[i] === ',') return fail('attributes are separated by spaces, not commas', i);
    if (i < end && !/\s/.test(text[i]!)) return fail(`unexpected "${text[i]}" after attribute "${attr.key}"`, i);
    if (seen.has(attr.key)) return fail(`attribute "${attr.key}" is given twice`, attr.column - 1);
    seen.add(attr.key);
    attributes.push(attr);
  }
}
