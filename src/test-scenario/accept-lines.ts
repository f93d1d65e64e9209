/**
 * Single transcript lines for `nslab test --accept`: how to write an output line so that the
 * transcript parser reads it back as exactly that line.
 */

/**
 * Which lines start a command in the transcript block the lines go to: `dollar` when the
 * block has a `$ ` command (then `# ` lines are output), `any` when its commands start with
 * `# ` (then both would be read as commands).
 */
export type PromptStyle = 'dollar' | 'any';

/** Control characters other than tab: `\r` (and form feed, ESC...) would end or garble the line in the file. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
/** A line that could close the fence around the transcript. */
const FENCE = /^\s*(```|~~~)/;

/**
 * Whether an output line, written as is, would be read back as something other than a
 * literal expected line for itself: `...` alone (any lines), a line ending in ` (re)` (a regex),
 * `$ ` (always a command; in a `# ` block it would also turn `# ` lines into output), `# ` in
 * a block whose commands start with `# `, a fence that would end the block, or a control
 * character.
 */
export function needsEscape(line: string, prompts: PromptStyle): boolean {
  return (
    line.trimEnd() === '...' ||
    line.trimEnd().endsWith(' (re)') ||
    line.startsWith('$ ') ||
    (prompts === 'any' && line.startsWith('# ')) ||
    FENCE.test(line) ||
    CONTROL.test(line)
  );
}

/**
 * An output line as an expected line that matches exactly that line: the line itself, or
 * (see `needsEscape`) a ` (re)` line with every regex special escaped.
 */
export function literalLine(line: string, prompts: PromptStyle): string {
  return needsEscape(line, prompts) ? regexLine(line) : line;
}

/**
 * A ` (re)` line whose regex matches exactly `line`. Backticks and tildes are written `\x60`
 * and `\x7e` so that it cannot close the fence, control characters as `\xHH`, and a leading
 * `#` as `\#` so that it cannot start a command.
 */
export function regexLine(line: string): string {
  const source = line
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/[\x00-\x08\x0a-\x1f\x7f`~]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/^#/, '\\#');
  return `${source} (re)`;
}
