/**
 * A small shell tokenizer for lint: it turns one complete command (as the parser split it)
 * into words and operators, so rules can find the program each simple command runs. It reads
 * quotes, escapes, `$(...)`, backticks, `${...}`, `$((...))`, comments and heredoc bodies well
 * enough to never mistake data for a command; it does not validate syntax (the parser and the
 * shell do that).
 */
import { readHeredocMarker } from './shell-grammar.js';

/** A shell word, unquoted. */
export interface WordToken {
  type: 'word';
  /** The word with quotes and escapes removed (substitutions kept as written). */
  text: string;
  /** Offset of its first character in the command text. */
  offset: number;
  /** True when its value is only known at run time: it holds `$...` or a backtick substitution. */
  dynamic: boolean;
}

/** An operator (`;`, `&&`, `|`, `(`, `>`, ...) or a line end, which separates commands like `;`. */
export interface OperatorToken {
  type: 'op';
  op: string;
  offset: number;
}

/** What `tokenizeShell` returns: words and operators in text order. */
export type ShellToken = WordToken | OperatorToken;

/** Operators, longest first so that `;;&` is read before `;;` and `;`. */
const OPERATORS = [';;&', '&>>', '<<-', '<<<', ';;', ';&', '&&', '||', '|&', '>>', '<<', '<&', '>&', '&>', '>|', '<>',
  ';', '&', '|', '(', ')', '<', '>', '\n'];
const WORD_END = /[\s;&|()<>]/;
/** Characters with no special meaning in a word, matched from `lastIndex` (at least one). */
const PLAIN_RUN = /[^\s;&|()<>\\'"`$]+/y;

/**
 * Splits a command into tokens.
 * @param text one complete command, possibly several lines (`\`-continuations, compound
 *   commands, heredocs).
 * @returns words and operators in order; heredoc bodies and comments are dropped, a line end
 *   is an operator `'\n'`. Never throws: an unclosed quote runs to the end of the text.
 */
export function tokenizeShell(text: string): ShellToken[] {
  const tokens: ShellToken[] = [];
  const heredocs: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n') i += 2;
    else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') i = endOfLine(text, i);
    else if (c === '\n') {
      tokens.push({ type: 'op', op: '\n', offset: i });
      i = skipHeredocBodies(text, i + 1, heredocs.splice(0));
    } else if (text.startsWith('((', i) && atCommandStart(tokens)) {
      // Arithmetic `(( ... ))` is a keyword-like word, never a program.
      const end = skipBalanced(text, i + 1, '(', ')');
      tokens.push({ type: 'word', text: text.slice(i, end), offset: i, dynamic: true });
      i = end;
    } else if (WORD_END.test(c)) {
      const op = OPERATORS.find((o) => text.startsWith(o, i))!;
      if ((op === '<<' || op === '<<-')) {
        const marker = readHeredocMarker(text, i);
        if (marker) {
          heredocs.push(marker.delimiter + (marker.stripTabs ? '\t' : ''));
          tokens.push({ type: 'op', op, offset: i }, { type: 'word', text: marker.delimiter, offset: i + 2, dynamic: false });
          i = marker.end;
          continue;
        }
      }
      tokens.push({ type: 'op', op, offset: i });
      i += op.length;
    } else {
      const word = readWord(text, i);
      tokens.push(word.token);
      i = word.end;
    }
  }
  return tokens;
}

/** True where `((` opens arithmetic: where a command could start, or after `for`. */
function atCommandStart(tokens: readonly ShellToken[]): boolean {
  const last = tokens.at(-1);
  return last === undefined || last.type === 'op' || last.text === 'for';
}

function endOfLine(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl;
}

/**
 * Skips the bodies of the heredocs opened on the line that just ended.
 * @param delimiters each delimiter, with a trailing tab when `<<-` (leading tabs ignored).
 * @returns the offset of the first line after the last terminator.
 */
function skipHeredocBodies(text: string, start: number, delimiters: string[]): number {
  let i = start;
  for (const d of delimiters) {
    const stripTabs = d.endsWith('\t');
    const delimiter = stripTabs ? d.slice(0, -1) : d;
    while (i < text.length) {
      const end = endOfLine(text, i);
      const line = text.slice(i, end);
      i = end + 1;
      if ((stripTabs ? line.replace(/^\t+/, '') : line) === delimiter) break;
    }
  }
  return Math.min(i, text.length);
}

/** Offset just past the `close` that balances the `open` at `i` (quotes inside respected). */
function skipBalanced(text: string, i: number, open: string, close: string): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\\') j++;
    else if (c === "'") j = text.indexOf("'", j + 1) === -1 ? text.length : text.indexOf("'", j + 1);
    else if (c === '"') j = skipDoubleQuoted(text, j + 1) - 1;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
    j++;
  }
  return text.length;
}

/** Offset just past the `"` that closes a double-quoted string whose content starts at `i`. */
function skipDoubleQuoted(text: string, i: number): number {
  let j = i;
  while (j < text.length && text[j] !== '"') {
    if (text[j] === '\\') j++;
    else if (text.startsWith('$(', j)) j = skipBalanced(text, j + 1, '(', ')') - 1;
    j++;
  }
  return Math.min(j + 1, text.length);
}

/** Reads one word starting at `start`: quotes, escapes and substitutions stay inside it. */
function readWord(text: string, start: number): { token: WordToken; end: number } {
  let value = '';
  let dynamic = false;
  let i = start;
  while (i < text.length && !WORD_END.test(text[i]!)) {
    const c = text[i]!;
    if (c === '\\') {
      value += text[i + 1] ?? '';
      i += 2;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close === -1 ? text.length : close;
      value += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const end = skipDoubleQuoted(text, i + 1);
      const inner = text.slice(i + 1, text[end - 1] === '"' ? end - 1 : end);
      if (inner.includes('$') || inner.includes('`')) dynamic = true;
      value += inner;
      i = end;
    } else if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const end = close === -1 ? text.length : close + 1;
      value += text.slice(i, end);
      dynamic = true;
      i = end;
    } else if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const end = text[i + 1] === '(' ? skipBalanced(text, i + 1, '(', ')') : skipBalanced(text, i + 1, '{', '}');
      value += text.slice(i, end);
      dynamic = true;
      i = end;
    } else if (c === '$') {
      dynamic = true;
      value += c;
      i++;
    } else {
      // A run of plain characters in one slice: a string per character made a 5 MB word (the
      // fuzz test's huge line) take seconds, mostly in the garbage collector.
      PLAIN_RUN.lastIndex = i;
      const run = PLAIN_RUN.exec(text)![0];
      value += run;
      i += run.length;
    }
    // An array assignment `a=(x y)` keeps its parentheses in the word.
    if (text[i] === '(' && /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(value)) {
      const end = skipBalanced(text, i, '(', ')');
      value += text.slice(i, end);
      i = end;
    }
  }
  return { token: { type: 'word', text: value, offset: start, dynamic }, end: i };
}
