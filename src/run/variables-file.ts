/**
 * The variables file of a practice shell: before each request to nslab the shell writes the
 * values of the variables the scenario's checks use (`ping $ADDR succeeds`) to this file in its
 * channel directory, NUL-separated (practice/rcfile.ts writes the code that does it); the
 * practice session and `nslab check` run in that shell read the student's own values from it.
 */
import { readFileSync } from 'node:fs';
import { parsePrintedVariables } from './read-session-variables.js';

/** The file in the channel's directory each request writes the checks' variables to. */
export const VARIABLES_FILE = 'variables';
/**
 * What starts that file (the token of printVariablesCommand): it names the variables, in the
 * order their values follow, so that `nslab check` run in the shell reads them only for a
 * scenario whose checks use the same ones.
 */
export function variablesToken(names: readonly string[]): string {
  return `nslab-variables:${names.join(',')}`;
}

/**
 * The values a practice shell last wrote to its variables file (before its last request: after
 * every command, the prompt's check is one).
 * @param file the channel directory's {@link VARIABLES_FILE}
 * @param names the variables the checks use, as the shell was given them
 * @returns name → value for each that was set; undefined when the file is missing, unreadable
 *   or was written for other variables
 */
export function readShellVariablesFile(file: string, names: readonly string[]): ReadonlyMap<string, string> | undefined {
  if (names.length === 0) return undefined;
  try {
    return parsePrintedVariables(readFileSync(file, 'utf8'), names, variablesToken(names));
  } catch {
    return undefined;
  }
}
