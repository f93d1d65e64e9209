/**
 * Finding the bracket, quote or template a zx script opens and never closes, so that a syntax
 * error at the script's end names the line of the opening.
 */
import { describe, expect, it } from 'vitest';
import { unclosedOpener } from '../../src/zx/unclosed-opener.js';

describe('unclosedOpener', () => {
  it('names the innermost opening left open, and its line', () => {
    expect(unclosedOpener('// unclosed\nconst x = [1, 2')).toEqual({ text: '[', line: 1, column: 11 });
    expect(unclosedOpener('if (a) {\n  f(1)\nconst b = [1]\n')).toMatchObject({ text: '{', line: 0 });
    expect(unclosedOpener('f(1,\n  g(2)\n')).toMatchObject({ text: '(', line: 0 });
  });

  it('looks past brackets inside strings, templates, comments and regular expressions', () => {
    expect(unclosedOpener("const s = '(['\nconst r = /[(]/.test(s) // ( [\n/* { */ const t = `${f({ a: '[' })} (`\n{")).toMatchObject({ text: '{', line: 3 });
    expect(unclosedOpener('const n = a / (b + c)\nreturn /\\(/.test(x)\n')).toBeUndefined();
  });

  it('names an unclosed string, template or comment', () => {
    expect(unclosedOpener('const a = 1\nconst s = "abc\n')).toMatchObject({ text: '"', line: 1 });
    expect(unclosedOpener('echo(`one\ntwo ${x}\n')).toMatchObject({ text: '`', line: 0 });
    expect(unclosedOpener('echo(`a ${f(\n')).toMatchObject({ text: '(', line: 0 });
    expect(unclosedOpener('x()\n/* never ends\n')).toMatchObject({ text: '/*', line: 1 });
  });

  it('gives nothing when all is closed, or when a closer does not match (the parser says where)', () => {
    expect(unclosedOpener("const [a] = await ns('A')`ip -j link`.json()\nif (!a) fail(`no ${'link'}`)")).toBeUndefined();
    expect(unclosedOpener('f(]')).toBeUndefined();
  });
});
