/**
 * `nslab test --accept`, the pure part: the expected lines a transcript entry should have so
 * that it matches a command's actual output, keeping the author's `...` and `(re)` lines that
 * still match (as cram's interactive mode keeps its glob and regex lines).
 */
import type { ExpectedLine } from '../scenario/model.js';
import { outputLines } from '../run/match-transcript.js';
import { expectedLineText } from '../scenario/expected-line-text.js';
import { lineMatches, literalLine, type PromptStyle } from './accept-lines.js';

/** How to write the new lines. */
export interface AcceptTranscriptOptions {
  /** The block's prompt style (default `any`, which is safe in every block). */
  prompts?: PromptStyle;
}

/** One step of the alignment, read from the start of both line lists. */
type Move =
  /** The expected line still matches the actual line: kept as written. */
  | 'keep'
  /** A `...` line covers one more actual line (it stays on the same expected line). */
  | 'absorb'
  /** A `...` line ends its run (possibly empty): kept. */
  | 'close'
  /** The expected line does not match: the actual line is written instead. */
  | 'replace'
  /** The expected line goes (the output has no line for it). */
  | 'drop'
  /** A new actual line is written before the expected line. */
  | 'add';

/**
 * Computes the new expected lines of a transcript entry from its old ones and the actual
 * output. The old lines are aligned with the actual lines at the smallest number of edits
 * (a replaced, dropped or added line costs one); among equal alignments, the one where `...`
 * lines cover the fewest lines wins, so a changed line after `...` is written out rather than
 * swallowed. An old `(re)` line or text line with `...` aligned with a line it matches is kept as
 * written, and a `...` line is always kept (it matches any run of lines, an empty one
 * included); every other actual line is written literally — as an escaped `(re)` line where the
 * literal text would be read back as something else (see `literalLine`).
 * @param expected the entry's old expected lines
 * @param actual the command's stdout+stderr as captured
 * @returns the new expected lines, as text (no container prefix, no line ends); parsed back in
 *   a block of the given prompt style they match `actual`. Empty for empty output (an entry
 *   without expected lines accepts any output).
 */
export function acceptTranscript(expected: readonly ExpectedLine[], actual: string, options: AcceptTranscriptOptions = {}): string[] {
  const prompts = options.prompts ?? 'any';
  const lines = outputLines(actual);
  const moves = align(expected, lines);
  const out: Array<{ text: string; literal: boolean }> = [];
  let i = 0;
  let j = 0;
  for (const move of moves) {
    switch (move) {
      case 'keep':
        out.push({ text: expectedLineText(expected[i++]!), literal: false });
        j++;
        break;
      case 'absorb':
        j++;
        break;
      case 'close':
        out.push({ text: '...', literal: false });
        i++;
        break;
      case 'replace':
        out.push({ text: lines[j++]!, literal: true });
        i++;
        break;
      case 'drop':
        i++;
        break;
      case 'add':
        out.push({ text: lines[j++]!, literal: true });
    }
  }
  // The parser drops trailing blank lines, so a blank line the output ends with is written as
  // a regex for the empty line.
  let end = out.length;
  while (end > 0 && out[end - 1]!.text.trim() === '') end--;
  return out.map((line, index) =>
    index >= end ? '^$ (re)' : line.literal ? literalLine(line.text, prompts) : line.text,
  );
}

/**
 * The cheapest alignment of expected with actual lines, as a list of moves. Costs are
 * `edits * (m + 1) + covered`: edits first, then the lines `...` covers (at most m), so the
 * sum compares like the pair.
 */
function align(expected: readonly ExpectedLine[], actual: readonly string[]): Move[] {
  const n = expected.length;
  const m = actual.length;
  const EDIT = m + 1;
  // cost[i][j]: the cheapest alignment of expected[i..] with actual[j..] (suffixes, so the
  // moves can be read forwards from [0][0]).
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const best: Move[][] = Array.from({ length: n + 1 }, () => new Array<Move>(m + 1).fill('add'));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) continue;
      const options: Array<[Move, number]> = [];
      const line = expected[i];
      if (line?.kind === 'any-lines') {
        options.push(['close', cost[i + 1]![j]!]);
        if (j < m) options.push(['absorb', 1 + cost[i]![j + 1]!]);
      } else if (line) {
        if (j < m && lineMatches(line, actual[j]!)) options.push(['keep', cost[i + 1]![j + 1]!]);
        if (j < m) options.push(['replace', EDIT + cost[i + 1]![j + 1]!]);
        options.push(['drop', EDIT + cost[i + 1]![j]!]);
      }
      if (j < m) options.push(['add', EDIT + cost[i]![j + 1]!]);
      // The first of equal options wins: the order above prefers keeping the author's lines.
      let [move, value] = options[0]!;
      for (const [m2, v] of options) if (v < value) [move, value] = [m2, v];
      cost[i]![j] = value;
      best[i]![j] = move;
    }
  }
  const moves: Move[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const move = best[i]![j]!;
    moves.push(move);
    if (move === 'keep' || move === 'replace' || move === 'close' || move === 'drop') i++;
    if (move === 'keep' || move === 'replace' || move === 'absorb' || move === 'add') j++;
  }
  return moves;
}
