/**
 * `nslab test --accept`, the pure part: the expected lines a transcript entry should have so
 * that it matches a command's actual output, keeping the author's `...` and `(re)` lines that
 * still match (as cram's interactive mode keeps its glob and regex lines).
 */
import type { ExpectedLine } from '../scenario/model.js';
import { linesBeforeTrailingBlanks, outputLines } from '../run/match-transcript.js';
import { expectedLineText } from '../scenario/expected-line-text.js';
import { literalLine, type PromptStyle } from './accept-lines.js';
import { alignTranscript } from '../run/align-transcript.js';

/** How to write the new lines. */
export interface AcceptTranscriptOptions {
  /** The block's prompt style (default `any`, which is safe in every block). */
  prompts?: PromptStyle;
}

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
 *   a block of the given prompt style they match `actual`. Blank lines at the end of the
 *   output are left out. Empty for empty output (an entry without expected lines accepts any
 *   output).
 */
export function acceptTranscript(expected: readonly ExpectedLine[], actual: string, options: AcceptTranscriptOptions = {}): string[] {
  const prompts = options.prompts ?? 'any';
  const all = outputLines(actual);
  // Blank lines at the end of the output need not be written (the comparison ignores them),
  // unless the output is nothing else: then they are all the entry can say.
  const end = linesBeforeTrailingBlanks(all);
  const lines = end > 0 ? all.slice(0, end) : all;
  const moves = alignTranscript(expected, lines);
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
  // The parser drops trailing blank lines, so the blank lines of an output that has nothing
  // else are written as regexes for the empty line.
  return out.map((line) => (end === 0 && line.literal ? '^$ (re)' : line.literal ? literalLine(line.text, prompts) : line.text));
}
