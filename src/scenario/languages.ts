/**
 * Fence languages: which ones nslab acts on, and which unknown ones look like typos of those.
 */
import { closest } from '../util/closest.js';

/** What nslab does with a block. */
export type LangKind = 'run' | 'transcript' | 'check' | 'zx';

/** Fence languages nslab acts on, and what it makes of them. */
export const LANG_KINDS: Record<string, LangKind> = {
  sh: 'run', bash: 'run', shell: 'run', console: 'transcript', 'shell-session': 'transcript', check: 'check', zx: 'zx',
};

/** The languages whose blocks take attributes, in the order the docs list them. */
export const ATTRIBUTE_LANGS = ['sh', 'bash', 'shell', 'console', 'shell-session', 'zx'] as const;

/**
 * Real languages one edit away from a run language. They are other shells, not typos: a
 * ```` ```zsh ```` block is meant to be shown, and "did you mean sh?" would be wrong about it.
 */
const NOT_TYPOS = new Set(['zsh', 'ksh', 'csh', 'ash', 'dash', 'yash', 'osh', 'ysh', 'rsh', 'nushell']);

/**
 * Shorter words are never taken as typos: one edit is half of a two-letter word, and `hs`
 * (Haskell), `sv` (SystemVerilog) or `h` (C headers) are real languages one edit from `sh`.
 */
const MIN_TYPO_LENGTH = 3;

/**
 * The language an unknown fence language is probably a typo of.
 * @param lang the language as written (any case); '' for none.
 * @returns a key of `LANG_KINDS` (e.g. `sh` for `shh`), or undefined when `lang` is known,
 *   shorter than three letters, another real shell, or not near any of them.
 */
export function nearMissLanguage(lang: string): string | undefined {
  const lower = lang.toLowerCase();
  if (lower.length < MIN_TYPO_LENGTH || LANG_KINDS[lower] || NOT_TYPOS.has(lower)) return undefined;
  return closest(lower, Object.keys(LANG_KINDS));
}
