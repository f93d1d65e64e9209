import { beforeAll, describe, expect, it } from 'vitest';
import { renderTable } from '../../src/view/terminal/table.js';
import { loadTextWidth } from '../../src/util/text-width.js';

// Exact widths for the CJK cases (a run loads them when its prose has such tables: prepareToRender).
beforeAll(loadTextWidth);

describe('renderTable', () => {
  it('pads each column to its widest cell, two spaces apart, the last column unpadded', () => {
    expect(renderTable([[{ text: 'FILE' }, { text: 'STEPS' }], [{ text: 'l3-router.md' }, { text: '9' }]])).toBe(
      'FILE          STEPS\nl3-router.md  9\n',
    );
  });

  it('pads by terminal columns: a CJK title takes two columns a character', () => {
    const out = renderTable([
      [{ text: '路由器' }, { text: 'x' }],
      [{ text: 'router' }, { text: 'y' }],
    ]);
    expect(out).toBe('路由器  x\nrouter  y\n');
  });

  it('applies colour after padding, so escape codes do not shift the columns', () => {
    const bold = (s: string) => `\x1b[1m${s}\x1b[22m`;
    expect(renderTable([[{ text: 'a', paint: bold }, { text: 'b' }], [{ text: 'ccc' }, { text: 'd' }]])).toBe(
      '\x1b[1ma  \x1b[22m  b\nccc  d\n',
    );
  });
});
