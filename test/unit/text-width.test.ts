import { describe, expect, it } from 'vitest';
import { loadTextWidth, loadTextWidthFor, textWidth } from '../../src/util/text-width.js';

// In order: string-width is loaded half-way, and stays loaded for the rest of this file.
describe('textWidth', () => {
  it('counts printable ASCII a column a character, colour codes none, without loading string-width', () => {
    expect(textWidth('10.0.1.2/24')).toBe(11);
    expect(textWidth('\x1b[1mbold\x1b[22m')).toBe(4);
  });

  it('before string-width is loaded, counts other text a column a code point', async () => {
    await loadTextWidthFor(['plain ASCII | only']); // loads nothing
    expect(textWidth('名前')).toBe(2);
    expect(textWidth('Ελλάδα')).toBe(6);
  });

  it('once loaded, counts CJK and emoji two columns and a combining mark none', async () => {
    await loadTextWidthFor(['| 名前 |']);
    expect(textWidth('名前')).toBe(4);
    expect(textWidth('e\u0301')).toBe(1);
    expect(textWidth('👨‍👩‍👧')).toBe(2);
    await loadTextWidth(); // again: no harm
    expect(textWidth('\x1b[36m路由器\x1b[39m')).toBe(6);
  });
});
