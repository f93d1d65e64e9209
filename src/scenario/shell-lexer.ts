/**
 * A line-at-a-time shell lexer that knows only enough to tell whether the lines fed so far
 * form a complete command: quotes, escapes, substitutions, comments, compound commands
 * (reserved words only in command position), heredocs and trailing operators. It does not
 * validate syntax; stray closers are ignored, as the shell will report them far better.
 */
import { CLOSER, META, RESERVED, readHeredocMarker, type FrameKind } from './shell-grammar.js';

interface Frame {
  kind: FrameKind;
  /** How it was opened, as written: `if`, `for`, `"`, `$(`... */
  opener: string;
  line: number;
}

interface Heredoc {
  marker: string;
  delimiter: string;
  stripTabs: boolean;
  line: number;
}

const PLAIN = /[^\s;&|()<>'"`$\\]*/y;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

/** Feeds lines of shell and says when they make a complete command. */
export class ShellLexer {
  private stack: Frame[] = [];
  private pending: Heredoc[] = [];
  private bodies: Heredoc[] = [];
  private continued = false;
  private trailingOp: string | undefined;
  private needBody = false;
  private cmdPos = true;
  private expectFunctionName = false;
  private lastLine = 0;

  /**
   * Consumes one line (without its newline).
   * @param text the line.
   * @param line its 1-based file line, used in `unclosed()` messages.
   */
  feed(text: string, line: number): void {
    this.lastLine = line;
    const body = this.bodies[0];
    if (body) {
      const cmp = body.stripTabs ? text.replace(/^\t+/, '') : text;
      if (cmp === body.delimiter) this.bodies.shift();
      return;
    }
    this.continued = false;
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
      !this.continued && this.trailingOp === undefined && !this.needBody;
  }

  /** Describes what is still open, e.g. `unterminated heredoc <<EOF opened on line 12`; undefined when complete. */
  unclosed(): string | undefined {
    const doc = this.bodies[0] ?? this.pending[0];
    if (doc) return `unterminated heredoc ${doc.marker} opened on line ${doc.line} (no line "${doc.delimiter}" closes it)`;
    const top = this.stack.at(-1);
    if (top) {
      if (top.kind === 'squote' || top.kind === 'dquote' || top.kind === 'ansi') {
        return `unclosed quote ${top.opener} opened on line ${top.line}`;
      }
      if (top.kind === 'backtick') return `unclosed backquote \` opened on line ${top.line}`;
      return `"${top.opener}" opened on line ${top.line} is not closed by "${CLOSER[top.kind]}"`;
    }
    if (this.continued) return `line ${this.lastLine} ends with "\\" but no line follows`;
    if (this.trailingOp) return `line ${this.lastLine} ends with "${this.trailingOp}" but no command follows`;
    if (this.needBody) return `the function defined on line ${this.lastLine} has no body`;
    return undefined;
  }

  private inQuote(): boolean {
    const k = this.stack.at(-1)?.kind;
    return k === 'squote' || k === 'dquote' || k === 'ansi';
  }

  private push(kind: FrameKind, opener: string, line: number): void {
    this.stack.push({ kind, opener, line });
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
        this.lexWord(word, end === s.length || META.test(s[end]!), line);
        if (word.length > 0) {
          i = end;
          continue;
        }
      }
      if (c === '\\') {
        if (i === s.length - 1) this.continued = true;
        i += 2;
      } else if (c === "'") this.push('squote', "'", line), i++;
      else if (c === '"') this.push('dquote', '"', line), i++;
      else if (c === '`') i = this.lexBacktick(i, line);
      else if (c === '$' && (next === "'" || next === '(' || next === '{')) i = this.lexDollar(s, i, line);
      else i++;
    }
  }

  /** Inside `"..."`, `${...}` or `$((...))`: only nested substitutions and the closer matter. */
  private lexInner(s: string, i: number, line: number, top: FrameKind): number {
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
      else if (c === '"') this.push('dquote', '"', line);
      else if (c === "'") this.push('squote', "'", line);
      return i + 1;
    }
    if (c === '(') this.push('aparen', '(', line);
    else if (c === ')' && top === 'aparen') this.stack.pop();
    else if (c === ')' && s[i + 1] === ')') return this.stack.pop(), i + 2;
    return i + 1;
  }

  private lexDollar(s: string, i: number, line: number): number {
    const next = s[i + 1];
    if (next === "'") return this.push('ansi', "$'", line), i + 2;
    if (next === '{') return this.push('param', '${', line), i + 2;
    if (s[i + 2] === '(') return this.push('arith', '$((', line), i + 3;
    this.push('cmdsub', '$(', line);
    this.cmdPos = true;
    return i + 2;
  }

  private lexBacktick(i: number, line: number): number {
    if (this.stack.at(-1)?.kind === 'backtick') {
      this.stack.pop();
      this.cmdPos = false;
    } else {
      this.push('backtick', '`', line);
      this.cmdPos = true;
    }
    return i + 1;
  }

  /** A plain word (no quotes or `$`) at the start of a shell word: reserved words, `{`, `}`, assignments. */
  private lexWord(word: string, atBoundary: boolean, line: number): void {
    const wasCmdPos = this.cmdPos;
    const top = this.stack.at(-1)?.kind;
    this.needBody = false;
    this.cmdPos = wasCmdPos && ASSIGNMENT.test(word);
    if (this.expectFunctionName) {
      this.expectFunctionName = false;
      this.cmdPos = true;
      this.needBody = true;
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
    if (reserved.opens) this.push(reserved.opens, word, line);
    if (reserved.closes && top === reserved.closes) this.stack.pop();
    this.cmdPos = reserved.commandNext;
  }

  /** `;` `&` `|` `(` `)` `<` `>` and their doubled forms. */
  private lexOperator(s: string, i: number, line: number): number {
    const c = s[i];
    const n1 = s[i + 1];
    const top = this.stack.at(-1)?.kind;
    this.trailingOp = undefined;
    this.needBody = false;
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
        if (n1 === '&') return (this.trailingOp = '&&'), i + 2;
        if (n1 === '>') return (this.cmdPos = false), i + 2;
        return i + 1;
      case '|':
        this.trailingOp = n1 === '|' ? '||' : n1 === '&' ? '|&' : '|';
        return i + this.trailingOp.length;
      case '(': {
        if (n1 === '(') return this.push('arith', '((', line), i + 2;
        const fn = /^\(\s*\)/.exec(s.slice(i));
        if (fn) return (this.needBody = true), i + fn[0].length;
        this.push('paren', '(', line);
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
        if (n1 === '(') return this.push('paren', '<(', line), (this.cmdPos = true), i + 2;
        return i + 1;
      case '>':
        this.cmdPos = false;
        if (n1 === '(') return this.push('paren', '>(', line), (this.cmdPos = true), i + 2;
        return i + 1;
      default:
        return i + 1;
    }
  }

  private lexHeredoc(s: string, i: number, line: number): number {
    const found = readHeredocMarker(s, i);
    if (!found) return i + 2;
    this.pending.push({ marker: found.marker, delimiter: found.delimiter, stripTabs: found.stripTabs, line });
    return found.end;
  }
}
