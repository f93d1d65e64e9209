/**
 * The precheck of `nslab test`: a step's checks evaluated before its commands run. A check
 * that already holds then cannot tell whether the step did its job; when all of them hold,
 * the step's checks are vacuous.
 */
import { evaluateCheck } from '../check/evaluate-check.js';
import type { Check, CheckResult } from '../check/model.js';
import type { SessionVariables } from '../check/session-variables.js';
import type { Exec } from '../sandbox/types.js';
import { createStateReader } from '../state/state-reader.js';

/** What the precheck found. */
export interface PrecheckOutcome {
  /** The checks evaluated, in file order, up to and including the first that did not hold. */
  results: CheckResult[];
  /** True when every check held (never for an empty list: a step without checks is exempt). */
  vacuous: boolean;
}

/**
 * Evaluates each check once, ignoring `within` (waiting for a state to appear before the step
 * would only make a vacuous check look vacuous later), and stops at the first that does not
 * hold: one failing check is enough to show the checks test something, and the rest (a
 * `ping ... succeeds` that has to time out) would only cost time.
 * @param checks the step's checks, in file order
 * @param exec the sandbox's exec; nothing here changes state
 * @param variables the session's variables before the step (one the step itself sets is not
 *   set yet: its check cannot hold, so it is not vacuous)
 * @returns the results evaluated and whether all checks held
 */
export async function precheck(checks: readonly Check[], exec: Exec, variables?: SessionVariables): Promise<PrecheckOutcome> {
  // Nothing changes the state in between: one read of each namespace serves every check.
  const reader = createStateReader(exec);
  const results: CheckResult[] = [];
  for (const check of checks) {
    const result = await evaluateCheck(check, exec, reader, variables);
    results.push(result);
    if (!result.passed) return { results, vacuous: false };
  }
  return { results, vacuous: results.length > 0 };
}
