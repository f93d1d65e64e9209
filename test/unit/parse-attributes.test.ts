import { describe, expect, it } from 'vitest';
import { parseAttributes } from '../../src/scenario/parse-attributes.js';
import { parseBlockOptions } from '../../src/scenario/parse-block-options.js';

describe('parseAttributes', () => {
  it('reads bare flags, bare values and quoted values with columns', () => {
    expect(parseAttributes(' {exit=nonzero output="Network is unreachable" norun}')).toEqual({
      ok: true,
      attributes: [
        { key: 'exit', value: 'nonzero', column: 3 },
        { key: 'output', value: 'Network is unreachable', column: 16 },
        { key: 'norun', column: 48 },
      ],
    });
  });

  it('unescapes \\" and \\\\ in double quotes and keeps other backslashes', () => {
    const r = parseAttributes('{output="say \\"hi\\" \\\\o/" match="ttl=\\d+"}');
    expect(r).toEqual({
      ok: true,
      attributes: [
        { key: 'output', value: 'say "hi" \\o/', column: 2 },
        { key: 'match', value: 'ttl=\\d+', column: 27 },
      ],
    });
  });

  it("takes single-quoted values literally", () => {
    expect(parseAttributes("{output='a \"b\" \\c'}")).toEqual({ ok: true, attributes: [{ key: 'output', value: 'a "b" \\c', column: 2 }] });
  });

  it('accepts quoted braces, empty lists and no list', () => {
    expect(parseAttributes('{output="}{"}')).toEqual({ ok: true, attributes: [{ key: 'output', value: '}{', column: 2 }] });
    expect(parseAttributes('{ }')).toEqual({ ok: true, attributes: [] });
    expect(parseAttributes('   ')).toEqual({ ok: true, attributes: [] });
  });

  const errors: [string, string, number][] = [
    ['exit=1', 'expected attributes in braces, e.g. {exit=nonzero}, got "exit=1"', 1],
    ['{exit=1', 'attribute list is not closed by "}"', 8],
    ['{output="abc}', 'quoted value of "output" is not closed by "', 9],
    ['{exit=1, norun}', 'attributes are separated by spaces, not commas', 8],
    ['{norun,background}', 'attributes are separated by spaces, not commas', 7],
    ['{exit=1 , norun}', 'attributes are separated by spaces, not commas', 9],
    ['{=1}', 'expected an attribute name, got "="', 2],
    ['{exit= norun}', '"exit=" needs a value, e.g. exit="..."', 7],
    ['{output="a"b}', 'unexpected "b" after attribute "output"', 12],
    ['{norun norun}', 'attribute "norun" is given twice', 8],
  ];
  for (const [text, message, column] of errors) {
    it(`rejects ${text}`, () => {
      expect(parseAttributes(text)).toEqual({ ok: false, message, column });
    });
  }
});

describe('parseBlockOptions', () => {
  const options = (text: string, lang?: string) => {
    const r = parseAttributes(text);
    if (!r.ok) throw new Error(r.message);
    return parseBlockOptions(r.attributes, lang);
  };

  it('defaults to exit 0, run, foreground', () => {
    expect(options('{}')).toEqual({ options: { expect: { exit: { kind: 'code', code: 0 } }, norun: false, background: false }, problems: [] });
  });

  it('reads every attribute', () => {
    const { options: o, problems } = options('{exit=nonzero output="a b" no-output="c" match="ttl=\\d+" timeout=5s retry=1.5s norun}');
    expect(problems).toEqual([]);
    expect(o).toEqual({
      expect: { exit: { kind: 'nonzero' }, output: 'a b', noOutput: 'c', match: /ttl=\d+/ },
      timeoutMs: 5000,
      retryMs: 1500,
      norun: true,
      background: false,
    });
    expect(o.expect.match!.test('ttl=64')).toBe(true);
  });

  it.each([
    ['0', { kind: 'code', code: 0 }],
    ['2', { kind: 'code', code: 2 }],
    ['255', { kind: 'code', code: 255 }],
    ['any', { kind: 'any' }],
    ['nonzero', { kind: 'nonzero' }],
  ])('exit=%s', (value, exit) => {
    expect(options(`{exit=${value}}`).options.expect.exit).toEqual(exit);
  });

  it('background flag', () => {
    expect(options('{background}').options.background).toBe(true);
  });

  const bad: [string, string, number][] = [
    ['{exit=256}', 'exit must be 0, nonzero, any or a status 0-255, got "256"', 2],
    ['{exit=-1}', 'exit must be 0, nonzero, any or a status 0-255, got "-1"', 2],
    ['{exit=fail}', 'exit must be 0, nonzero, any or a status 0-255, got "fail"', 2],
    ['{exit}', '"exit" needs a value, e.g. exit=nonzero', 2],
    ['{timeout=5}', 'timeout must be a duration such as 5s, got "5"', 2],
    ['{retry=soon}', 'retry must be a duration such as 5s, got "soon"', 2],
    ['{timeout=0s}', 'timeout must be a duration such as 5s, got "0s"', 2],
    ['{match="(a"}', 'match is not a valid regular expression: Invalid regular expression: /(a/: Unterminated group', 2],
    ['{norun=true}', '"norun" is a flag and takes no value: write norun, not norun=true', 2],
    ['{ outptu="x"}', 'unknown attribute "outptu"; did you mean "output"?', 3],
    ['{nooutput="x"}', 'unknown attribute "nooutput"; did you mean "no-output"?', 2],
    ['{name=x}', 'unknown attribute "name" (allowed: exit, output, no-output, match, timeout, retry, norun, background)', 2],
    ['{norun background}', 'norun and background cannot be used together', 8],
    ['{timeout=25h}', 'timeout must be at most 24h, got "25h"', 2],
    ['{retry=86400001ms}', 'retry must be at most 24h, got "86400001ms"', 2],
    ['{background retry=2s}', 'retry and background cannot be used together: a background command is not awaited, so it is never retried', 13],
    [
      '{timeout=5s background}',
      'timeout and background cannot be used together: a background command is not awaited, so it is never stopped for taking too long (it runs until the end of the run)',
      2,
    ],
    ['{background exit=0}', 'exit and background cannot be used together: a background command is not awaited, so its exit status cannot be checked', 13],
    ['{background output="x"}', 'output and background cannot be used together: a background command is not awaited, so its output cannot be checked', 13],
    ['{background no-output="x"}', 'no-output and background cannot be used together: a background command is not awaited, so its output cannot be checked', 13],
    ['{match="x" background}', 'match and background cannot be used together: a background command is not awaited, so its output cannot be checked', 2],
  ];
  for (const [text, message, column] of bad) {
    it(`rejects ${text}`, () => {
      expect(options(text).problems).toEqual([{ message, column }]);
    });
  }

  it('accepts hours up to 24h, and norun with retry or timeout', () => {
    expect(options('{timeout=24h retry=1h}')).toMatchObject({ options: { timeoutMs: 86_400_000, retryMs: 3_600_000 }, problems: [] });
    expect(options('{norun retry=2s timeout=1s}').problems).toEqual([]);
  });

  it('rejects background on a transcript, once, whatever else is there', () => {
    const message = (lang: string) => `background cannot be used on a ${lang} block: a transcript's output must be awaited to be compared`;
    expect(options('{background}', 'console').problems).toEqual([{ message: message('console'), column: 2 }]);
    expect(options('{exit=1 background norun}', 'shell-session').problems).toEqual([{ message: message('shell-session'), column: 9 }]);
    expect(options('{background}', 'bash').problems).toEqual([]);
  });

  it('reports every bad attribute, not only the first', () => {
    expect(options('{exit=x timeout=y}').problems.map((p) => p.column)).toEqual([2, 9]);
  });
});
