import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTaggedJson, stringifyTaggedJson } from '../../src/util/tagged-json.js';

const roundTrip = (value: unknown) => parseTaggedJson(stringifyTaggedJson(value));

describe('tagged JSON', () => {
  it('gives back RegExps (source and flags), undefined values, NaN, ±Infinity and -0', () => {
    const value = {
      match: /^64 bytes from 10\.0\.\d+\.\d+: icmp_seq=1/,
      flagged: /a.b/giu,
      gone: undefined,
      list: [undefined, NaN, Infinity, -Infinity, -0, 0, 'x'],
      nested: { lines: [{ kind: 'regex', source: 'x (re)', regex: /x/ }] },
    };
    const back = roundTrip(value) as typeof value;
    expect(back).toStrictEqual(value);
    expect(back.match).toBeInstanceOf(RegExp);
    expect(back.flagged.flags).toBe('giu');
    expect(back.match.test('64 bytes from 10.0.1.1: icmp_seq=1 ttl=64')).toBe(true);
    expect(Object.keys(back)).toContain('gone');
    expect(Object.is(back.list[4], -0)).toBe(true);
    expect(back.list[1]).toBeNaN();
  });

  it('gives back every JSON-like value with RegExps inside, as it was (property)', () => {
    const regex = fc.tuple(fc.constantFrom('a+', '^x$', '\\d{1,3}', '(re)?', '[/]'), fc.constantFrom('', 'g', 'iu', 'ms')).map(([s, f]) => new RegExp(s, f));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.anything({ maxDepth: 1, withNullPrototype: false }),
        regex,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 4, noNullPrototype: true }),
      ),
    })).node;
    fc.assert(fc.property(tree, (value) => void expect(roundTrip(value)).toStrictEqual(value)));
  });

  it('refuses what it could not give back as it was', () => {
    const shared = { a: 1 };
    expect(() => stringifyTaggedJson({ m: new Map() })).toThrow(/Map at "m"/);
    expect(() => stringifyTaggedJson({ when: new Date(0) })).toThrow(/Date at "when"/);
    expect(() => stringifyTaggedJson({ f: () => 1 })).toThrow(/function at "f"/);
    expect(() => stringifyTaggedJson([shared, shared])).toThrow(/reached twice/);
    expect(() => stringifyTaggedJson({ x: { '$nslab:tagged': 'undefined' } })).toThrow(/key/);
    expect(() => stringifyTaggedJson(Object.create(null))).toThrow(/non-plain object/);
  });

  it('rejects text that is not JSON, and tags it does not know', () => {
    expect(() => parseTaggedJson('{"a":')).toThrow(SyntaxError);
    expect(() => parseTaggedJson('{"$nslab:tagged":"Symbol"}')).toThrow(/unknown tagged value/);
    expect(() => parseTaggedJson('{"$nslab:tagged":"RegExp","source":"(","flags":""}')).toThrow(SyntaxError);
  });
});
