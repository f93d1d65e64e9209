/**
 * The one place that decides what a person sees when something goes wrong, and the exit code.
 */
import type { ChalkInstance } from 'chalk';
import { ScenarioError } from '../scenario/problem.js';
import { EnvironmentError, UsageError } from '../util/errors.js';
import { formatProblem } from '../view/terminal/format-problems.js';
import { ExitCode } from './exit-codes.js';

/**
 * Prints an error for people and returns the exit code to use.
 * - ScenarioError: every problem as `FILE:LINE:COL: error: message`, exit 2
 * - UsageError: the message, exit 2
 * - EnvironmentError: the message (how to fix the machine), exit 3
 * - anything else is a bug: the stack and a request to report it, exit 70
 */
export function handleError(error: unknown, c: ChalkInstance, debug: boolean, writeErr: (s: string) => void): number {
  const stack = debug && error instanceof Error && error.stack ? '\n' + c.dim(error.stack) : '';
  if (error instanceof ScenarioError) {
    for (const p of error.problems) writeErr(formatProblem(p, c) + '\n');
    const errors = error.problems.filter((p) => p.severity === 'error').length;
    writeErr(`${errors} error${errors === 1 ? '' : 's'}: nothing was run\n` + stack);
    return ExitCode.usage;
  }
  if (error instanceof UsageError) {
    writeErr(`${c.red('error')}: ${error.message}\n${stack}`);
    return ExitCode.usage;
  }
  if (error instanceof EnvironmentError) {
    writeErr(`${c.red('cannot run')}: ${error.message}\n${stack}`);
    return ExitCode.environment;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  writeErr(`${c.red('nslab hit an internal error')} (a bug; please report it with this output):\n${text}\n`);
  return ExitCode.internal;
}
