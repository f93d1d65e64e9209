/**
 * JSON for plain data trees that may hold what JSON itself loses: regular expressions (a
 * parsed scenario's `match=` and `(re)` lines), `undefined` property values (JSON drops the
 * key, and `{ ...a, ...b }` or `'k' in o` would then behave differently), and non-finite
 * numbers and -0 (JSON writes null and 0; ECMA-262, JSON.stringify, SerializeJSONProperty).
 * Each is written as an object with the single key {@link TAG}. Anything else JSON cannot
 * give back as it was (a Map, a Date, a class instance, a function, an object reached twice) is
 * refused, so that what is parsed back is always equal to what was written.
 */

/** The key marking an encoded value; the data itself may not use it. */
const TAG = '$nslab:tagged';

/** What a tagged object holds. */
type Tagged =
  | { [TAG]: 'RegExp'; source: string; flags: string }
  | { [TAG]: 'undefined' }
  | { [TAG]: 'number'; value: 'NaN' | 'Infinity' | '-Infinity' | '-0' };

/**
 * Serialises a tree of plain objects, arrays, strings, finite numbers, booleans, null,
 * undefined and RegExps.
 * @returns JSON text that {@link parseTaggedJson} turns back into an equal tree
 * @throws TypeError naming the path of a value it cannot write faithfully (see the module
 *   comment), or of an object that already uses the tag key
 */
export function stringifyTaggedJson(value: unknown): string {
  const seen = new Set<object>();
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    // `this[key]`, not `v`: JSON.stringify hands the replacer the result of a toJSON() (a
    // Date's string), which would pass for a string.
    const raw = this[key];
    if (raw instanceof RegExp) return { [TAG]: 'RegExp', source: raw.source, flags: raw.flags } satisfies Tagged;
    if (raw === undefined) return { [TAG]: 'undefined' } satisfies Tagged;
    if (typeof raw === 'number') {
      if (Number.isFinite(raw) && !Object.is(raw, -0)) return raw;
      return { [TAG]: 'number', value: Object.is(raw, -0) ? '-0' : (String(raw) as 'NaN' | 'Infinity' | '-Infinity') } satisfies Tagged;
    }
    if (raw === null || typeof raw === 'string' || typeof raw === 'boolean') return raw;
    if (typeof raw !== 'object') throw new TypeError(`cannot encode a ${typeof raw} at "${key}"`);
    const proto = Object.getPrototypeOf(raw) as unknown;
    if (proto !== Object.prototype && proto !== Array.prototype) {
      throw new TypeError(`cannot encode a ${(raw as object).constructor?.name ?? 'non-plain object'} at "${key}"`);
    }
    if (seen.has(raw)) throw new TypeError(`cannot encode an object reached twice, at "${key}"`);
    seen.add(raw);
    if (Object.hasOwn(raw, TAG)) throw new TypeError(`cannot encode an object with a "${TAG}" key, at "${key}"`);
    return v;
  });
}

/**
 * Parses what {@link stringifyTaggedJson} wrote.
 * @returns the tree, its RegExps, undefined values and special numbers restored
 * @throws SyntaxError for text that is not JSON, or a tagged object it does not know (e.g.
 *   a RegExp source the engine rejects)
 */
export function parseTaggedJson(text: string): unknown {
  return restore(JSON.parse(text));
}

/** Replaces tagged objects in place (a walk rather than a JSON.parse reviver: a reviver cannot set a property to undefined). */
function restore(node: unknown): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (Object.hasOwn(node, TAG)) return decode(node as Tagged);
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    if (child === null || typeof child !== 'object') continue;
    const restored = restore(child);
    // defineProperty, not `=`: an own "__proto__" key would otherwise set the prototype.
    if (restored !== child) Object.defineProperty(record, key, { value: restored, writable: true, enumerable: true, configurable: true });
  }
  return node;
}

function decode(tagged: Tagged): unknown {
  switch (tagged[TAG]) {
    case 'RegExp':
      return new RegExp(tagged.source, tagged.flags);
    case 'undefined':
      return undefined;
    case 'number':
      return tagged.value === '-0' ? -0 : Number(tagged.value);
    default:
      throw new SyntaxError(`unknown tagged value ${JSON.stringify(tagged)}`);
  }
}
