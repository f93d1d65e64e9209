import { describe, expect, it } from 'vitest';
import { CappedOutput } from '../../src/sandbox/capped-output.js';

describe('CappedOutput', () => {
  it('keeps everything under the cap', () => {
    const c = new CappedOutput(100);
    c.push(Buffer.from('hello '));
    c.push(Buffer.from('world'));
    expect(c.text()).toBe('hello world');
    expect(c.cut).toBe(0);
  });

  it('keeps head and tail and says how much was cut', () => {
    const c = new CappedOutput(10);
    for (const ch of 'abcdefghijklmnopqrstuvwxyz') c.push(Buffer.from(ch));
    expect(c.text()).toBe('abcde\n[... 16 bytes cut ...]\nvwxyz');
  });

  it('trims inside a large chunk', () => {
    const c = new CappedOutput(4);
    c.push(Buffer.from('0123456789'));
    expect(c.text()).toBe('01\n[... 6 bytes cut ...]\n89');
  });
});
