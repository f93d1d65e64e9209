/**
 * Evaluating a ```` ```zx {check} ```` block: its script runs in a fresh `node` inside the
 * sandbox (the zx runner, src/zx/zx-runner.ts), never in the scenario's shell session, and says
 * whether it held on one line of its stdout.
 */
import type { Exec } from '../sandbox/types.js';
import { formatDuration } from '../util/duration.js';
import { parseVerdict } from '../zx/protocol.js';
import { runnerArgv } from '../zx/runner-command.js';
import type { Verdict } from './evaluate-context.js';
import { missingVariables } from './expand-template.js';
import type { Predicate } from './model.js';
import type { SessionVariables } from './session-variables.js';

/**
 * Runs a check script once.
 * @param predicate the check's script, its first line in the Markdown file and its limit
 * @param exec the sandbox's exec
 * @param variables the session's values of the variables the script reads (`process.env.ADDR`),
 *   given to it in its environment
 * @returns the verdict: the script's own (held; or `fail()`'s sentence, the failed command with
 *   its status and stderr, the error and its line); not held, saying so, when a variable is not
 *   set, the script ran past its limit (its process tree is killed) or the runner gave no verdict.
 *   Never throws.
 */
export async function evaluateZx(predicate: Extract<Predicate, { kind: 'zx' }>, exec: Exec, variables: SessionVariables): Promise<Verdict> {
  const missing = missingVariables(predicate.variables, variables);
  if (missing !== undefined) return { passed: false, found: missing };
  const values = new Map(predicate.variables.map((n) => [n, variables.available ? variables.values.get(n)! : '']));
  const result = await exec(runnerArgv('check', predicate.firstLine, predicate.script, values), { timeoutMs: predicate.timeoutMs });
  if (result.timedOut) return { passed: false, found: `the script did not end within ${formatDuration(predicate.timeoutMs)} (give the block a longer timeout=, or the check within=)` };
  const verdict = parseVerdict(result.stdout ?? result.output);
  if (verdict) return verdict;
  const said = result.output.trim().split('\n').slice(-3).join(' / ');
  return { passed: false, found: `the zx runner ended with status ${result.exitCode ?? 'none'} without a verdict${said ? `: ${said}` : ''}` };
}
