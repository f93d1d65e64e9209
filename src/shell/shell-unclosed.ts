/**
 * What the shell lexer can find still open at the end of a block, and how to say so: each
 * construct keeps where it was opened, so the problem is reported there, not at the fence.
 */
import { CLOSER, type FrameKind } from './shell-grammar.js';

/** A place in the block: 1-based file line and 1-based column within the block's content line. */
export interface Position {
  line: number;
  column: number;
}

/** An open quote, substitution or compound command. */
export interface Frame extends Position {
  kind: FrameKind;
  /** How it was opened, as written: `if`, `for`, `"`, `$(`... */
  opener: string;
}

/** A heredoc whose body is due or not yet terminated; the position is that of its `<<`. */
export interface Heredoc extends Position {
  marker: string;
  delimiter: string;
  stripTabs: boolean;
}

/** What is left open, located where it was opened (or at the dangling `\` or operator). */
export interface Unclosed extends Position {
  message: string;
}

/** The lexer's open state at the end of a block, innermost frame last. */
export interface OpenState {
  /** The first heredoc still waiting for its terminator. */
  heredoc?: Heredoc;
  /** The innermost open frame. */
  frame?: Frame;
  /** Where the last line's trailing `\` is, when it has one. */
  continued?: Position;
  /** A trailing `|`, `&&`, `||` or `|&` and where it is. */
  trailingOp?: Position & { op: string };
  /** The name of a function defined without a body. */
  needBody?: Position;
}

/**
 * Describes the most pressing open construct: a heredoc first (its body swallows everything
 * after it), then the innermost frame, then a dangling `\`, operator or function.
 * @returns the message and the position to report it at; undefined when nothing is open.
 */
export function describeUnclosed(open: OpenState): Unclosed | undefined {
  const { heredoc: doc, frame, continued, trailingOp, needBody } = open;
  if (doc) {
    return at(doc, `unterminated heredoc ${doc.marker} opened on line ${doc.line} (no line "${doc.delimiter}" closes it)`);
  }
  if (frame) {
    if (frame.kind === 'squote' || frame.kind === 'dquote' || frame.kind === 'ansi') {
      return at(frame, `unclosed quote ${frame.opener} opened on line ${frame.line}`);
    }
    if (frame.kind === 'backtick') return at(frame, `unclosed backquote \` opened on line ${frame.line}`);
    return at(frame, `"${frame.opener}" opened on line ${frame.line} is not closed by "${CLOSER[frame.kind]}"`);
  }
  if (continued) return at(continued, `line ${continued.line} ends with "\\" but no line follows`);
  if (trailingOp) return at(trailingOp, `line ${trailingOp.line} ends with "${trailingOp.op}" but no command follows`);
  if (needBody) return at(needBody, `the function defined on line ${needBody.line} has no body`);
  return undefined;
}

function at(position: Position, message: string): Unclosed {
  return { line: position.line, column: position.column, message };
}
