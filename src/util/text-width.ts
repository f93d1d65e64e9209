/**
 * How many terminal columns a text takes. Printable ASCII, and the letters, punctuation, arrows
 * and box drawing that lessons use (Latin, Greek, Cyrillic, `—`, `…`, `→`, `─`, `✔`, `✘`), are
 * one column a code point, counted here. Anything else goes to string-width (grapheme clusters,
 * East Asian Width from Unicode UAX #11: a CJK character or an emoji takes two, a combining mark
 * none), which is loaded only when a caller expects such text ({@link loadTextWidth}): it builds
 * an Intl.Segmenter when it loads, a cost at start (docs/performance.md, "Costs behind the code") that a run of a
 * scenario without such text should not pay.
 */
import { stripVTControlCharacters } from 'node:util';

// Every code point here is one column to string-width too (checked one by one); the soft hyphen
// and the Cyrillic combining marks (U+0483-0489) are not, and are left out.
const ONE_COLUMN_CLASS = '\\x20-\\x7e\\u00a0-\\u00ac\\u00ae-\\u02ff\\u0370-\\u0482\\u048a-\\u052f\\u2010-\\u2027\\u2030-\\u205e\\u2190-\\u22ff\\u2500-\\u259f\\u2713-\\u2718';
const ONE_COLUMN_EACH = new RegExp(`^[${ONE_COLUMN_CLASS}]*$`);
const OTHER = new RegExp(`[^${ONE_COLUMN_CLASS}\\s]`);

let exact: ((text: string) => number) | undefined;

/** Loads string-width; afterwards {@link textWidth} is exact for any text. Cheap when loaded. */
export async function loadTextWidth(): Promise<void> {
  exact ??= (await import('string-width')).default;
}

/**
 * Loads string-width when one of the texts has a character not counted here (CJK, emoji, a
 * combining mark), so that aligning and wrapping it is exact; does nothing (and costs nothing)
 * otherwise.
 * @param texts what will be measured, or Markdown that holds it (a scenario's prose)
 */
export async function loadTextWidthFor(texts: Iterable<string>): Promise<void> {
  for (const text of texts) if (OTHER.test(stripVTControlCharacters(text))) return loadTextWidth();
}

/**
 * @param text may hold ANSI colour codes, which take no column
 * @returns terminal columns; for other text before {@link loadTextWidth}, one column a code
 *   point (short for CJK and emoji)
 */
export function textWidth(text: string): number {
  const plain = stripVTControlCharacters(text);
  if (ONE_COLUMN_EACH.test(plain)) return plain.length;
  return exact ? exact(plain) : [...plain].length;
}
