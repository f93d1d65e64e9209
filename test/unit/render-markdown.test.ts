import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/render-markdown.js';

const plain = new Chalk({ level: 0 });
const color = new Chalk({ level: 1 });

describe('renderMarkdown', () => {
  it('renders paragraphs, inline code, links and soft breaks as plain text without colour', () => {
    const text = 'A **router** joins\ntwo `subnets`, see [the seed](https://example.org/seed).\n\nSecond paragraph.';
    expect(renderMarkdown(text, plain)).toBe(
      'A router joins two subnets, see the seed (https://example.org/seed).\n\nSecond paragraph.',
    );
  });

  it('styles bold, emphasis and code with ANSI codes when the terminal has colour', () => {
    const out = renderMarkdown('**bold** *em* `code`', color);
    expect(out).toContain('\x1b[1mbold\x1b[22m');
    expect(out).toContain('\x1b[3mem\x1b[23m');
    expect(out).toContain('\x1b[36mcode\x1b[39m');
  });

  it('renders tight bullet and numbered lists one item per line', () => {
    expect(renderMarkdown('- one\n- two\n\n3. three\n4. four', plain)).toBe('• one\n• two\n\n3. three\n4. four');
  });

  it('indents the lines of a list item under its marker', () => {
    expect(renderMarkdown('- first line  \n  second line', plain)).toBe('• first line\n  second line');
  });

  it('marks block quotes with a bar and keeps code blocks verbatim, indented', () => {
    expect(renderMarkdown('> quoted\n\n```\nip netns add H1\n```', plain)).toBe('│ quoted\n\n  ip netns add H1');
  });

  it('renders headings inside a step as bold text', () => {
    expect(renderMarkdown('### Why', color)).toBe('\x1b[1mWhy\x1b[22m');
  });
});
