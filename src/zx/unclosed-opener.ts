/**
 * Which bracket, brace, quote or template a script opens and never closes. V8 reports such a
 * script at its end ("Unexpected end of input", or "Unexpected token '}'" at the wrapper's
 * closing brace), which says nothing of where the opening is; this scan finds it.
 */

/** An opening the script never closes. */
export interface UnclosedOpener {
  /** What was opened: `[`, `(`, `{`, a quote, `` ` `` or `/*`. */
  text: string;
  /** 0-based line index in the script. */
  line: number;
  /** 1-based column in that line. */
  column: number;
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Whether a `/` after `before` (the previous non-blank character, '' at the start) starts a
 * regular expression rather than a division: after an operator or an opening, not after a value.
 * A heuristic (a `/` after `)` of `if (x) /re/.test(s)` is taken as division), good enough for
 * pointing at a line.
 */
function startsRegex(before: string, word: string): boolean {
  if (/^(return|typeof|case|do|else|in|of|new|delete|void|throw|await|yield)$/.test(word)) return true;
  return before === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(before);
}

/**
 * Scans a script for the innermost opening that is still open at its end.
 * @param script the zx block's content
 * @returns the opening, or undefined when everything it opens is closed (or a closer does not
 *   match its opener: then the parser's own error, at that closer, says more)
 */
export function unclosedOpener(script: string): UnclosedOpener | undefined {
  // What is open (by offset): brackets, and template literals whose `${` put code inside them.
  const stack: { text: string; at: number }[] = [];
  const opener = (text: string, at: number): UnclosedOpener => {
    const lines = script.slice(0, at).split('\n');
    return { text, line: lines.length - 1, column: lines[lines.length - 1]!.length + 1 };
  };
  let before = '';
  let word = '';
  let i = 0;
  /** Skips a string or template body from i (after its quote); false when the script ends in it. */
  const skipQuoted = (quote: string): boolean | 'substitution' => {
    for (; i < script.length; i++) {
      const ch = script[i]!;
      if (ch === '\n' && quote !== '`') {
        return false;
      } else if (ch === '\\') {
        i++;
      } else if (ch === quote) {
        i++;
        return true;
      } else if (quote === '`' && ch === '$' && script[i + 1] === '{') {
        i += 2;
        return 'substitution';
      }
    }
    return false;
  };
  /** Enters a template body at i (after its backtick or a `}` closing a substitution). */
  const template = (openedAt: number): UnclosedOpener | undefined => {
    const ended = skipQuoted('`');
    if (ended === false) return opener('`', openedAt);
    if (ended === 'substitution') stack.push({ text: '${', at: openedAt });
    before = ')';
    return undefined;
  };
  while (i < script.length) {
    const ch = script[i]!;
    const next = script[i + 1];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '/' && next === '/') {
      while (i < script.length && script[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      if (end < 0) return opener('/*', i);
      i = end + 2;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const openedAt = i;
      i++;
      if (skipQuoted(ch) !== true) return opener(ch, openedAt);
      before = ')';
      word = '';
      continue;
    }
    if (ch === '`') {
      const openedAt = i;
      i++;
      const open = template(openedAt);
      if (open) return open;
      word = '';
      continue;
    }
    if (ch === '/' && startsRegex(before, word)) {
      // A regular expression literal: to its closing slash outside a class, on this line.
      let inClass = false;
      for (i++; i < script.length && script[i] !== '\n'; i++) {
        const r = script[i]!;
        if (r === '\\') i++;
        else if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        else if (r === '/' && !inClass) break;
      }
      i++;
      before = ')';
      word = '';
      continue;
    }
    if (ch in CLOSER) {
      stack.push({ text: ch, at: i });
    } else if (ch === ')' || ch === ']' || ch === '}') {
      const open = stack.pop();
      if (open === undefined) return undefined;
      if (open.text === '${' && ch === '}') {
        i++;
        const unclosed = template(open.at);
        if (unclosed) return unclosed;
        word = '';
        continue;
      }
      if (CLOSER[open.text] !== ch) return undefined;
    }
    word = /[A-Za-z0-9_$]/.test(ch) ? (/[A-Za-z0-9_$]/.test(script[i - 1] ?? '') ? word + ch : ch) : '';
    before = ch;
    i++;
  }
  const open = stack.pop();
  return open && opener(open.text === '${' ? '`' : open.text, open.at);
}
