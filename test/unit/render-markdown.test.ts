import { Chalk } from 'chalk';
import { beforeAll, describe, expect, it } from 'vitest';
import { opensWithParagraph, renderMarkdown } from '../../src/view/terminal/render-markdown.js';
import { loadTextWidth, textWidth } from '../../src/util/text-width.js';

const plain = new Chalk({ level: 0 });
const color = new Chalk({ level: 1 });

// Exact widths for the CJK cases (a run loads them when its prose has such tables: prepareToRender).
beforeAll(loadTextWidth);

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

  it('lays a GFM table out in aligned columns, the header ruled off, right-aligned columns to the right', () => {
    const table = '| namespace | address | hops |\n|---|---|--:|\n| H1 | `10.0.1.2/24` | 1 |\n| R | 10.0.1.1/24 | 12 |';
    expect(renderMarkdown(`Before.\n\n${table}\n\nAfter.`, plain)).toBe(
      [
        'Before.',
        '',
        'namespace  address      hops',
        '─────────  ───────────  ────',
        'H1         10.0.1.2/24     1',
        'R          10.0.1.1/24    12',
        '',
        'After.',
      ].join('\n'),
    );
  });

  it('pads table cells by what the terminal shows, not by their colour codes', () => {
    const lines = renderMarkdown('| a | b |\n|---|---|\n| `long code` | x |\n| y | z |', color).split('\n');
    const visible = lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));
    expect(visible).toEqual(['a          b', '─────────  ─', 'long code  x', 'y          z']);
    expect(lines[0]).toContain('\x1b[1m');
  });

  it('strikes through ~~text~~ and shows an image as its alt text', () => {
    // Without colour the markers stay: "old" must not read as if it stood.
    expect(renderMarkdown('~~old~~ new ![the topology](topo.png)', plain)).toBe('~~old~~ new [image: the topology]');
    expect(renderMarkdown('~~old~~', color)).toBe('\x1b[9mold\x1b[29m');
  });

  it('counts a CJK character as two terminal columns when it pads a table', () => {
    expect(renderMarkdown('| 名前 | x |\n|---|---|\n| ab | y |', plain).split('\n')).toEqual(['名前  x', '────  ─', 'ab    y']);
  });

  it('shows an autolink once, and keeps the bar on the blank line between paragraphs of a quote', () => {
    expect(renderMarkdown('See <https://example.org/a>.', plain)).toBe('See https://example.org/a.');
    expect(renderMarkdown('> first\n>\n> second', plain)).toBe('│ first\n│\n│ second');
  });

  it('tells whether text opens with a paragraph (a label may then share its first line)', () => {
    expect(opensWithParagraph('*Look* at the route table.')).toBe(true);
    expect(opensWithParagraph('| a | b |\n|---|---|\n| 1 | 2 |')).toBe(false);
    expect(opensWithParagraph('- one\n- two')).toBe(false);
    expect(opensWithParagraph('```\nip route\n```')).toBe(false);
  });

  it('shows a table wider than the terminal one record at a time, header names before the values', () => {
    const table = '| namespace | address | note |\n|---|---|---|\n| H1 | 10.0.1.2/24 | the first host |\n| R | 10.0.1.1/24 | |';
    expect(renderMarkdown(table, plain, 30)).toBe(
      ['namespace: H1', 'address:   10.0.1.2/24', 'note:      the first host', '', 'namespace: R', 'address:   10.0.1.1/24', 'note:'].join('\n'),
    );
    expect(renderMarkdown(table, plain, 80).split('\n')[0]).toBe('namespace  address      note');
  });

  describe('wrapping prose to the terminal', () => {
    const prose =
      'Each link is a veth pair: two virtual Ethernet interfaces joined back to back. We name each end after the namespace it belongs in, create the pairs, then move every end into its namespace. An interface that is moved disappears from the namespace it left.';
    const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

    it.each([80, 120, 40])('breaks at spaces only, every line at most %i columns', (columns) => {
      const lines = renderMarkdown(prose, plain, columns).split('\n');
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
      // Every word whole, in order, nothing lost or added.
      expect(lines.join(' ')).toBe(prose);
      // Greedy: the next line's first word would not have fitted.
      lines.slice(1).forEach((line, i) => expect(lines[i]!.length + 1 + line.split(' ')[0]!.length).toBeGreaterThan(columns));
    });

    it('keeps the quote bar, the list marker\'s indentation and the item number on every line', () => {
      const out = renderMarkdown(`> ${prose}\n\n1. ${prose}\n2. two`, plain, 60).split('\n');
      const quote = out.slice(0, out.indexOf(''));
      expect(quote.length).toBeGreaterThan(3);
      for (const line of quote) expect(line).toMatch(/^│ \S/);
      const item = out.slice(out.findIndex((l) => l.startsWith('1. ')), out.findIndex((l) => l.startsWith('2. ')));
      expect(item.length).toBeGreaterThan(3);
      for (const line of item.slice(1)) expect(line).toMatch(/^ {3}\S/);
      for (const line of out) expect(line.length).toBeLessThanOrEqual(60);
    });

    it('never breaks inline code, a link\'s address or a code block, and cuts an over-long word at the width', () => {
      const out = renderMarkdown('Now type `ip netns exec R sysctl -w net.ipv4.ip_forward=1` and see [the manual](https://man7.org/linux/man-pages/man8/ip-netns.8.html) for more.\n\n```\nip link add H1-eth0 type veth peer name R-eth1 # a long line of code is not wrapped at all\n```', plain, 30);
      const lines = out.split('\n');
      expect(lines).toContain('ip netns exec R sysctl -w net.ipv4.ip_forward=1');
      expect(lines).toContain('(https://man7.org/linux/man-pages/man8/ip-netns.8.html)');
      expect(lines).toContain('  ip link add H1-eth0 type veth peer name R-eth1 # a long line of code is not wrapped at all');
      expect(renderMarkdown('A path: /sys/class/net/H1-eth0/queues/rx-0/rps_cpus ok', plain, 20).split('\n')).toEqual(['A path:', '/sys/class/net/H1-et', 'h0/queues/rx-0/rps_c', 'pus ok']);
    });

    it('closes every colour at the end of its line, so a quote bar or indentation is never painted', () => {
      const lines = renderMarkdown(`> **${prose}**`, color, 50).split('\n');
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) {
        expect(line).toMatch(/^\x1b\[2m│ \x1b\[22m\x1b\[1m/);
        expect(line.endsWith('\x1b[22m')).toBe(true);
        expect(visible(line).length).toBeLessThanOrEqual(50);
      }
    });

    it('counts CJK as two columns and leaves room for a label on the first line', () => {
      const lines = renderMarkdown('ルーター は 二つ の ネットワーク を つなぐ', plain, 20).split('\n');
      expect(lines).toEqual(['ルーター は 二つ の', 'ネットワーク を', 'つなぐ']);
      for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(20);
      const hint = renderMarkdown(prose, plain, 40, 'Hint 1/2: '.length).split('\n');
      expect(hint[0]!.length).toBeLessThanOrEqual(30);
      expect(hint[1]!.length).toBeGreaterThan(30);
    });

    it('wraps at 80 columns when standard output is not a terminal', () => {
      const lines = renderMarkdown(prose, plain).split('\n');
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
      expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThan(70);
    });
  });
});
