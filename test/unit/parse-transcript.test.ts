import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/scenario/parse-transcript.js';

const parse = (lines: string[]) => parseTranscript(lines.join('\n') + '\n', 20);

describe('parseTranscript', () => {
  it('splits commands and their expected output', () => {
    const r = parse(['$ ip netns exec H1 ip route', '10.0.1.0/24 dev H1-eth0 proto kernel', '$ sysctl net.ipv4.ip_forward', 'net.ipv4.ip_forward = 0']);
    expect(r.problems).toEqual([]);
    expect(r.entries).toEqual([
      { command: { text: 'ip netns exec H1 ip route', line: 20 }, expected: [{ kind: 'text', text: '10.0.1.0/24 dev H1-eth0 proto kernel' }], expectedLine: 21 },
      { command: { text: 'sysctl net.ipv4.ip_forward', line: 22 }, expected: [{ kind: 'text', text: 'net.ipv4.ip_forward = 0' }], expectedLine: 23 },
    ]);
  });

  it('takes "# " lines as commands in a block without any "$ " command (a root prompt)', () => {
    const r = parse(['# ip route', 'default via 10.0.1.1 dev H1-eth0', '# sysctl net.ipv4.ip_forward', 'net.ipv4.ip_forward = 0']);
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => [e.command.text, e.command.line, e.expected])).toEqual([
      ['ip route', 20, [{ kind: 'text', text: 'default via 10.0.1.1 dev H1-eth0' }]],
      ['sysctl net.ipv4.ip_forward', 22, [{ kind: 'text', text: 'net.ipv4.ip_forward = 0' }]],
    ]);
  });

  it('takes "# " lines as output when the block uses "$ " for a command, wherever it does', () => {
    const r = parse(['# cat /etc/iproute2/rt_tables', '# reserved values', '255\tlocal', '$ ip route show table local', '# not a command either']);
    expect(r.problems).toEqual([
      { line: 20, column: 1, rule: 'transcript', message: 'transcript output on line 20 has no command before it (start commands with `$ ` or `# `)' },
    ]);
    const s = parse(['$ cat /etc/iproute2/rt_tables', '# reserved values', '255\tlocal', '# local', '$ echo done', 'done']);
    expect(s.problems).toEqual([]);
    expect(s.entries.map((e) => [e.command.text, e.expected])).toEqual([
      ['cat /etc/iproute2/rt_tables', [{ kind: 'text', text: '# reserved values' }, { kind: 'text', text: '255\tlocal' }, { kind: 'text', text: '# local' }]],
      ['echo done', [{ kind: 'text', text: 'done' }]],
    ]);
  });

  it('reads ... as any lines, (re) as a whole-line regex, keeps ... inside text', () => {
    const r = parse(['$ ping -c1 10.0.0.1', 'PING 10.0.0.1 ...', '...', 'ttl=\\d+ time=[0-9.]+ ms (re)']);
    expect(r.problems).toEqual([]);
    const [e] = r.entries;
    expect(e!.expected).toEqual([
      { kind: 'text', text: 'PING 10.0.0.1 ...' },
      { kind: 'any-lines' },
      { kind: 'regex', source: 'ttl=\\d+ time=[0-9.]+ ms', regex: /^(?:ttl=\d+ time=[0-9.]+ ms)$/ },
    ]);
    const re = (e!.expected[2] as { regex: RegExp }).regex;
    expect(re.test('ttl=64 time=0.1 ms')).toBe(true);
    expect(re.test('x ttl=64 time=0.1 ms')).toBe(false);
  });

  it('anchors an alternation as a whole (a|b matches neither "ax" nor "xb")', () => {
    const re = (parse(['$ x', 'a|b (re)']).entries[0]!.expected[0] as { regex: RegExp }).regex;
    expect(['a', 'b', 'ax', 'xb'].map((s) => re.test(s))).toEqual([true, true, false, false]);
  });

  it('joins a command continued with \\ and an optional "> " prefix', () => {
    const r = parse(['$ ip link add a \\', '> type veth \\', '  peer name b', 'out']);
    expect(r.entries).toEqual([
      { command: { text: 'ip link add a \\\ntype veth \\\n  peer name b', line: 20 }, expected: [{ kind: 'text', text: 'out' }], expectedLine: 23 },
    ]);
  });

  it('drops trailing blank expected lines, keeps inner ones, expectedLine = command line when none', () => {
    const r = parse(['$ a', 'x', '', 'y', '', '', '$ b', '', '$ c']);
    expect(r.entries.map((e) => [e.expected, e.expectedLine])).toEqual([
      [[{ kind: 'text', text: 'x' }, { kind: 'text', text: '' }, { kind: 'text', text: 'y' }], 21],
      [[], 26],
      [[], 28],
    ]);
  });

  it("takes cram's [N] after a command's output as its exit status, blank lines around it dropped", () => {
    const r = parse(['$ ping -c 1 -W 1 10.0.9.9', 'PING 10.0.9.9', '', '--- stats ---', '', '[1]', '$ true', '[0]', '$ echo [1]', '[1]', 'x']);
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => [e.expected.map((l) => (l.kind === 'text' ? l.text : l.kind)), e.exitStatus])).toEqual([
      [['PING 10.0.9.9', '', '--- stats ---'], { code: 1, line: 25 }],
      [[], { code: 0, line: 27 }],
      // Only the last line is the status line: elsewhere `[1]` is output.
      [['[1]', 'x'], undefined],
    ]);
    expect(r.entries[1]!.expectedLine).toBe(26);
  });

  it('rejects an exit status past 255, at its line', () => {
    expect(parse(['$ false', '[256]']).problems).toEqual([{ line: 21, column: 1, rule: 'transcript', message: 'an exit status is 0-255, got [256]' }]);
  });

  it('strips trailing blanks of expected lines; "..." with trailing blanks is any-lines', () => {
    expect(parse(['$ a', 'x   ', '...  ']).entries[0]!.expected).toEqual([{ kind: 'text', text: 'x' }, { kind: 'any-lines' }]);
  });

  it('"$" without a space is output, not a command', () => {
    expect(parse(['$ echo $', '$']).entries[0]!.expected).toEqual([{ kind: 'text', text: '$' }]);
  });

  it('reports output before the first command once, at its first line', () => {
    const r = parse(['', 'ip route', 'more', '$ ls']);
    expect(r.problems).toEqual([
      { line: 21, column: 1, rule: 'transcript', message: 'transcript output on line 21 has no command before it (start commands with `$ ` or `# `)' },
    ]);
    expect(r.entries).toHaveLength(1);
  });

  it('reports a bad (re) regex with its line', () => {
    const r = parse(['$ ls', 'ok', '([a-z (re)']);
    expect(r.problems).toEqual([
      { line: 22, column: 1, rule: 'transcript', message: 'invalid regular expression before (re): Invalid regular expression: /^(?:([a-z)$/: Unterminated character class' },
    ]);
  });
});
