/**
 * Where `nslab check` takes the values of the shell variables checks use (`ping $ADDR
 * succeeds`): it is not the scenario's shell, so from its own environment (what a student's
 * shell exports); and in a practice shell from the values that shell last wrote for its practice
 * session (run/variables-file.ts: after every command), when the scenario's checks use the same
 * variables — the student's own, exported or not.
 */
import { variablesFromEnvironment, type SessionVariables } from '../check/session-variables.js';
import { variablesOfChecks } from '../run/read-session-variables.js';
import { checksOf } from '../run/run-step.js';
import { readShellVariablesFile, VARIABLES_FILE } from '../run/variables-file.js';
import type { Scenario } from '../scenario/model.js';

/**
 * The values for a scenario's checks (see the module comment).
 * @param scenario the scenario being checked
 * @param env the process environment
 * @param practiceDir the practice shell's channel directory (`$NSLAB_PRACTICE`), when run in one
 */
export function variablesForCheck(scenario: Scenario, env: NodeJS.ProcessEnv, practiceDir: string | undefined): SessionVariables {
  const environment = variablesFromEnvironment(env);
  const names = variablesOfChecks(scenario.steps.flatMap(checksOf));
  const shell = practiceDir === undefined ? undefined : readShellVariablesFile(`${practiceDir}/${VARIABLES_FILE}`, names);
  if (shell === undefined) return environment;
  return { available: true, values: new Map([...environment.values, ...shell]), where: 'your practice shell' };
}
