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
 *   across: the move's `has address` check holds, its `ping ... fails` no longer does). The
 *   later check need not hold itself when it is moved past in turn, for configuration: a lesson
 *   that adds a default route, takes it away (`no route default`), then gets another from a
 *   router advertisement (`route default via $GW`) has moved past the first through the second.
 *   A probe needs a check that holds (an address taken away, then given back, excuses no ping
 *   to it). A failing check that nothing later contradicts fails the step.
 *
 * A check that uses shell variables (`route default via $GW`) is compared as expanded with the
 * session's values, as it was evaluated; without them it states nothing.
 */
import { expandTemplate } from '../check/expand-template.js';
import { movedPast } from '../check/opposite-checks.js';
import type { Check } from '../check/model.js';
import { NO_SESSION, type SessionVariables } from '../check/session-variables.js';
import { checksOf } from '../run/run-step.js';
import type { Step } from '../scenario/model.js';
import type { StepVerification } from './outcome.js';

/**
 * For every step, the later step that has moved the state past it (see the module comment).
 * Pure: reads only the parsed steps and their verifications against the state.
 * @param steps the scenario's steps, in order
 * @param verifications each step's verification, same order and length (`verifyStep` without
 *   `failFast`: every check of a checks step evaluated)
 * @param variables the values the checks' shell variables were expanded with (`$GW`)
 * @returns per step (same order) the number of that later step (for a checks step, the latest
 *   one its failing checks needed), or undefined when the step holds, is a reading step, or is
 *   not excused
 */
export function supersedingSteps(steps: readonly Step[], verifications: readonly StepVerification[], variables: SessionVariables = NO_SESSION): (number | undefined)[] {
  const by: (number | undefined)[] = Array(steps.length).fill(undefined);
  // Per step that is done, its checks that hold, and those that stand: the ones that hold and
  // the failing ones a later step moved past.
  const holding: Check[][] = steps.map(() => []);
  const standing: Check[][] = steps.map(() => []);
  const checksOfStep = steps.map((step) => checksOf(step).map((c) => expanded(c, variables)));
  // A probe is moved past only by a check that holds: that its target address was taken away
  // says nothing once a later step gave it back (and the probe fails again).
  const movedPastBy = (check: Check, i: number) => {
    const later = isProbe(check) ? holding : standing;
    return steps.findIndex((_, k) => k > i && later[k]!.some((c) => movedPast(check, c)));
  };
  // From the last step back: whether a step is excused depends only on the steps after it.
  for (let i = steps.length - 1; i >= 0; i--) {
    const v = verifications[i]!;
    if (v.by === 'reading') continue;
    const held = v.by === 'checks' ? checksOfStep[i]!.filter((c) => passed(v, c)) : [];
    if (v.holds) {
      holding[i] = standing[i] = held;
      continue;
    }
    if (v.by === 'probes') {
      const j = verifications.findIndex((w, k) => k > i && w.by === 'checks' && w.holds);
      by[i] = j < 0 ? undefined : steps[j]!.number;
      continue;
    }
    let latest: number | undefined;
    for (const failing of checksOfStep[i]!.filter((c) => !passed(v, c))) {
      const j = movedPastBy(failing, i);
      if (j < 0) {
        latest = undefined;
        break;
      }
      latest = Math.max(latest ?? 0, steps[j]!.number);
    }
    by[i] = latest;
    if (latest !== undefined) {
      holding[i] = held;
      standing[i] = checksOfStep[i]!;
    }
  }
  return by;
}

/** A ping or tcp check: an observation of a path, not configuration. */
function isProbe(check: Check): boolean {
  return check.predicate.kind === 'ping' || check.predicate.kind === 'tcp';
}

/** Whether a check passed in its step's verification (a check with no item did not run: it did not). */
function passed(v: StepVerification, check: Check): boolean {
  return v.items.some((it) => it.line === check.line && it.passed);
}

/** The check as it was evaluated: a template expanded with the session's values, when it can be. */
function expanded(check: Check, variables: SessionVariables): Check {
  const expansion = expandTemplate(check, variables);
  return expansion.ok ? expansion.check : check;
}
