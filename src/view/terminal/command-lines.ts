/**
 * A shell command laid out for a terminal: a command too long for its line is broken only
 * where a shell allows it, between two words, with a ` \` at the end of each broken line —
 * what a person copies from the screen is still the same command (bash(1), QUOTING: a
 * backslash before a newline is a line continuation). Never inside quotes, a `$(...)`, a
 * subshell or braces, and never inside a comment (there a backslash continues nothing). A
 * word wider than the line stays whole, for the terminal to fold.
 */
import { textWidth } from '../../util/text-width.js';

/** What ends a broken line. */
export const CONTINUATION = ' \\';

/** Before each line after a break, past the caller's indent: the words on it read as the command's arguments. */
const CONTINUED = '  ';

/**
 * Where a single-line command may be broken: the runs of blanks between words at the top
 * level, outside quotes and before any comment.
 * @returns [start, end) offsets of each run of blanks
 */
function breakableGaps(text: string): Array<[number, number]> {
  const gaps: Array<[number, number]> = [];
  let depth = 0;
  let quote: "'" | '"' | '`' | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      continue;
    }
    if (ch === '\\') {
      i++;
      continue;
    }
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(' || ch === '{') depth++;
    else if ((ch === ')' || ch === '}') && depth > 0) depth--;
    else if (ch === ' ' || ch === '\t') {
      let end = i;
      while (text[end] === ' ' || text[end] === '\t') end++;
      // A comment runs to the end of the line: nothing after it is a place to break.
      if (text[end] === '#') break;
      if (depth === 0 && end < text.length) gaps.push([i, end]);
      i = end - 1;
    }
  }
  return gaps;
}

/**
 * Lays out a command at a width.
 * @param text the command as the scenario writes it; one of several lines (a heredoc, the
 *   author's own continuations) is returned as its lines, untouched
 * @param width the widest line, in terminal columns; undefined: no limit
 * @param firstLineUsed columns taken on the first line before the command (indent and prompt)
 * @param indentWidth columns the caller puts before every further line
 * @returns the lines without the caller's indent; when the command was broken, each but the
 *   last ends in {@link CONTINUATION} and each but the first starts with two more spaces
 */
export function commandLines(text: string, width: number | undefined, firstLineUsed: number, indentWidth: number): string[] {
  if (text.includes('\n') || width === undefined || firstLineUsed + textWidth(text) <= width) return text.split('\n');
  const gaps = breakableGaps(text);
  const words: string[] = [];
  let from = 0;
  for (const [start, end] of gaps) {
    words.push(text.slice(from, start));
    from = end;
  }
  words.push(text.slice(from));
  const lines: string[] = [];
  let line = words[0]!;
  let used = firstLineUsed + textWidth(line);
  let gap = 0;
  for (const word of words.slice(1)) {
    const space = text.slice(gaps[gap]![0], gaps[gap]![1]);
    gap++;
    const last = gap === gaps.length;
    const after = used + textWidth(space) + textWidth(word);
    // A line that is not the last must keep room for its ` \`.
    if (after + (last ? 0 : CONTINUATION.length) <= width) {
      line += space + word;
      used = after;
      continue;
    }
    lines.push(line + CONTINUATION);
    line = CONTINUED + word;
    used = indentWidth + textWidth(line);
  }
  lines.push(line);
  return lines;
}
