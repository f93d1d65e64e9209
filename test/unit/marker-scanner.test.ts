import { describe, expect, it } from 'vitest';
import { MarkerScanner } from '../../src/sandbox/marker-scanner.js';

const M = '__NSLAB_abc';
const b = (s: string) => Buffer.from(s);

describe('MarkerScanner', () => {
  it('splits output from the marker and its status', () => {
    const r = new MarkerScanner(M).push(b(`hello\n${M}:3\n`));
    expect(r.output.toString()).toBe('hello\n');
    expect(r.done?.status).toBe(3);
  });

  it('finds a marker after output without a final newline', () => {
    const r = new MarkerScanner(M).push(b(`no newline${M}:0\nafter`));
    expect(r.output.toString()).toBe('no newline');
    expect(r.done).toMatchObject({ status: 0 });
    expect(r.done?.rest.toString()).toBe('after');
  });

  it('holds back a partial marker across chunks, byte by byte', () => {
    const s = new MarkerScanner(M);
    let out = '';
    let status: number | undefined;
    for (const ch of `ab__NSx${M}:127\n`) {
      const r = s.push(b(ch));
      out += r.output.toString();
      if (r.done) status = r.done.status;
    }
    expect(out).toBe('ab__NSx');
    expect(status).toBe(127);
  });

  it('does not take an xtrace echo of the protocol line for the marker', () => {
    const r = new MarkerScanner(M).push(b(`+ printf '%s:%d\\n' ${M} 0\n`));
    expect(r.done).toBeUndefined();
  });

  it('flush returns what was held back', () => {
    const s = new MarkerScanner(M);
    expect(s.push(b('x__NSLAB')).output.toString()).toBe('x');
    expect(s.flush().toString()).toBe('__NSLAB');
  });
});
