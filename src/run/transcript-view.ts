/**
 * Where a command's output first departs from its transcript, shown the way a unified diff
 * shows a hunk, but aligned by the transcript's own matching: a line that `...` covers or that
 * a `(re)` line or a `...` inside a line matched is context, never a difference.
 */
import type { ExpectedLine } from '../scenario/model.js';
import { expectedLineText } from '../scenario/expected-line-text.js';
import { alignTranscript } from './align-transcript.js';
import { linesBeforeTrailingBlanks, outputLines } from './match-transcript.js';

/** How many lines either side of the first difference are shown. */
const CONTEXT_LINES = 2;

/** One line of the view: ` ` context (an output line the transcript matched), `-` expected only, `+` output only. */
interface ViewRow {
  mark: ' ' | '-' | '+';
  text: string;
}

/**
 * The first difference between a transcript entry and a command's output, with up to two
 * lines either side: ` LINE` an output line the transcript matched, `-LINE` an expected line
 * (as written) the output has no line for, `+LINE` an output line the transcript lacks. A
 * `...` line is never listed (it matches any run of lines, none included); the lines it covers
 * are context. Blank lines at the end of the output are left out, as matching ignores them.
 * @param expected the entry's expected lines
 * @param output the command's stdout+stderr as captured
 * @returns the view's lines joined with `\n`; '' when the output matches
 */
export function transcriptView(expected: readonly ExpectedLine[], output: string): string {
  const all = outputLines(output);
  const actual = all.slice(0, linesBeforeTrailingBlanks(all));
  const rows: ViewRow[] = [];
  let i = 0;
  let j = 0;
  for (const move of alignTranscript(expected, actual)) {
    if (move === 'keep' || move === 'absorb') rows.push({ mark: ' ', text: actual[j]! });
    if (move === 'replace' || move === 'drop') rows.push({ mark: '-', text: expectedLineText(expected[i]!) });
    if (move === 'replace' || move === 'add') rows.push({ mark: '+', text: actual[j]! });
    if (move !== 'absorb' && move !== 'add') i++;
    if (move !== 'close' && move !== 'drop') j++;
  }
  const first = rows.findIndex((r) => r.mark !== ' ');
  if (first < 0) return '';
  let last = first;
  while (rows[last + 1] && rows[last + 1]!.mark !== ' ') last++;
  let after = last;
  while (after < last + CONTEXT_LINES && rows[after + 1]?.mark === ' ') after++;
  return rows
    .slice(Math.max(0, first - CONTEXT_LINES), after + 1)
    .map((r) => r.mark + r.text)
    .join('\n');
}
