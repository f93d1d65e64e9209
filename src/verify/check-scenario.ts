/**
 * `nslab check`: the current state against every step of a scenario, in order, changing
 * nothing. Each step is verified as `verifyStep` does; the first step that does not hold is
 * `failed` and the steps after it are `not-reached`.
 *
 * One exception makes a finished tutorial check ✔ all through: a step the later steps moved
 * past counts as done, `supersededBy` that later step. A step verified by probes alone is an
 * observation of a moment ("Network is unreachable" before the default routes), excused by a
 * later step verified by checks that holds; a step verified by checks is excused only when each
 * of its failing checks is contradicted by a check that holds in a later step that is done
 * (`link H1-eth0 exists`, then `link H1-eth0 is absent` once moved into H1). See superseded.ts.
 */
import { performance } from 'node:perf_hooks';
import type { Scenario } from '../scenario/model.js';
import type { Exec } from '../sandbox/types.js';
import { isFinished } from '../report/run-report.js';
import type { SessionOutcome, StepOutcome, StepVerification } from './outcome.js';
import { supersedingSteps } from './superseded.js';
import { verifyStep } from './verify-step.js';

/** Where `checkScenario` reads the state. */
export interface CheckScenarioOptions {
  exec: Exec;
  /** Recorded in the outcome: the host's namespaces, or a practice sandbox's. */
  where: 'private' | 'host';
}

/**
 * Checks every step (see the module comment).
 * @returns the outcome: per step its status (`done`, `failed`, `not-reached`, `reading`) and,
 *   up to the first failed step, the items of its verification with expected, found and
 *   diagnosis; `ok` when no step failed. Never throws for a state problem.
 */
export async function checkScenario(scenario: Scenario, { exec, where }: CheckScenarioOptions): Promise<SessionOutcome> {
  const startedAt = Date.now();
  const started = performance.now();
  const verifications: StepVerification[] = [];
  for (const step of scenario.steps) {
    verifications.push(await verifyStep(step, exec, { defaultTimeoutMs: scenario.meta.timeoutMs }));
  }
  const superseded = supersedingSteps(scenario.steps, verifications);
  const steps: StepOutcome[] = [];
  let failed = false;
  scenario.steps.forEach((step, i) => {
    const v = verifications[i]!;
    const base = { number: step.number, id: step.id, title: step.title, verifiedBy: v.by, hintsShown: 0, hintsTotal: step.hints.length };
    if (failed) {
      steps.push({ ...base, status: 'not-reached', items: [] });
      return;
    }
    if (v.by === 'reading') {
      steps.push({ ...base, status: 'reading', items: [] });
      return;
    }
    const supersededBy = superseded[i];
    failed = !v.holds && supersededBy === undefined;
    steps.push({ ...base, status: failed ? 'failed' : 'done', ...(supersededBy !== undefined && { supersededBy }), items: v.items });
  });
  return {
    kind: 'check',
    scenario: { file: scenario.file, title: scenario.meta.title },
    where,
    steps,
    startedAt,
    durationMs: performance.now() - started,
    ok: steps.every((s) => isFinished(s.status)),
  };
}
