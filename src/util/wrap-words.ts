/**
 * Word wrapping for prose shown in a terminal: styled runs of text laid out in lines no wider
 * than the terminal, broken at spaces only, each line painted on its own (a line never leaves a
 * colour open for the quote bar or indentation put before the next one). Widths are terminal
 * columns (util/text-width.ts).
 */
import { textWidth } from './text-width.js';

/** How a run of text is painted: chalk styles applied innermost last. None: plain. */
export type Paint = ReadonlyArray<(text: string) => string>;

/** A run of inline text with one paint. */
export interface Piece {
  /** The text; `\n` for a hard line break (Markdown's two trailing spaces or backslash). */
  text: string;
  paint: Paint;
  /**
   * Never broken, even at its spaces: inline code and a link's address, which a student copies.
   * One longer than the line gets a line of its own, whole, for the terminal to fold.
   */
  whole?: boolean;
}

/** A part of a word, or of the space between two words. */
interface Bit {
  text: string;
  paint: Paint;
}

/** What lies between two break opportunities, and the space before it. */
interface Word {
  space: Bit[];
  bits: Bit[];
  width: number;
  /** Holds a whole piece: not cut when too long. */
  whole: boolean;
  /** Starts a new line (after a hard break). */
  newLine: boolean;
}

function widthOf(bits: Bit[]): number {
  return bits.reduce((sum, b) => sum + textWidth(b.text), 0);
}

/** Splits pieces into words at spaces (outside whole pieces) and hard breaks. */
function words(pieces: Piece[]): Word[] {
  const out: Word[] = [];
  let current: Word = { space: [], bits: [], width: 0, whole: false, newLine: false };
  const finish = (next: Partial<Word>) => {
    if (current.bits.length > 0 || current.newLine) out.push(current);
    current = { space: [], bits: [], width: 0, whole: false, newLine: false, ...next };
  };
  for (const piece of pieces) {
    if (piece.text === '\n') {
      finish({ newLine: true });
      continue;
    }
    if (piece.whole) {
      current.bits.push({ text: piece.text, paint: piece.paint });
      current.whole = true;
      continue;
    }
    for (const part of piece.text.split(/( +)/)) {
      if (part === '') continue;
      if (part.startsWith(' ')) {
        // Spaces at the start of a line are dropped, as Markdown does.
        if (current.bits.length === 0) continue;
        finish({ space: [{ text: part, paint: piece.paint }] });
      } else current.bits.push({ text: part, paint: piece.paint });
    }
  }
  finish({});
  for (const w of out) w.width = widthOf(w.bits);
  return out;
}

/**
 * Cuts a word's bits into lines, by code point: the first at most `first` columns wide, the
 * others `width`.
 */
function cut(bits: Bit[], first: number, width: number): Bit[][] {
  const lines: Bit[][] = [[]];
  let used = 0;
  let room = first;
  for (const bit of bits) {
    let run = '';
    for (const ch of bit.text) {
      const w = textWidth(ch);
      if (used + w > room && (used > 0 || room < width)) {
        if (run) lines[lines.length - 1]!.push({ text: run, paint: bit.paint });
        lines.push([]);
        run = '';
        used = 0;
        room = width;
      }
      run += ch;
      used += w;
    }
    if (run) lines[lines.length - 1]!.push({ text: run, paint: bit.paint });
  }
  return lines;
}

function samePaint(a: Paint, b: Paint): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

/** One line's bits, painted: neighbouring bits of the same paint share one pair of codes. */
function paintLine(bits: Bit[]): string {
  const runs: Bit[] = [];
  for (const bit of bits) {
    const last = runs[runs.length - 1];
    if (last && samePaint(last.paint, bit.paint)) last.text += bit.text;
    else runs.push({ ...bit });
  }
  return runs.map((r) => r.paint.reduceRight((text, f) => f(text), r.text)).join('');
}

/**
 * Lays prose out in lines.
 * @param pieces the inline text, in order
 * @param width the widest line, in terminal columns; undefined: no limit (hard breaks only)
 * @param firstLineUsed columns already taken on the first line (a label before the text)
 * @returns the lines joined with `\n`, painted, without trailing spaces
 */
export function wrapWords(pieces: Piece[], width: number | undefined, firstLineUsed = 0): string {
  const lines: Bit[][] = [[]];
  let used = firstLineUsed;
  const limit = width ?? Infinity;
  for (const word of words(pieces)) {
    let line = lines[lines.length - 1]!;
    if (word.newLine) {
      lines.push((line = []));
      used = 0;
    }
    const spaceWidth = line.length === 0 ? 0 : widthOf(word.space);
    if (line.length > 0 && used + spaceWidth + word.width > limit) {
      lines.push((line = []));
      used = 0;
    }
    if (line.length > 0) {
      line.push(...word.space);
      used += spaceWidth;
    }
    if (used + word.width <= limit || word.whole) {
      line.push(...word.bits);
      used += word.width;
      continue;
    }
    // A word wider than a whole line (a long path or address in prose): cut at the width.
    const parts = cut(word.bits, limit - used, Math.max(1, limit));
    line.push(...parts[0]!);
    for (const part of parts.slice(1)) lines.push(part);
    used = widthOf(lines[lines.length - 1]!);
  }
  return lines.map((l) => paintLine(l).trimEnd()).join('\n');
}

/**
 * A one-paragraph message laid out at a width: `prefix` on the first line (already painted; its
 * width counted on its text without colours), `indent` before every further line.
 * @param width the widest line, in terminal columns
 * @returns the lines joined with `\n`, no trailing newline
 */
export function wrapMessage(prefix: string, pieces: Piece[], width: number, indent = ''): string {
  const indentWidth = textWidth(indent);
  const prefixWidth = textWidth(prefix);
  const body = wrapWords(pieces, Math.max(20, width - indentWidth), Math.max(0, prefixWidth - indentWidth));
  return prefix + body.split('\n').join(`\n${indent}`);
}
