/**
 * Reading a whole number from a command-line argument, as people type it.
 */
import { UsageError } from './errors.js';

/**
 * Parses a whole number given on the command line.
 * Only plain decimal digits count: `Number('')` is 0 and `Number('1e2')` is 100, neither of
 * which anyone means as a count.
 * @param text the argument as typed.
 * @param what how to name it in the message, e.g. `--tcp PORT`.
 * @param min smallest value accepted; `max` the largest (both inclusive).
 * @returns the number.
 * @throws UsageError `WHAT: expected a whole number from MIN to MAX, got "TEXT"`.
 */
export function wholeNumberArgument(text: string, what: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new UsageError(`${what}: expected a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return n;
}
