/**
 * The part of the shell lexer that tracks what nests inside words: quotes, `$(...)`, `${...}`,
 * `$((...))` and backquotes, each kept as a frame with the place it was opened.
 */
import type { FrameKind } from './shell-grammar.js';
import type { Frame } from './shell-unclosed.js';

/** The frame stack and the scanning of quotes and substitutions; `ShellLexer` adds the rest. */
export abstract class FrameLexer {
  /** Open frames, innermost last. */
  protected stack: Frame[] = [];
  /** True when the next word is in command position (where reserved words count). */
  protected cmdPos = true;

  /** True inside a quote, where line ends and operators are text. */
  protected inQuote(): boolean {
    const k = this.stack.at(-1)?.kind;
    return k === 'squote' || k === 'dquote' || k === 'ansi';
  }

  /** Opens a frame; `at` is the 0-based offset of its opener in the line. */
  protected push(kind: FrameKind, opener: string, line: number, at: number): void {
    this.stack.push({ kind, opener, line, column: at + 1 });
  }

  /** Inside `"..."`, `${...}` or `$((...))`: only nested substitutions and the closer matter. */
  protected lexInner(s: string, i: number, line: number, top: FrameKind): number {
    const c = s[i];
    if (c === '\\') return i + 2;
    if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) return this.lexDollar(s, i, line);
    if (c === '`') return this.lexBacktick(i, line);
    if (top === 'dquote') {
      if (c === '"') this.stack.pop();
      return i + 1;
    }
    if (top === 'param') {
      if (c === '}') this.stack.pop();
      else if (c === '"') this.push('dquote', '"', line, i);
      else if (c === "'") this.push('squote', "'", line, i);
      return i + 1;
    }
    if (c === '(') this.push('aparen', '(', line, i);
    else if (c === ')' && top === 'aparen') this.stack.pop();
    else if (c === ')' && s[i + 1] === ')') return this.stack.pop(), i + 2;
    return i + 1;
  }

  /** `$'`, `${`, `$((` or `$(` at offset `i`; returns the offset past it. */
  protected lexDollar(s: string, i: number, line: number): number {
    const next = s[i + 1];
    if (next === "'") return this.push('ansi', "$'", line, i), i + 2;
    if (next === '{') return this.push('param', '${', line, i), i + 2;
    if (s[i + 2] === '(') return this.push('arith', '$((', line, i), i + 3;
    this.push('cmdsub', '$(', line, i);
    this.cmdPos = true;
    return i + 2;
  }

  /** A backquote at offset `i` opens a substitution or closes the open one. */
  protected lexBacktick(i: number, line: number): number {
    if (this.stack.at(-1)?.kind === 'backtick') {
      this.stack.pop();
      this.cmdPos = false;
    } else {
      this.push('backtick', '`', line, i);
      this.cmdPos = true;
    }
    return i + 1;
  }
}
