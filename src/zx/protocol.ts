/**
 * What nslab and the zx runner (src/zx/zx-runner.ts, a separate bundle run in a child `node`)
 * agree on: the runner's arguments and how a check script's verdict comes back. No zx here:
 * the CLI imports this module, and must not load zx.
 */

/** A script runs as one of a step's commands, or as one of its checks. */
export type ScriptRole = 'step' | 'check';

/**
 * Starts the line, on the runner's stdout, that carries a check's verdict as JSON
 * ({@link ScriptVerdict}); anything the script itself prints comes before it.
 */
export const VERDICT_MARK = '\u001eNSLAB_ZX_VERDICT ';

/** A check script's outcome, as the runner reports it. */
export interface ScriptVerdict {
  passed: boolean;
  /** What was found: `fail()`'s sentence, the failed command, the error; or what a passing script returned. */
  found: string;
}

/** Exit status of the runner when the script threw something other than a failed `$` command. */
export const SCRIPT_ERROR_STATUS = 1;

/**
 * The runner's argv after `node RUNNER`: role, the Markdown line of the script's first line (for
 * error lines), the script.
 */
export function runnerArguments(role: ScriptRole, firstLine: number, script: string): string[] {
  return [role, String(firstLine), script];
}

/**
 * Finds the verdict in a runner's stdout.
 * @returns the last verdict line's content; undefined when there is none (the runner was
 *   killed, or crashed before it could say)
 */
export function parseVerdict(stdout: string): ScriptVerdict | undefined {
  const at = stdout.lastIndexOf(VERDICT_MARK);
  if (at < 0) return undefined;
  const line = stdout.slice(at + VERDICT_MARK.length).split('\n', 1)[0]!;
  try {
    const v = JSON.parse(line) as ScriptVerdict;
    return typeof v.passed === 'boolean' && typeof v.found === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}
