/**
 * Matching a command's actual output against the expected lines of a transcript.
 */
import type { ExpectedLine } from '../scenario/model.js';

/** The verdict: a match, or where and why it first fails. */
export type TranscriptMatch =
  | { ok: true }
  | {
      ok: false;
      /** 0-based index into the expected lines; `expected.length` when all matched but output remains. */
      firstMismatch: number;
      /**
       * What was found, for people, quoting the actual line and the transcript's: it reads after
       * "found", e.g. `line 2 is "beta" where the transcript has "BETA"`.
       */
      detail: string;
    };

/**
 * Splits output into lines for matching: one trailing newline dropped, `\r` and trailing
 * blanks removed from each line; empty output is no lines.
 */
export function outputLines(output: string): string[] {
  if (output === '') return [];
  const body = output.endsWith('\n') ? output.slice(0, -1) : output;
  return body.split('\n').map((l) => l.replace(/\s+$/, ''));
}

/** An expected line that stands for one output line (every kind but `any-lines`). */
export type SingleExpectedLine = Exclude<ExpectedLine, { kind: 'any-lines' }>;

/**
 * Whether one expected line matches one output line, exactly as `matchTranscript` decides it.
 * @param actual one line of `outputLines` (no line end, no trailing blanks)
 */
export function lineMatches(line: SingleExpectedLine, actual: string): boolean {
  return lineMatcher(line)(actual);
}

/** A matcher for one expected line (not `any-lines`). */
function lineMatcher(line: SingleExpectedLine): (actual: string) => boolean {
  if (line.kind === 'regex') return (actual) => line.regex.test(actual);
  const text = line.text.replace(/\s+$/, '');
  if (!text.includes('...')) return (actual) => actual === text;
  const escaped = text.split('...').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`^${escaped.join('.*')}$`, 's');
  return (actual) => re.test(actual);
}

/** How an expected line reads in a message. */
function show(line: ExpectedLine): string {
  return line.kind === 'text' ? JSON.stringify(line.text) : line.kind === 'regex' ? `/${line.source}/ (re)` : '...';
}

/** `1 line`, `3 lines`. */
function lines(count: number): string {
  return `${count} line${count === 1 ? '' : 's'}`;
}

/** How many lines the output has before the blank lines it ends with. */
export function linesBeforeTrailingBlanks(actual: readonly string[]): number {
  let end = actual.length;
  while (end > 0 && actual[end - 1] === '') end--;
  return end;
}

/**
 * Matches output against expected lines: `text` lines literally (each `...` inside matches any
 * text), `regex` lines by whole-line regex, `any-lines` against any number of lines (zero
 * included). An empty expectation matches any output. Blank lines at the end of the output
 * need not be matched: a transcript pasted as the terminal showed it (iputils ping ends a run
 * without replies with a blank line) and one whose author left them out both pass, and the
 * parser drops trailing blank expected lines, which nobody can see at the end of a block.
 * @param expected the transcript entry's expected lines.
 * @param actualOutput the command's stdout+stderr as captured.
 * @returns `{ ok: true }`, or the first expected line that cannot be matched (the furthest any
 *   alignment gets) with a detail that says what the output has there, such as
 *   `line 2 is "y" where the transcript has "x"`.
 */
export function matchTranscript(expected: readonly ExpectedLine[], actualOutput: string): TranscriptMatch {
  if (expected.length === 0) return { ok: true };
  const actual = outputLines(actualOutput);
  const n = expected.length;
  const m = actual.length;
  const matchers = expected.map((e) => (e.kind === 'any-lines' ? undefined : lineMatcher(e)));
  // reach[i][j]: the first i expected lines can match exactly the first j actual lines.
  const reach: boolean[][] = Array.from({ length: n + 1 }, () => new Array<boolean>(m + 1).fill(false));
  reach[0]![0] = true;
  for (let i = 0; i < n; i++) {
    const matcher = matchers[i];
    for (let j = 0; j <= m; j++) {
      if (!reach[i]![j]) continue;
      if (!matcher) {
        for (let k = j; k <= m; k++) reach[i + 1]![k] = true;
        break;
      }
      if (j < m && matcher(actual[j]!)) reach[i + 1]![j + 1] = true;
    }
  }
  const end = linesBeforeTrailingBlanks(actual);
  if (reach[n]!.some((reached, j) => reached && j >= end)) return { ok: true };
  let i = n;
  while (i > 0 && !reach[i]!.some(Boolean)) i--;
  if (i === n) {
    let j = reach[n]!.lastIndexOf(true);
    while (actual[j] === '') j++;
    return { ok: false, firstMismatch: n, detail: `extra output after the transcript's last line: ${JSON.stringify(actual[j])}` };
  }
  // The first actual line the expected line i had to match (after `...`, any line from there on).
  const j = reach[i]!.indexOf(true);
  const want = show(expected[i]!);
  const afterAny = i > 0 && expected[i - 1]!.kind === 'any-lines';
  let detail: string;
  if (j >= m) {
    detail = m === 0
      ? `there was no output; the transcript expects ${want}`
      : `the output ended after ${lines(m)}; the transcript expects ${want} next`;
  } else if (afterAny) {
    const where = j === 0 ? '' : ` after line ${j}`;
    const verb = expected[i]!.kind === 'regex' ? 'matches' : 'is';
    detail = `no line of the output${where} ${verb} ${want}, which the transcript expects after "..."`;
  } else {
    detail = `line ${j + 1} is ${JSON.stringify(actual[j])} where the transcript has ${want}`;
  }
  return { ok: false, firstMismatch: i, detail };
}
