import { describe, expect, it } from 'vitest';
import { matchTranscript, outputLines } from '../../src/run/match-transcript.js';
import type { ExpectedLine } from '../../src/scenario/model.js';

const t = (text: string): ExpectedLine => ({ kind: 'text', text });
const re = (source: string): ExpectedLine => ({ kind: 'regex', source, regex: new RegExp(`^(?:${source})$`) });
const any: ExpectedLine = { kind: 'any-lines' };

describe('outputLines', () => {
  it('drops one trailing newline, CRs and trailing blanks', () => {
    expect(outputLines('a \r\nb\t\n')).toEqual(['a', 'b']);
    expect(outputLines('a\n\n')).toEqual(['a', '']);
    expect(outputLines('')).toEqual([]);
    expect(outputLines('\n')).toEqual(['']);
  });
});

describe('matchTranscript', () => {
  it('an empty expectation matches anything', () => {
    expect(matchTranscript([], 'whatever\n')).toEqual({ ok: true });
    expect(matchTranscript([], '')).toEqual({ ok: true });
  });

  it('matches literal lines exactly, ignoring trailing blanks and CR', () => {
    expect(matchTranscript([t('a'), t('b  ')], 'a  \r\nb\n')).toEqual({ ok: true });
    expect(matchTranscript([t('a'), t('b')], 'a\nc\n')).toEqual({ ok: false, firstMismatch: 1, detail: 'expected line 2 "b", got "c"' });
  });

  it('does not treat regex characters in text lines specially', () => {
    expect(matchTranscript([t('a.c (x)*')], 'a.c (x)*')).toEqual({ ok: true });
    expect(matchTranscript([t('a.c')], 'abc').ok).toBe(false);
  });

  it('... inside a text line matches any text, including none', () => {
    const line = [t('64 bytes from 10.0.1.1: icmp_seq=1 ttl=64 time=... ms')];
    expect(matchTranscript(line, '64 bytes from 10.0.1.1: icmp_seq=1 ttl=64 time=0.042 ms\n').ok).toBe(true);
    expect(matchTranscript([t('a...b...c')], 'abc').ok).toBe(true);
    expect(matchTranscript([t('a...b')], 'a b c').ok).toBe(false);
    expect(matchTranscript([t('...')], 'x\ny').ok).toBe(false);
  });

  it('a regex line must match the whole line', () => {
    expect(matchTranscript([re('ttl=\\d+')], 'ttl=64').ok).toBe(true);
    expect(matchTranscript([re('ttl=\\d+')], 'x ttl=64')).toEqual({ ok: false, firstMismatch: 0, detail: 'expected line 1 /ttl=\\d+/ (re), got "x ttl=64"' });
  });

  it('any-lines matches zero, one or many lines', () => {
    expect(matchTranscript([t('a'), any, t('z')], 'a\nz\n').ok).toBe(true);
    expect(matchTranscript([t('a'), any, t('z')], 'a\nb\nz\n').ok).toBe(true);
    expect(matchTranscript([t('a'), any, t('z')], 'a\nb\nc\nd\nz\n').ok).toBe(true);
    expect(matchTranscript([any], '').ok).toBe(true);
    expect(matchTranscript([any], 'x\ny').ok).toBe(true);
    expect(matchTranscript([any, t('y')], 'x\ny').ok).toBe(true);
  });

  it('backtracks: any-lines does not swallow a line needed later', () => {
    // A greedy match of ... would eat the first "x" and fail on the rest.
    expect(matchTranscript([any, t('x'), t('y')], 'x\ny\nx\ny\n').ok).toBe(true);
    expect(matchTranscript([any, t('x'), any, t('x'), t('end')], 'x\nx\nx\nend').ok).toBe(true);
    expect(matchTranscript([t('a'), any, any, t('b')], 'a\nb').ok).toBe(true);
  });

  it('reports a line not found after any-lines', () => {
    expect(matchTranscript([t('a'), any, t('z')], 'a\nb\nc\n')).toEqual({
      ok: false, firstMismatch: 2, detail: 'expected line 3 "z" not found in the output',
    });
  });

  it('reports output that ended too early', () => {
    expect(matchTranscript([t('a'), t('b')], 'a\n')).toEqual({ ok: false, firstMismatch: 1, detail: 'expected line 2 "b", but the output ended' });
    expect(matchTranscript([t('a')], '')).toEqual({ ok: false, firstMismatch: 0, detail: 'expected line 1 "a", but the output ended' });
  });

  it('reports extra output after the last expected line with index expected.length', () => {
    expect(matchTranscript([t('a')], 'a\nextra\n')).toEqual({
      ok: false, firstMismatch: 1, detail: 'unexpected output after the last expected line: "extra"',
    });
  });

  it('a blank expected line matches a blank line only', () => {
    expect(matchTranscript([t('a'), t(''), t('b')], 'a\n\nb').ok).toBe(true);
    expect(matchTranscript([t('a'), t(''), t('b')], 'a\nb').ok).toBe(false);
  });

  it('stays fast on long outputs with several any-lines', () => {
    const out = Array.from({ length: 3000 }, (_, i) => `line ${i}`).join('\n');
    const started = Date.now();
    expect(matchTranscript([any, t('line 1500'), any, t('line 2999'), any], out).ok).toBe(true);
    expect(matchTranscript([any, t('nope'), any], out).ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
