/**
 * Lint warnings shown before a run: the same lines `nslab lint` prints, on stderr, so that
 * stdout stays the run's own.
 */
import type { ChalkInstance } from 'chalk';
import { formatProblem } from '../report/format-problems.js';
import type { Problem } from '../scenario/model.js';

/** Writes each warning as `FILE:LINE:COL: warning: message [rule]` to stderr. */
export function showWarnings(warnings: readonly Problem[], c: ChalkInstance): void {
  for (const w of warnings) process.stderr.write(formatProblem(w, c) + '\n');
}
