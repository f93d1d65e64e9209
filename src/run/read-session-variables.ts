/**
 * Reading the shell variables a step's checks use (`ping $ADDR succeeds`) from the scenario's
 * shell session, just before the checks run.
 *
 * One `printf` builtin in the session prints, NUL-separated (a bash value cannot hold a NUL),
 * whether each variable is set and its value. It changes nothing a later command could see:
 * `$?` and `$_` are already those of nslab's own end-of-command `printf` (shell-session.ts),
 * and `${NAME+x}` and `${NAME-}` are safe under `set -u`. A start token keeps output that
 * `&` jobs printed in between out of the values.
 */
import { randomBytes } from 'node:crypto';
import type { Check } from '../check/model.js';
import type { SessionVariables } from '../check/session-variables.js';
import type { ShellSession } from '../sandbox/types.js';

/** Where the values come from, for a check's found: `$ADDR is not set in the scenario's shell session`. */
export const SESSION_PLACE = "the scenario's shell session";

/** Limit for the read, in ms: one builtin, unless the shell is stuck. */
const READ_TIMEOUT_MS = 5000;

/**
 * The names of the variables some checks use, in first-use order.
 * @param checks any checks; only `template` ones (`$ADDR`) and zx scripts (`process.env.ADDR`) use variables
 */
export function variablesOfChecks(checks: readonly Check[]): string[] {
  return [...new Set(checks.flatMap((c) => (c.predicate.kind === 'template' || c.predicate.kind === 'zx' ? c.predicate.variables : [])))];
}

/**
 * The shell code that prints `TOKEN\0` then, per name, `set-or-empty\0value\0`.
 * @param names valid shell names (the check parser admits no others)
 */
export function printVariablesCommand(names: readonly string[], token: string): string {
  const fields = names.map((n) => `"\${${n}+1}" "\${${n}-}"`).join(' ');
  return `printf '%s\\0' ${token} ${fields}`;
}

/**
 * Parses what {@link printVariablesCommand} printed.
 * @returns the values of the names that are set; undefined when the output holds no token
 */
export function parsePrintedVariables(output: string, names: readonly string[], token: string): Map<string, string> | undefined {
  const at = output.indexOf(`${token}\0`);
  if (at < 0) return undefined;
  const fields = output.slice(at + token.length + 1).split('\0');
  const values = new Map<string, string>();
  names.forEach((name, i) => {
    if (fields[2 * i] === '1') values.set(name, fields[2 * i + 1] ?? '');
  });
  return values;
}

/**
 * Reads the variables the checks use from the session.
 * @param shell the scenario's shell session
 * @param checks the checks about to be evaluated
 * @returns the values (an empty map, without touching the session, when no check uses a
 *   variable); unavailable, with the reason, when the session did not answer. Never throws.
 */
export function readSessionVariables(shell: ShellSession, checks: readonly Check[]): Promise<SessionVariables> {
  return readShellVariables(shell, variablesOfChecks(checks));
}

/**
 * Reads variables from a shell session (see the module comment).
 * @param names valid shell names; none = nothing is run
 * @returns as {@link readSessionVariables}. Never throws.
 */
export async function readShellVariables(shell: ShellSession, names: readonly string[]): Promise<SessionVariables> {
  if (names.length === 0) return { available: true, values: new Map(), where: SESSION_PLACE };
  const token = `__nslab_vars_${randomBytes(6).toString('hex')}`;
  const result = await shell.run(printVariablesCommand(names, token), { timeoutMs: READ_TIMEOUT_MS }).catch((error: Error) => error);
  const values = result instanceof Error ? undefined : parsePrintedVariables(result.output, names, token);
  if (!values) return { available: false, reason: `the scenario's shell session did not give its values${result instanceof Error ? ` (${result.message})` : ''}` };
  return { available: true, values, where: SESSION_PLACE };
}
