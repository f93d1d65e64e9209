/**
 * Running state-reading commands in a namespace, and telling "no such namespace" apart from
 * other failures.
 */
import type { CommandResult, Exec } from '../sandbox/types.js';
import type { StateFailure, StateResult } from './types.js';

/** Limit for one state-reading command, in ms. */
export const READ_TIMEOUT_MS = 10_000;

/**
 * argv of an `ip` command for a namespace: `ip -n NS ARGS...`, or `ip ARGS...` for the root
 * namespace (ns undefined).
 */
export function ipArgv(ns: string | undefined, args: readonly string[]): string[] {
  return ns === undefined ? ['ip', ...args] : ['ip', '-n', ns, ...args];
}

/**
 * argv running any program in a namespace: `ip netns exec NS ARGV...`, or ARGV for the root
 * namespace.
 */
export function inNamespace(ns: string | undefined, argv: readonly string[]): string[] {
  return ns === undefined ? [...argv] : ['ip', 'netns', 'exec', ns, ...argv];
}

/**
 * Turns a failed command into a StateFailure. iproute2 prints
 * `Cannot open network namespace "NS": No such file or directory` (and exits 255) for both
 * `ip -n NS` and `ip netns exec NS` when /run/netns/NS is missing — lib/namespace.c. The
 * message is the output's `Error:` line when it has one, else its last line.
 */
export function failureOf(result: CommandResult, ns: string | undefined): StateFailure {
  const m = /Cannot open network namespace "([^"]*)"/.exec(result.output);
  if (m && (ns === undefined || m[1] === ns)) return { ok: false, reason: 'no-such-namespace', namespace: m[1]! };
  if (result.timedOut) return { ok: false, reason: 'failed', message: 'the command timed out' };
  const lines = result.output.trim().split('\n');
  // iproute2 follows a netlink error with "Dump terminated": the error is the line that says why.
  // (stdout's partial "[" may stand before it on the same line).
  const error = /Error: .*/.exec(result.output)?.[0];
  return { ok: false, reason: 'failed', message: error ?? (lines[lines.length - 1] || `exit status ${result.exitCode}`) };
}

/**
 * Runs a command that prints JSON and parses its stdout. Empty output counts as `[]`
 * (`ip -json netns list` prints nothing at all when there are no namespaces on some versions).
 * @returns the parsed value, or a StateFailure (never throws).
 */
export async function readJson(exec: Exec, argv: readonly string[], ns: string | undefined): Promise<StateResult<unknown>> {
  const result = await exec(argv, { timeoutMs: READ_TIMEOUT_MS });
  if (result.exitCode !== 0) return failureOf(result, ns);
  const text = (result.stdout ?? result.output).trim();
  if (text === '') return { ok: true, value: [] };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'failed', message: `${argv.join(' ')} printed something that is not JSON` };
  }
}
