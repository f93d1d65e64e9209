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
import { readStateDigest, stateChanges } from '../zx/state-digest.js';

/** What the precheck found. */
export interface PrecheckOutcome {
  /** The checks evaluated, in file order, up to and including the first that did not hold. */
  results: CheckResult[];
  /** True when every check held (never for an empty list: a step without checks is exempt). */
  vacuous: boolean;
  /** The zx check that changed the network state while it was evaluated (the precheck stopped there), and what it changed. */
  changedState?: StateChange;
}

/** A check that changed the state: `added A: address 10.99.0.1/16 on lo`... */
export interface StateChange {
  check: Check;
  /** stateChanges' lines. */
  changes: string[];
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
 * @returns the results evaluated and whether all checks held; or, when a zx check changed the
 *   links, addresses or routes of a namespace (state-digest.ts), the results up to it and what
 *   it changed: the precheck stops there, as the state is no longer the step's to change
 */
export async function precheck(checks: readonly Check[], exec: Exec, variables?: SessionVariables): Promise<PrecheckOutcome> {
  // Nothing changes the state in between: one read of each namespace serves every check.
  const reader = createStateReader(exec);
  const results: CheckResult[] = [];
  for (const check of checks) {
    // A zx check is a script: nslab cannot prove it only reads, so it compares the state around it.
    const before = check.predicate.kind === 'zx' ? await readStateDigest(exec) : undefined;
    const result = await evaluateCheck(check, exec, reader, variables);
    results.push(result);
    const after = before === undefined ? undefined : await readStateDigest(exec);
    const changes = before && after ? stateChanges(before, after) : [];
    if (changes.length > 0) return { results, vacuous: false, changedState: { check, changes } };
    if (!result.passed) return { results, vacuous: false };
  }
  return { results, vacuous: results.length > 0 };
}

/**
 * The change in words, for the terminal and for `test`'s failure list (each lists the changes
 * under it): `the check on line 27 (zx: lo has 10.99.0.1) changed the state when the precheck
 * evaluated it, before the step ran; a check must only read ...`.
 */
export function describeStateChange({ check }: StateChange): string {
  return `the check on line ${check.line} (${check.source}) changed the state when the precheck evaluated it, before the step ran; a check must only read (show, ping), never add, delete or set:`;
}
