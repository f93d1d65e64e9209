/**
 * `nslab check`: the current state against every step of a scenario, in order, changing
 * nothing. Each step is verified as `verifyStep` does; the first step that does not hold is
 * `failed` and the steps after it are `not-reached`.
 *
 * One exception makes a finished tutorial check ✔ all through: a step the later steps moved
 * past counts as done, `supersededBy` that later step. A step verified by probes alone is an
 * observation of a moment ("Network is unreachable" before the default routes), excused by a
 * later step verified by checks that holds; a step verified by checks is excused only when each
 * of its failing checks is moved past by a check that holds in a later step that is done
 * (`link H1-eth0 exists`, then `link H1-eth0 is absent` once moved into H1). See superseded.ts.
 *
 * Once a step has failed, the steps after it that are verified by probes run only if that
 * failure turns out to be excused: a ping across a broken network waits out its timeout, and
 * l2-switch's last step took ~10 s to end up "not reached" with a port down.
 *
 * In a practice session nslab knows which steps the student finished (`finished`): after the
 * first failure such a step is not "not reached" but says what is true — done and still holding
 * (`done`), or done but no longer holding (`failed`, `finishedEarlier`). A step nobody finished
 * stays not reached: one that holds after a failure may hold for the wrong reason (a ping that
 * must fail fails across a network broken earlier).
 */
import { performance } from 'node:perf_hooks';
import type { SessionVariables } from '../check/session-variables.js';
import type { Scenario } from '../scenario/model.js';
import type { Exec } from '../sandbox/types.js';
import { isFinished, type SessionOutcome, type StepOutcome, type StepVerification } from './outcome.js';
import { supersedingSteps } from './superseded.js';
import { verificationOf, verifyStep } from './verify-step.js';

/** Stands for a probe step not verified (yet): it holds nothing and excuses nothing. */
const PENDING: StepVerification = { by: 'probes', holds: false, items: [], durationMs: 0 };

/** Whether a step before `i` failed and is not excused (then step `i` is not reached). */
function standingFailureBefore(i: number, verifications: ReadonlyArray<StepVerification | undefined>, superseded: ReadonlyArray<number | undefined>): boolean {
  return verifications.slice(0, i).some((v, k) => v === undefined || (v.by !== 'reading' && !v.holds && superseded[k] === undefined));
}

/** Where `checkScenario` reads the state. */
export interface CheckScenarioOptions {
  exec: Exec;
  /** Recorded in the outcome: the host's namespaces, or a practice sandbox's. */
  where: 'private' | 'host';
  /** Which private sandbox, when `where` is private (see SessionOutcome). */
  sandbox?: SessionOutcome['sandbox'];
  /** The values of the shell variables checks use (verifyStep); without them such a check fails, saying so. */
  variables?: SessionVariables;
  /** Practice: the numbers of the steps the student finished in the session (done or solved). */
  finished?: ReadonlySet<number>;
}

/**
 * Checks every step (see the module comment).
 * @returns the outcome: per step its status (`done`, `failed`, `not-reached`, `reading`) and,
 *   up to the first failed step, the items of its verification with expected, found and
 *   diagnosis; `ok` when no step failed. Never throws for a state problem.
 */
export async function checkScenario(scenario: Scenario, { exec, where, sandbox, variables, finished = new Set() }: CheckScenarioOptions): Promise<SessionOutcome> {
  const startedAt = Date.now();
  const started = performance.now();
  const verify = (step: Scenario['steps'][number]) => verifyStep(step, exec, { defaultTimeoutMs: scenario.meta.timeoutMs, variables });
  // In file order, but once a step has failed, steps verified by probes wait: only steps verified
  // by checks can excuse an earlier failure, and a probe (a ping with its own timeouts, ~10 s
  // across a broken link) after a failure that stands would be shown as not reached anyway.
  const verifications: Array<StepVerification | undefined> = [];
  let failedYet = false;
  for (const step of scenario.steps) {
    const deferred: boolean = failedYet && verificationOf(step) === 'probes';
    const v: StepVerification | undefined = deferred ? undefined : await verify(step);
    verifications.push(v);
    failedYet ||= v !== undefined && v.by !== 'reading' && !v.holds;
  }
  // A deferred probe step is needed only when every failure before it is excused after all.
  let superseded = supersedingSteps(scenario.steps, verifications.map((v) => v ?? PENDING), variables);
  for (const [i, step] of scenario.steps.entries()) {
    if (verifications[i] === undefined && (finished.has(step.number) || !standingFailureBefore(i, verifications, superseded))) {
      verifications[i] = await verify(step);
      superseded = supersedingSteps(scenario.steps, verifications.map((v) => v ?? PENDING), variables);
    }
  }
  const steps: StepOutcome[] = [];
  let failed = false;
  scenario.steps.forEach((step, i) => {
    const v = verifications[i] ?? PENDING;
    const base = { number: step.number, id: step.id, title: step.title, verifiedBy: v.by, hintsShown: 0, hintsTotal: step.hints.length };
    const wasFinished = finished.has(step.number);
    if (failed && !wasFinished) {
      steps.push({ ...base, status: 'not-reached', items: [] });
      return;
    }
    if (v.by === 'reading') {
      steps.push({ ...base, status: 'reading', items: [] });
      return;
    }
    const supersededBy = superseded[i];
    const fails = !v.holds && supersededBy === undefined;
    failed ||= fails;
    steps.push({
      ...base, status: fails ? 'failed' : 'done', ...(supersededBy !== undefined && { supersededBy }),
      ...(fails && wasFinished && { finishedEarlier: true }), items: v.items,
    });
  });
  return {
    kind: 'check',
    scenario: { file: scenario.file, title: scenario.meta.title },
    where,
    ...(sandbox && { sandbox }),
    steps,
    startedAt,
    durationMs: performance.now() - started,
    ok: steps.every((s) => isFinished(s.status)),
  };
}
