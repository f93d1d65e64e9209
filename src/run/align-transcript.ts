/**
 * The cheapest alignment of a transcript's expected lines with a command's output lines: which
 * expected line each output line goes with. `nslab test --accept` rewrites a transcript from
 * it, and a failed comparison shows its first difference from it (transcript-view.ts).
 */
import type { ExpectedLine } from '../scenario/model.js';
import { lineMatches } from './match-transcript.js';

/** One step of the alignment, read from the start of both line lists. */
export type TranscriptMove =
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
 * The cheapest alignment of expected with actual lines, as a list of moves. Costs are
 * `edits * (m + 1) + covered`: edits first, then the lines `...` covers (at most m), so the
 * sum compares like the pair. A line is kept only where it matches (`lineMatches`, the
 * comparison's own test), and a `...` line is never dropped, as it matches any run of lines.
 * @param expected a transcript entry's expected lines
 * @param actual the output's lines (`outputLines`)
 * @returns the moves, read from the start of both lists; `keep`, `replace` and `drop` (and
 *   `close`) use up an expected line, `keep`, `replace`, `absorb` and `add` an actual line
 */
export function alignTranscript(expected: readonly ExpectedLine[], actual: readonly string[]): TranscriptMove[] {
  const n = expected.length;
  const m = actual.length;
  const EDIT = m + 1;
  // cost[i][j]: the cheapest alignment of expected[i..] with actual[j..] (suffixes, so the
  // moves can be read forwards from [0][0]).
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const best: TranscriptMove[][] = Array.from({ length: n + 1 }, () => new Array<TranscriptMove>(m + 1).fill('add'));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) continue;
      const options: Array<[TranscriptMove, number]> = [];
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
  const moves: TranscriptMove[] = [];
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
