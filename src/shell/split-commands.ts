/**
 * Splitting the content of a `sh` block into complete shell commands.
 */
import { ShellLexer } from './shell-lexer.js';
import type { Unclosed } from './shell-unclosed.js';

export type { Unclosed } from './shell-unclosed.js';

/** One complete command of a block (scenario/model.ts's `Command`). */
export interface SplitCommand {
  /** The command's text, its lines joined with '\n' (continuations kept as written). */
  text: string;
  /** Line of its first line in the file. */
  line: number;
}

/** The commands of a block, and what is left open at its end, if anything. */
export interface SplitResult {
  /** Complete commands in order; an unfinished last command is not included. */
  commands: SplitCommand[];
  /**
   * What the block leaves open, e.g. `unterminated heredoc <<EOF opened on line 12`, with the
   * file line and the column within the content line where it was opened.
   */
  unclosed?: Unclosed;
}

/**
 * Splits shell source into commands: one line, or several when a line ends in `\`, `|`, `&&`
 * or `||`, opens a compound command, a heredoc or a quote. Blank and comment-only lines between
 * commands are dropped; inside a command they are kept.
 * @param content the block's content (a trailing newline is ignored).
 * @param firstLine the 1-based file line of the content's first line.
 * @returns the commands, each with its lines joined by `\n` and the file line of its first line.
 */
export function splitCommands(content: string, firstLine: number): SplitResult {
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const commands: SplitCommand[] = [];
  let lexer = new ShellLexer();
  let current: { lines: string[]; line: number } | undefined;
  lines.forEach((text, index) => {
    const line = firstLine + index;
    if (!current) {
      if (/^\s*(#.*)?$/.test(text)) return;
      current = { lines: [], line };
    }
    current.lines.push(text);
    lexer.feed(text, line);
    if (lexer.complete) {
      commands.push({ text: current.lines.join('\n'), line: current.line });
      current = undefined;
      lexer = new ShellLexer();
    }
  });
  const unclosed = current ? lexer.unclosed() : undefined;
  return unclosed === undefined ? { commands } : { commands, unclosed };
}
