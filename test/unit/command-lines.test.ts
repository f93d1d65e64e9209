import { describe, expect, it } from 'vitest';
import { commandLines } from '../../src/view/terminal/command-lines.js';

const TCPDUMP = 'ip netns exec S tcpdump --immediate-mode -i S-eth1 -n -U -w /tmp/s-eth1.pcap icmp';

/** The command a shell reads from the lines: continuations joined, the indent dropped. */
const asShellReads = (lines: string[]) => lines.map((l, i) => (i === 0 ? l : l.trimStart())).join('\n').replace(/ \\\n/g, ' ');

describe('commandLines', () => {
  it('leaves a command that fits, or one of several lines, as it is', () => {
    expect(commandLines('ip netns add H1', 80, 4, 4)).toEqual(['ip netns add H1']);
    expect(commandLines(TCPDUMP, undefined, 4, 4)).toEqual([TCPDUMP]);
    expect(commandLines(`cat <<EOF\n${TCPDUMP} ${TCPDUMP}\nEOF`, 40, 4, 4)).toEqual(['cat <<EOF', `${TCPDUMP} ${TCPDUMP}`, 'EOF']);
  });

  it('breaks between words with a ` \\` continuation, every line within the width', () => {
    const lines = commandLines(TCPDUMP, 80, 4, 4);
    expect(lines).toEqual(['ip netns exec S tcpdump --immediate-mode -i S-eth1 -n -U -w \\', '  /tmp/s-eth1.pcap icmp']);
    expect(4 + lines[0]!.length).toBeLessThanOrEqual(80);
    expect(asShellReads(lines)).toBe(TCPDUMP);
  });

  it('never breaks inside quotes, a substitution or braces, nor in a comment', () => {
    const quoted = `ip netns exec H1 sh -c "echo one two three four five six seven" $(printf '%s' a b c) \${X:-a b} # a comment that runs long`;
    const lines = commandLines(quoted, 30, 2, 2);
    expect(asShellReads(lines)).toBe(quoted);
    for (const whole of ['"echo one two three four five six seven"', "$(printf '%s' a b c)", '${X:-a b}', '# a comment that runs long']) {
      expect(lines.some((l) => l.includes(whole))).toBe(true);
    }
  });

  it('keeps a word wider than the line whole, on a line of its own', () => {
    const long = `ping ${'x'.repeat(50)} -c 1`;
    expect(commandLines(long, 30, 2, 2)).toEqual(['ping \\', `  ${'x'.repeat(50)} \\`, '  -c 1']);
  });
});
