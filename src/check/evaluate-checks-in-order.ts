/**
 * A step's checks, evaluated as `nslab run` does after the step's commands.
 */
import type { Exec } from '../sandbox/types.js';
import { createStateReader } from '../state/state-reader.js';
import { evaluateCheckWithin } from './evaluate-check.js';
import type { CheckSession } from './evaluate-context.js';
import type { Check, CheckResult } from './model.js';
import { prefetchReads } from './prefetch-reads.js';
import type { SessionVariables } from './session-variables.js';

/** How {@link evaluateChecksInOrder} goes. */
export interface InOrderOptions {
  /** Stop at the first check that fails (and read nothing ahead). */
  failFast?: boolean;
  /** The values of the shell variables the checks use, read before the first (evaluateCheck). */
  variables?: SessionVariables;
  /** What the run knows besides the state (the `background` servers that exited). */
  session?: CheckSession;
}

/**
 * Evaluates checks one after the other, in file order, as the author wrote them: a check with
 * `within` may wait for the state to change, and the checks after it must see the new state.
 * Consecutive checks share one read of each namespace's state until one of them had to wait,
 * and those reads start together ({@link prefetchReads}).
 * @param checks the checks, in file order
 * @param exec where state is read and probes run (a sandbox's, or the host's)
 * @param onResult receives each result as soon as it is known
 * @param options see {@link InOrderOptions}
 */
export async function evaluateChecksInOrder(checks: readonly Check[], exec: Exec, onResult: (r: CheckResult) => void, { failFast = false, variables, session }: InOrderOptions = {}): Promise<void> {
  let reader = createStateReader(exec);
  // The reads of the checks up to the first that may wait, all started at once.
  const sharing = (from: number): Check[] => {
    const waits = checks.findIndex((c, i) => i >= from && c.withinMs !== undefined);
    return checks.slice(from, waits < 0 ? undefined : waits + 1);
  };
  if (!failFast) prefetchReads(sharing(0), reader);
  for (const [i, check] of checks.entries()) {
    const result = await evaluateCheckWithin(check, exec, reader, variables, session);
    onResult(result);
    if (failFast && !result.passed) return;
    // Waiting means the state was read again, and may have changed since `reader` read it.
    if (check.withinMs !== undefined) {
      reader = createStateReader(exec);
      prefetchReads(sharing(i + 1), reader);
    }
  }
}
