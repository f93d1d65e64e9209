import { describe, expect, it } from 'vitest';
import { matchTranscript } from '../../src/run/match-transcript.js';
import type { ExpectedLine, TranscriptEntry } from '../../src/scenario/model.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { parseTranscript } from '../../src/scenario/parse-transcript.js';
import { acceptTranscript } from '../../src/test-scenario/accept-transcript.js';
import { literalLine, needsEscape, regexLine, type PromptStyle } from '../../src/test-scenario/accept-lines.js';

/** The expected lines of one transcript entry written as `lines`. */
function expected(...lines: string[]): ExpectedLine[] {
  return parseTranscript(['$ cmd', ...lines].join('\n') + '\n', 1).entries[0]!.expected;
}

/**
 * Writes `lines` as the output of the first command of a transcript in a whole scenario file
 * (a second command after it, so that blank lines at its end stay in the block) and parses
 * the file back, as `nslab test` will read it.
 */
function reparse(lines: string[], prompts: PromptStyle): TranscriptEntry[] {
  const p = prompts === 'dollar' ? '$ ' : '# ';
  const source = ['---', 'title: t', '---', '# t', '## s', '```console', `${p}cmd`, ...lines, `${p}next`, 'done', '```', ''].join('\n');
  const parsed = parseScenario(source, 't.md');
  expect(parsed.problems).toEqual([]);
  if (!parsed.ok) throw new Error('does not parse');
  const block = parsed.scenario.steps[0]!.blocks[0]!;
  if (block.kind !== 'transcript') throw new Error('not a transcript');
  return block.entries;
}

/** Accepts `actual` and checks the round trip: the new lines, read back, match it. */
function accept(old: ExpectedLine[], actual: string, prompts: PromptStyle = 'dollar'): string[] {
  const lines = acceptTranscript(old, actual, { prompts });
  const entries = reparse(lines, prompts);
  expect(entries.map((e) => e.command.text)).toEqual(['cmd', 'next']);
  expect(matchTranscript(entries[0]!.expected, actual)).toEqual({ ok: true });
  return lines;
}

describe('acceptTranscript', () => {
  it('replaces the lines that differ with the actual ones', () => {
    expect(accept(expected('hello', 'there'), 'hello\nworld\n')).toEqual(['hello', 'world']);
    expect(accept(expected('a', 'b', 'c'), 'a\nc\n')).toEqual(['a', 'c']);
    expect(accept(expected('a', 'b'), 'new\na\nb\n')).toEqual(['new', 'a', 'b']);
    expect(accept(expected('x'), 'a\nb\nc\n')).toEqual(['a', 'b', 'c']);
  });

  it('keeps (re) lines and text lines with ... that still match, as written', () => {
    const old = expected('inet 10.0.1.2/24 ... scope global H1-eth0', 'ttl=\\d+ time=[0-9.]+ ms (re)', 'gone');
    expect(accept(old, 'inet 10.0.1.2/24 brd 10.0.1.255 scope global H1-eth0\nttl=64 time=0.1 ms\nnew\n')).toEqual([
      'inet 10.0.1.2/24 ... scope global H1-eth0',
      'ttl=\\d+ time=[0-9.]+ ms (re)',
      'new',
    ]);
  });

  it('writes the literal line where a (re) or ... line no longer matches', () => {
    expect(accept(expected('\\d+ packets (re)', 'a...z'), 'many packets\nabc\n')).toEqual(['many packets', 'abc']);
  });

  it('keeps a ... line and lets it cover the lines nobody wrote down', () => {
    expect(accept(expected('first', '...', 'last'), 'first\nx\ny\nLAST\n')).toEqual(['first', '...', 'LAST']);
    expect(accept(expected('...', 'x'), 'a\nb\nc\n')).toEqual(['...', 'c']);
    expect(accept(expected('a', '...'), 'b\nc\n')).toEqual(['b', '...']);
    // A run of zero lines is still a run: `...` stays where the author put it.
    expect(accept(expected('a', '...', 'b'), 'a\nc\n')).toEqual(['a', '...', 'c']);
  });

  it('returns no lines for empty output (an entry without expected lines takes any output)', () => {
    expect(accept(expected('a'), '')).toEqual([]);
  });

  it('keeps blank lines inside the output and leaves out those at its end, unless the output is nothing else', () => {
    expect(accept(expected('a', 'b'), 'a\n\nb\n')).toEqual(['a', '', 'b']);
    // The comparison ignores them (a transcript may show them or not).
    expect(accept(expected('a'), 'a\n\n\n')).toEqual(['a']);
    expect(accept(expected('a', '^$ (re)'), 'b\n')).toEqual(['b']);
    expect(accept(expected('a'), '\n')).toEqual(['^$ (re)']);
    expect(accept(expected('...', 'a'), '\n\n')).toEqual(['...', '^$ (re)']);
  });

  it('escapes actual lines that would read back as something else', () => {
    expect(accept(expected('x'), '...\n')).toEqual(['\\.\\.\\. (re)']);
    expect(accept(expected('x'), 'see (re)\n')).toEqual(['see \\(re\\) (re)']);
    expect(accept(expected('x'), '$ not a command\n')).toEqual(['\\$ not a command (re)']);
    expect(accept(expected('x'), '```\n')).toEqual(['\\x60\\x60\\x60 (re)']);
    expect(accept(expected('x'), '  ~~~~ q\n')).toEqual(['  \\x7e\\x7e\\x7e\\x7e q (re)']);
    expect(accept(expected('x'), '10%\r20%\n')).toEqual(['10%\\x0d20% (re)']);
  });

  it('escapes "# " lines only where "# " starts commands', () => {
    expect(accept(expected('x'), '# comment\n', 'dollar')).toEqual(['# comment']);
    expect(accept(expected('x'), '# comment\n', 'any')).toEqual(['\\# comment (re)']);
    // A `$ ` line in a `# ` block would turn every `# ` command into output.
    expect(accept(expected('x'), '$ x\n', 'any')).toEqual(['\\$ x (re)']);
  });

  it('leaves harmless look-alikes alone', () => {
    expect(accept(expected('x'), '  ...\nLoading...\n$5\n#5\n(re)\n')).toEqual(['  ...', 'Loading...', '$5', '#5', '(re)']);
  });

  it('round-trips and is idempotent on random transcripts', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const oldPool = ['a', 'b', 'c', '', '...', 'a...', '...c', '[ab] (re)', '.* (re)', 'x', '# a'];
    const actualPool = ['a', 'b', 'c', '', '...', '$ a', '# a', 'a (re)', '```', 'a.b', 'x\ry', '  ...', 'ab', 'x'];
    for (let run = 0; run < 400; run++) {
      const oldLines = Array.from({ length: random(6) }, () => oldPool[random(oldPool.length)]!);
      const lines = Array.from({ length: random(7) }, () => actualPool[random(actualPool.length)]!);
      const actual = lines.length === 0 ? '' : lines.join('\n') + '\n';
      for (const prompts of ['dollar', 'any'] as const) {
        // A `# ` line is output only in a `$ ` block.
        const old = expected(...oldLines.filter((l) => prompts === 'dollar' || !l.startsWith('# ')));
        const once = accept(old, actual, prompts);
        // Output that matches the new lines changes nothing when accepted again.
        expect(acceptTranscript(reparse(once, prompts)[0]!.expected, actual, { prompts })).toEqual(once);
      }
    }
  });
});

describe('literalLine', () => {
  it('is the line itself unless it needs escaping', () => {
    expect(literalLine('net.ipv4.ip_forward = 1', 'dollar')).toBe('net.ipv4.ip_forward = 1');
    expect(needsEscape('# x', 'dollar')).toBe(false);
    expect(needsEscape('# x', 'any')).toBe(true);
  });

  it('regexLine escapes every regex special', () => {
    const text = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o';
    const line = regexLine(text);
    const entry = expected(line)[0]!;
    expect(entry.kind).toBe('regex');
    expect(matchTranscript([entry], text).ok).toBe(true);
    expect(matchTranscript([entry], text.replace('.', 'x')).ok).toBe(false);
  });
});
