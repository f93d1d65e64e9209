/**
 * Parsing the content of a `console` block: `$ command` lines and the output expected after each.
 */
import type { ExpectedLine, TranscriptEntry } from './model.js';
import type { LocalProblem } from './problem.js';

const ANY_PROMPT = /^[$#] /;
const DOLLAR_PROMPT = /^\$ /;

/**
 * Parses a transcript. A line starting with `$ ` or `# ` is a command (a command line ending
 * in `\` continues on the next line, which may start with `> `); the lines after it, up to the
 * next command, are its expected output: `...` alone is any number of lines, `TEXT (re)` a regex
 * for the whole line, anything else literal text. Trailing blank expected lines are dropped
 * (matching ignores blank lines at the end of the output too, see match-transcript.ts), and a
 * last line `[N]` is cram's exit-status line: it becomes the entry's `exitStatus`.
 * When any command of the block starts with `$ `, only `$ ` starts commands: lines starting
 * with `# ` are then output (comment lines of a config file, `# ` lines of `ip` output...).
 * @param content the block's content (a trailing newline is ignored).
 * @param firstLine the 1-based file line of the content's first line.
 * @returns the entries, and problems (rule `transcript`): output before the first command
 *   (reported once, at its first line), invalid `(re)` regexes and `[N]` past 255.
 */
export function parseTranscript(content: string, firstLine: number): { entries: TranscriptEntry[]; problems: LocalProblem[] } {
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const entries: TranscriptEntry[] = [];
  const problems: LocalProblem[] = [];
  let entry: TranscriptEntry | undefined;
  let continuing = false;
  let orphanReported = false;
  // Where each expected line stands, for a problem with a `[N]` line found after the loop.
  const lineOf = new Map<ExpectedLine, number>();
  // Decided for the whole block up front: a `# ` line means the same thing wherever it is.
  const prompt = lines.some((l) => DOLLAR_PROMPT.test(l)) ? DOLLAR_PROMPT : ANY_PROMPT;
  lines.forEach((text, index) => {
    const line = firstLine + index;
    if (continuing && entry) {
      const part = text.startsWith('> ') ? text.slice(2) : text === '>' ? '' : text;
      entry.command.text += `\n${part}`;
      continuing = part.endsWith('\\');
      return;
    }
    if (prompt.test(text)) {
      const command = text.slice(2);
      entry = { command: { text: command, line }, expected: [], expectedLine: line };
      entries.push(entry);
      continuing = command.endsWith('\\');
      return;
    }
    if (!entry) {
      if (text.trim() !== '' && !orphanReported) {
        orphanReported = true;
        problems.push({
          line, column: 1, rule: 'transcript',
          message: `transcript output on line ${line} has no command before it (start commands with \`$ \` or \`# \`)`,
        });
      }
      return;
    }
    if (entry.expected.length === 0) entry.expectedLine = line;
    const expected = parseExpectedLine(text, line, problems);
    if (expected) {
      entry.expected.push(expected);
      lineOf.set(expected, line);
    }
  });
  for (const e of entries) {
    while (isBlank(e.expected.at(-1))) e.expected.pop();
    const status = exitStatusOf(e.expected.at(-1));
    if (status !== undefined) {
      const line = lineOf.get(e.expected.pop()!)!;
      if (status <= 255) e.exitStatus = { code: status, line };
      else problems.push({ line, column: 1, rule: 'transcript', message: `an exit status is 0-255, got [${status}]` });
      while (isBlank(e.expected.at(-1))) e.expected.pop();
    }
    if (e.expected.length === 0) e.expectedLine = e.command.line;
  }
  return { entries, problems };
}

/** cram's exit-status line, `[1]`: the status, or undefined for any other line. */
function exitStatusOf(line: ExpectedLine | undefined): number | undefined {
  const match = line?.kind === 'text' ? /^\[(\d+)\]$/.exec(line.text) : null;
  return match ? Number(match[1]) : undefined;
}

function isBlank(line: ExpectedLine | undefined): boolean {
  return line?.kind === 'text' && line.text.trim() === '';
}

/** One output line → expectation; undefined (and a problem) for a bad `(re)` line. */
function parseExpectedLine(text: string, line: number, problems: LocalProblem[]): ExpectedLine | undefined {
  const trimmed = text.trimEnd();
  if (trimmed === '...') return { kind: 'any-lines' };
  if (trimmed.endsWith(' (re)')) {
    const source = trimmed.slice(0, -' (re)'.length);
    try {
      return { kind: 'regex', source, regex: new RegExp(`^(?:${source})$`) };
    } catch (err) {
      problems.push({ line, column: 1, rule: 'transcript', message: `invalid regular expression before (re): ${(err as Error).message}` });
      return undefined;
    }
  }
  return { kind: 'text', text: trimmed };
}
