import { describe, expect, it } from 'vitest';
import { parseWhyArgs } from '../../src/practice/practice.js';

describe("the practice shell's why", () => {
  it('takes --tcp and --size as `nslab why` does, anywhere after `why`', () => {
    expect(parseWhyArgs(['H1', '10.0.2.2'])).toEqual({ src: 'H1', dst: '10.0.2.2', options: {} });
    expect(parseWhyArgs(['H1', 'H2', '--tcp', '80'])).toEqual({ src: 'H1', dst: 'H2', options: { tcpPort: 80 } });
    expect(parseWhyArgs(['--size', '2000', 'H1', 'H2'])).toEqual({ src: 'H1', dst: 'H2', options: { size: 2000 } });
  });

  it('takes -6 (and -4) for the family a namespace DST resolves to', () => {
    expect(parseWhyArgs(['H1', 'H2', '-6'])).toEqual({ src: 'H1', dst: 'H2', options: { family: 6 } });
    expect(parseWhyArgs(['-4', 'H1', 'H2'])).toEqual({ src: 'H1', dst: 'H2', options: { family: 4 } });
  });

  it('answers bad words with its usage', () => {
    expect(parseWhyArgs(['H1'])).toMatch(/^usage: why SRC DST \[--tcp PORT\] \[--size BYTES\]/);
    expect(parseWhyArgs(['H1', 'H2', '--tcp'])).toMatch(/^--tcp takes a whole number \(a port, 1-65535\)/);
    expect(parseWhyArgs(['H1', 'H2', '--tcp', '0'])).toMatch(/^--tcp takes a whole number/);
    expect(parseWhyArgs(['H1', 'H2', '--size', 'big'])).toMatch(/^--size takes a whole number/);
  });
});
