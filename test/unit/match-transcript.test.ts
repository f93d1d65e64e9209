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
    expect(matchTranscript([t('a'), t('b')], 'a\nc\n')).toEqual({ ok: false, firstMismatch: 1, detail: 'line 2 is "c" where the transcript has "b"' });
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
    expect(matchTranscript([re('ttl=\\d+')], 'x ttl=64')).toEqual({ ok: false, firstMismatch: 0, detail: 'line 1 is "x ttl=64" where the transcript has /ttl=\\d+/ (re)' });
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

  it('says which output line differs, numbered in the output (after ... it need not be the same number)', () => {
    expect(matchTranscript([t('ALPHA'), t('BETA')], 'ALPHA\nbeta\n')).toEqual({
      ok: false, firstMismatch: 1, detail: 'line 2 is "beta" where the transcript has "BETA"',
    });
    expect(matchTranscript([t('a'), any, t('z'), t('end')], 'a\nb\nz\nEND\n')).toEqual({
      ok: false, firstMismatch: 3, detail: 'line 4 is "END" where the transcript has "end"',
    });
  });

  it('reports a line not found after any-lines, and from which output line on it was looked for', () => {
    expect(matchTranscript([t('a'), any, t('z')], 'a\nb\nc\n')).toEqual({
      ok: false, firstMismatch: 2, detail: 'no line of the output after line 1 is "z", which the transcript expects after "..."',
    });
    expect(matchTranscript([any, re('rtt .*')], 'b\nc\n')).toEqual({
      ok: false, firstMismatch: 1, detail: 'no line of the output matches /rtt .*/ (re), which the transcript expects after "..."',
    });
  });

  it('reports output that ended too early, with how many lines it had', () => {
    expect(matchTranscript([t('a'), t('b'), t('c'), t('rtt ...')], 'a\nb\nc\n')).toEqual({
      ok: false, firstMismatch: 3, detail: 'the output ended after 3 lines; the transcript expects "rtt ..." next',
    });
    expect(matchTranscript([t('a'), t('b')], 'a\n')).toEqual({
      ok: false, firstMismatch: 1, detail: 'the output ended after 1 line; the transcript expects "b" next',
    });
    expect(matchTranscript([t('a'), any, t('z')], 'a\n')).toEqual({
      ok: false, firstMismatch: 2, detail: 'the output ended after 1 line; the transcript expects "z" next',
    });
    expect(matchTranscript([t('a')], '')).toEqual({ ok: false, firstMismatch: 0, detail: 'there was no output; the transcript expects "a"' });
  });

  it('reports extra output after the last expected line with index expected.length', () => {
    expect(matchTranscript([t('a')], 'a\nextra\n')).toEqual({
      ok: false, firstMismatch: 1, detail: 'extra output after the transcript\'s last line: "extra"',
    });
  });

  it('ignores blank lines at the end of the output: a copy with or without them passes (iputils ping, 100% loss)', () => {
    const output = 'PING 10.9.0.2 (10.9.0.2) 56(84) bytes of data.\n\n--- 10.9.0.2 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n';
    const written = output.trimEnd().split('\n').map(t);
    expect(matchTranscript(written, output)).toEqual({ ok: true });
    expect(matchTranscript(written, output.trimEnd())).toEqual({ ok: true });
    expect(matchTranscript(written, `${output}\n\n`)).toEqual({ ok: true });
    // Blank lines the transcript writes out at the end still match, one for one.
    expect(matchTranscript([t('a'), re('^$')], 'a\n\n').ok).toBe(true);
    expect(matchTranscript([t('a'), re('^$')], 'a\n').ok).toBe(false);
    // Only at the end: a blank line followed by more output is extra output, named by its text.
    expect(matchTranscript([t('a')], 'a\n\nb\n')).toEqual({
      ok: false, firstMismatch: 1, detail: 'extra output after the transcript\'s last line: "b"',
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
