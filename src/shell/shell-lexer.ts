/**
 * A line-at-a-time shell lexer that knows only enough to tell whether the lines fed so far
 * form a complete command: quotes, escapes, substitutions, comments, compound commands
 * (reserved words only in command position), heredocs and trailing operators. It does not
 * validate syntax; stray closers are ignored, as the shell will report them far better.
 */
import { ASSIGNMENT, META, RESERVED, readHeredocMarker } from './shell-grammar.js';
import { FrameLexer } from './shell-frames.js';
import { describeUnclosed, type Heredoc, type Position, type Unclosed } from './shell-unclosed.js';

const PLAIN = /[^\s;&|()<>'"`$\\]*/y;

/** Feeds lines of shell and says when they make a complete command. */
export class ShellLexer extends FrameLexer {
  private pending: Heredoc[] = [];
  private bodies: Heredoc[] = [];
  /** The current line's trailing `\`, if it has one. */
  private continued: Position | undefined;
  /** A trailing `|`, `&&`, `||` or `|&`, kept across blank and comment lines as the shell does. */
  private trailingOp: (Position & { op: string }) | undefined;
  /** The name of a function still waiting for its body. */
  private needBody: Position | undefined;
  /** Where the last plain word started: the name of a function when `()` follows. */
  private lastWordAt: Position = { line: 0, column: 0 };
  private expectFunctionName = false;

  /**
   * Consumes one line (without its newline).
   * @param text the line.
   * @param line its 1-based file line, used to locate what `unclosed()` reports.
   */
  feed(text: string, line: number): void {
    const body = this.bodies[0];
    if (body) {
      const cmp = body.stripTabs ? text.replace(/^\t+/, '') : text;
      if (cmp === body.delimiter) this.bodies.shift();
      return;
    }
    this.continued = undefined;
    const op = this.trailingOp;
    if (!this.inQuote()) this.trailingOp = undefined;
    this.lexLine(text, line);
    // A blank or comment line after `|` or `&&` does not end the pipeline, as in the shell.
    if (/^\s*(#.*)?$/.test(text) && this.stack.length === 0) this.trailingOp = op;
    if (this.continued || this.inQuote()) return;
    this.bodies.push(...this.pending);
    this.pending = [];
    this.cmdPos = true;
  }

  /** True when everything fed so far is complete: nothing open, no heredoc body due, no trailing `\`, `|`, `&&`, `||`. */
  get complete(): boolean {
    return this.stack.length === 0 && this.pending.length === 0 && this.bodies.length === 0 &&
      !this.continued && !this.trailingOp && !this.needBody;
  }

  /**
   * Describes what is still open, e.g. `unterminated heredoc <<EOF opened on line 12`, with the
   * line and column (within its line as fed) where it was opened; undefined when complete.
   */
  unclosed(): Unclosed | undefined {
    return describeUnclosed({
      heredoc: this.bodies[0] ?? this.pending[0],
      frame: this.stack.at(-1),
      continued: this.continued,
      trailingOp: this.trailingOp,
      needBody: this.needBody,
    });
  }

  private lexLine(s: string, line: number): void {
    let i = 0;
    let wordStart = true;
    while (i < s.length) {
      const top = this.stack.at(-1)?.kind;
      const c = s[i]!;
      const next = s[i + 1];
      if (top === 'squote' || top === 'ansi') {
        if (c === '\\' && top === 'ansi') i++;
        else if (c === "'") this.stack.pop();
        i++;
        continue;
      }
      if (top === 'dquote' || top === 'param' || top === 'arith' || top === 'aparen') {
        i = this.lexInner(s, i, line, top);
        continue;
      }
      if (/\s/.test(c)) {
        wordStart = true;
        i++;
        continue;
      }
      if (c === '#' && wordStart) return;
      if (META.test(c)) {
        i = this.lexOperator(s, i, line);
        wordStart = true;
        continue;
      }
      this.trailingOp = undefined;
      if (wordStart) {
        wordStart = false;
        PLAIN.lastIndex = i;
        const word = PLAIN.exec(s)![0];
        const end = i + word.length;
        this.lexWord(word, end === s.length || META.test(s[end]!), { line, column: i + 1 });
        if (word.length > 0) {
          i = end;
          continue;
        }
      }
      if (c === '\\') {
        if (i === s.length - 1) this.continued = { line, column: i + 1 };
        i += 2;
      } else if (c === "'") this.push('squote', "'", line, i), i++;
      else if (c === '"') this.push('dquote', '"', line, i), i++;
      else if (c === '`') i = this.lexBacktick(i, line);
      else if (c === '$' && (next === "'" || next === '(' || next === '{')) i = this.lexDollar(s, i, line);
      else i++;
    }
  }

  /**
   * A plain word (no quotes or `$`) at the start of a shell word: reserved words, `{`, `}`,
   * assignments. `at` is where it starts.
   */
  private lexWord(word: string, atBoundary: boolean, at: Position): void {
    const { line } = at;
    const wasCmdPos = this.cmdPos;
    const top = this.stack.at(-1)?.kind;
    this.needBody = undefined;
    this.lastWordAt = at;
    this.cmdPos = wasCmdPos && ASSIGNMENT.test(word);
    if (this.expectFunctionName) {
      this.expectFunctionName = false;
      this.cmdPos = true;
      this.needBody = at;
      return;
    }
    if (!atBoundary) return;
    // `esac` also ends a case where a pattern is expected (`x) cmd;; esac`).
    if (word === 'esac' && top === 'case') {
      this.stack.pop();
      return;
    }
    if (!wasCmdPos) return;
    if (word === 'function') {
      this.expectFunctionName = true;
      return;
    }
    const reserved = RESERVED[word];
    if (!reserved) return;
    if (reserved.opens) this.push(reserved.opens, word, line, at.column - 1);
    if (reserved.closes && top === reserved.closes) this.stack.pop();
    this.cmdPos = reserved.commandNext;
  }

  /** `;` `&` `|` `(` `)` `<` `>` and their doubled forms. */
  private lexOperator(s: string, i: number, line: number): number {
    const c = s[i];
    const n1 = s[i + 1];
    const top = this.stack.at(-1)?.kind;
    this.trailingOp = undefined;
    this.needBody = undefined;
    this.cmdPos = true;
    switch (c) {
      case ';':
        if (n1 === ';' || n1 === '&') {
          // `;;`, `;&`, `;;&` end a case item: a pattern comes next, not a command.
          if (top === 'case') this.cmdPos = false;
          return i + (s[i + 2] === '&' ? 3 : 2);
        }
        return i + 1;
      case '&':
        if (n1 === '&') return this.setTrailingOp('&&', line, i);
        if (n1 === '>') return (this.cmdPos = false), i + 2;
        return i + 1;
      case '|':
        return this.setTrailingOp(n1 === '|' ? '||' : n1 === '&' ? '|&' : '|', line, i);
      case '(': {
        if (n1 === '(') return this.push('arith', '((', line, i), i + 2;
        const fn = /^\(\s*\)/.exec(s.slice(i));
        if (fn) {
          // `f()`: the function's name is the word just before.
          this.needBody = this.lastWordAt.line === line ? this.lastWordAt : { line, column: i + 1 };
          return i + fn[0].length;
        }
        this.push('paren', '(', line, i);
        return i + 1;
      }
      case ')':
        if (top === 'paren' || top === 'cmdsub') {
          this.stack.pop();
          this.cmdPos = false;
        }
        return i + 1;
      case '<':
        this.cmdPos = false;
        if (s.startsWith('<<<', i)) return i + 3;
        if (n1 === '<') return this.lexHeredoc(s, i, line);
        if (n1 === '(') return this.push('paren', '<(', line, i), (this.cmdPos = true), i + 2;
        return i + 1;
      case '>':
        this.cmdPos = false;
        if (n1 === '(') return this.push('paren', '>(', line, i), (this.cmdPos = true), i + 2;
        return i + 1;
      default:
        return i + 1;
    }
  }

  /** Records a trailing-able operator at offset `i`; returns the offset past it. */
  private setTrailingOp(op: string, line: number, i: number): number {
    this.trailingOp = { op, line, column: i + 1 };
    return i + op.length;
  }

  private lexHeredoc(s: string, i: number, line: number): number {
    const found = readHeredocMarker(s, i);
    if (!found) return i + 2;
    this.pending.push({ marker: found.marker, delimiter: found.delimiter, stripTabs: found.stripTabs, line, column: i + 1 });
    return found.end;
  }
}
