/**
 * How many terminal columns a text takes. Printable ASCII is one column a character, counted
 * here. Anything else goes to string-width (grapheme clusters, East Asian Width from Unicode
 * UAX #11: a CJK character or an emoji takes two, a combining mark none), which is loaded only
 * when a caller expects such text ({@link loadTextWidth}): it builds an Intl.Segmenter when it
 * loads, ~16-20 ms of a start that a run of an all-ASCII scenario should not pay.
 */
import { stripVTControlCharacters } from 'node:util';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const NON_ASCII = /[^\x00-\x7f]/;

let exact: ((text: string) => number) | undefined;

/** Loads string-width; afterwards {@link textWidth} is exact for any text. Cheap when loaded. */
export async function loadTextWidth(): Promise<void> {
  exact ??= (await import('string-width')).default;
}

/**
 * Loads string-width when one of the texts has a non-ASCII character, so that aligning it is
 * exact; does nothing (and costs nothing) for ASCII text.
 * @param texts what will be measured, or Markdown that holds it (a scenario's prose)
 */
export async function loadTextWidthFor(texts: Iterable<string>): Promise<void> {
  for (const text of texts) if (NON_ASCII.test(text)) return loadTextWidth();
}

/**
 * @param text may hold ANSI colour codes, which take no column
 * @returns terminal columns; for non-ASCII text before {@link loadTextWidth}, one column a code
 *   point (right for Latin, Greek and Cyrillic letters, short for CJK and emoji)
 */
export function textWidth(text: string): number {
  const plain = stripVTControlCharacters(text);
  if (PRINTABLE_ASCII.test(plain)) return plain.length;
  return exact ? exact(plain) : [...plain].length;
}
