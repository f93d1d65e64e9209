/**
 * A step's id: the slug GitHub gives its heading's anchor (github-slugger), so that
 * `scenario.md#add-default-routes` on GitHub and `--from add-default-routes` name the same step.
 */
import { slug } from 'github-slugger';

/** Printable ASCII only: the fast path below is exact for these characters. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** What github-slugger removes from printable ASCII: every punctuation mark but `-` and `_`. */
const ASCII_REMOVED = /[!-,./:-@[-^`{-~]/g;

/**
 * The GitHub anchor slug of a heading's plain text.
 * Headings are nearly always ASCII; for them the slug is computed here, as github-slugger would
 * (lower case, punctuation but `-`/`_` removed, each space a `-`; test/unit/heading-slug.test.ts
 * checks every printable character against it), because the first use of github-slugger's
 * Unicode regular expression costs its compiling in every run (docs/performance.md, "Costs behind the code"). Other text goes to github-slugger.
 * @param text the heading's plain text
 * @returns the slug, possibly empty
 */
export function headingSlug(text: string): string {
  if (!PRINTABLE_ASCII.test(text)) return slug(text);
  return text.toLowerCase().replace(ASCII_REMOVED, '').replaceAll(' ', '-');
}
