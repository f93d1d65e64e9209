/**
 * The bits of shell grammar the command splitter needs, as data: what opens and closes what,
 * what reserved words do, and how a heredoc marker reads.
 */

/** What can be open at the end of a line. */
export type FrameKind =
  | 'squote' | 'dquote' | 'ansi' | 'backtick' | 'cmdsub' | 'arith' | 'aparen' | 'param'
  | 'paren' | 'brace' | 'if' | 'loop' | 'case';

/** The word or character that closes each frame, for messages. */
export const CLOSER: Record<FrameKind, string> = {
  squote: "'", dquote: '"', ansi: "'", backtick: '`', cmdsub: ')', arith: '))', aparen: ')', param: '}',
  paren: ')', brace: '}', if: 'fi', loop: 'done', case: 'esac',
};

/** What a reserved word does in command position: open a frame, close one, and whether a command may follow. */
export interface ReservedWord {
  opens?: FrameKind;
  closes?: FrameKind;
  /** True when the next word is in command position (so `if if` is still a keyword). */
  commandNext: boolean;
}

/** Reserved words, effective only in command position. */
export const RESERVED: Record<string, ReservedWord> = {
  if: { opens: 'if', commandNext: true },
  then: { commandNext: true },
  elif: { commandNext: true },
  else: { commandNext: true },
  fi: { closes: 'if', commandNext: false },
  while: { opens: 'loop', commandNext: true },
  until: { opens: 'loop', commandNext: true },
  for: { opens: 'loop', commandNext: false },
  select: { opens: 'loop', commandNext: false },
  do: { commandNext: true },
  done: { closes: 'loop', commandNext: false },
  case: { opens: 'case', commandNext: false },
  '{': { opens: 'brace', commandNext: true },
  '}': { closes: 'brace', commandNext: false },
  '!': { commandNext: true },
  time: { commandNext: true },
};

/** `NAME=value`, `NAME+=value`, `NAME[i]=value`: an assignment before (or instead of) a program. */
export const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

/** Shell metacharacters: they end a word. */
export const META = /[\s;&|()<>]/;

/** A heredoc marker as read from a line. */
export interface HeredocMarker {
  /** As written, e.g. `<<-'EOF'`. */
  marker: string;
  /** The terminator line, quotes and backslashes removed. */
  delimiter: string;
  /** `<<-`: leading tabs of body lines and of the terminator are ignored. */
  stripTabs: boolean;
  /** Offset just past the marker. */
  end: number;
}

/**
 * Reads `<<WORD`, `<<-WORD`, `<<'WORD'`, `<<"WORD"` or `<<\WORD` at `start` (which points at `<<`).
 * @returns the marker, or undefined when no word follows (left to the shell to reject).
 */
export function readHeredocMarker(s: string, start: number): HeredocMarker | undefined {
  let j = start + 2;
  const stripTabs = s[j] === '-';
  if (stripTabs) j++;
  while (s[j] === ' ' || s[j] === '\t') j++;
  const wordStart = j;
  let delimiter = '';
  while (j < s.length && !META.test(s[j]!)) {
    const ch = s[j]!;
    if (ch === "'" || ch === '"') {
      const close = s.indexOf(ch, j + 1);
      const stop = close === -1 ? s.length : close;
      delimiter += s.slice(j + 1, stop);
      j = stop + 1;
    } else if (ch === '\\') {
      delimiter += s[j + 1] ?? '';
      j += 2;
    } else {
      delimiter += ch;
      j++;
    }
  }
  const end = Math.min(j, s.length);
  return end > wordStart ? { marker: s.slice(start, end), delimiter, stripTabs, end } : undefined;
}
