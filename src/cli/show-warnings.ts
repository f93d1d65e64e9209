/**
 * Lint warnings shown before a run: the same lines `nslab lint` prints, on stderr, so that
 * stdout stays the run's own.
 */
import type { ChalkInstance } from 'chalk';
import { formatProblem } from '../view/terminal/format-problems.js';
import type { Problem } from '../scenario/model.js';
import { stderrColumns } from '../util/terminal-columns.js';

/**
 * Writes each warning as `FILE:LINE:COL: warning: message [rule]` to stderr: at a terminal
 * wrapped at words to its width, the lines after the first indented; to a pipe or a file one
 * line each, as `nslab lint` prints them.
 */
export function showWarnings(warnings: readonly Problem[], c: ChalkInstance): void {
  const width = stderrColumns();
  for (const w of warnings) process.stderr.write(formatProblem(w, c, width) + '\n');
}
