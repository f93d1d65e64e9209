/**
 * When `nslab check` excuses a step that does not hold: the tutorial itself moved the state
 * past it, so a finished network checks ✔ all through. Two cases, both precise enough that a
 * step nobody did is never excused:
 *
 * - A step verified by probes alone observes a moment ("Network is unreachable" before the
 *   default routes, 100% loss before forwarding) that the later steps are meant to change: it
 *   is excused by the first later step verified by checks that holds.
 * - A step verified by checks is excused when each of its failing checks is moved past by a
 *   check that holds in a later step that is done (`movedPast`, check/opposite-checks.ts): for
 *   configuration, a check stating the opposite of it, e.g. `link H1-eth0 exists` in the root
 *   namespace, then `link H1-eth0 is absent` once the end moved into H1; for a ping or tcp probe,
 *   the same probe succeeding after it failed, or its target address taken away after it
 *   succeeded — never a later failure, which a network nobody built shows too. That later step is done when it holds, or when it is
 *   itself excused this way by a step after it (a lesson that moves an address, then routes
 *   across: the move's `has address` check holds, its `ping ... fails` no longer does). A
 *   failing check that nothing later contradicts fails the step.
 */
import { movedPast } from '../check/opposite-checks.js';
import type { Check } from '../check/model.js';
import { checksOf } from '../run/run-step.js';
import type { Step } from '../scenario/model.js';
import type { StepVerification } from './outcome.js';

/**
 * For every step, the later step that has moved the state past it (see the module comment).
 * Pure: reads only the parsed steps and their verifications against the state.
 * @param steps the scenario's steps, in order
 * @param verifications each step's verification, same order and length (`verifyStep` without
 *   `failFast`: every check of a checks step evaluated)
 * @returns per step (same order) the number of that later step (for a checks step, the latest
 *   one its failing checks needed), or undefined when the step holds, is a reading step, or is
 *   not excused
 */
export function supersedingSteps(steps: readonly Step[], verifications: readonly StepVerification[]): (number | undefined)[] {
  const by: (number | undefined)[] = Array(steps.length).fill(undefined);
  const done = (k: number) => verifications[k]!.holds || by[k] !== undefined;
  // From the last step back: whether a step is excused depends only on the steps after it.
  for (let i = steps.length - 1; i >= 0; i--) {
    const v = verifications[i]!;
    if (v.holds || v.by === 'reading') continue;
    if (v.by === 'probes') {
      const j = verifications.findIndex((w, k) => k > i && w.by === 'checks' && w.holds);
      by[i] = j < 0 ? undefined : steps[j]!.number;
      continue;
    }
    const checks = checksOf(steps[i]!);
    let latest: number | undefined;
    for (const item of v.items.filter((it) => !it.passed)) {
      const failing = checks.find((c) => c.line === item.line);
      const j = failing ? steps.findIndex((_, k) => k > i && done(k) && holdingChecks(steps[k]!, verifications[k]!).some((c) => movedPast(failing, c))) : -1;
      if (j < 0) {
        latest = undefined;
        break;
      }
      latest = Math.max(latest ?? 0, steps[j]!.number);
    }
    by[i] = latest;
  }
  return by;
}

/** The checks of a step verified by checks that hold now. */
function holdingChecks(step: Step, v: StepVerification): Check[] {
  if (v.by !== 'checks') return [];
  return checksOf(step).filter((c) => v.items.some((it) => it.line === c.line && it.passed));
}
