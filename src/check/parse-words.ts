/**
 * Words of a check line, with positions, for the check parsers.
 */
import type { Predicate } from './model.js';

/** One word of a check line. */
export interface Word {
  /** The word; for a quoted word, its content without quotes, `\"` and `\\` unescaped. */
  text: string;
  /** 0-based offset of its first character (the quote, if quoted) in the line. */
  start: number;
  /** 0-based offset just past it. */
  end: number;
  quoted: boolean;
}

/** What a predicate parser returns: a predicate, or a message and a 1-based column. */
export type PredicateResult = { ok: true; predicate: Predicate } | { ok: false; message: string; column: number };

/**
 * Splits a check line into words separated by blanks; `"..."` is one word.
 * @returns the words, or a message and 1-based column for an unclosed quote.
 */
export function splitWords(text: string): { ok: true; words: Word[] } | { ok: false; message: string; column: number } {
  const words: Word[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i]!)) {
      i++;
      continue;
    }
    const start = i;
    if (text[i] === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
        value += text[i];
        i++;
      }
      if (i >= text.length) return { ok: false, message: 'quoted text is not closed by "', column: start + 1 };
      i++;
      words.push({ text: value, start, end: i, quoted: true });
    } else {
      while (i < text.length && !/\s/.test(text[i]!)) i++;
      words.push({ text: text.slice(start, i), start, end: i, quoted: false });
    }
  }
  return { ok: true, words };
}

/**
 * A failure located at a word, or just past the end of the line when the word is missing.
 * @param words the words of the line (to locate the end).
 * @param at the word, or undefined when it is missing.
 */
export function failAt(message: string, words: readonly Word[], at: Word | undefined): PredicateResult {
  return { ok: false, message, column: (at ? at.start : (words.at(-1)?.end ?? 0) + 1) + 1 };
}

/** The texts of `words`, joined by one space. */
export function joinWords(words: readonly Word[]): string {
  return words.map((w) => (w.quoted ? JSON.stringify(w.text) : w.text)).join(' ');
}
