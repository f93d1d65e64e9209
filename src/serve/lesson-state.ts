/**
 * The lesson page's {@link LessonState}, built from a practice session as it stands. Pure: the
 * marks come from what the session last verified, never from a verification of its own, so
 * the page shows ✔ only where practice itself found the check to hold.
 */
import { creditedObservations, describeObservation } from '../practice/earned-credit.js';
import { checksOf } from '../run/run-step.js';
import { verificationOf } from '../verify/verify-step.js';
import type { Scenario, Step } from '../scenario/model.js';
import type { SessionOutcome, StepOutcome, StepOutcomeStatus, VerificationItem } from '../verify/outcome.js';
import type { CheckView, LessonState, StepMark, StepView } from '../view/web/protocol.js';

/** What the state is built from. */
export interface LessonStateInput {
  /** The lesson's id in URLs. */
  lesson: string;
  scenario: Scenario;
  /** The session's outcome now (PracticeSession.outcome()): each step's status and last items. */
  outcome: SessionOutcome;
  /** The current step's number (PracticeSession.currentStep); null when every step is finished. */
  current: number | null;
  /** How many times the lesson was restarted in a fresh sandbox. */
  generation: number;
}

/** A step's mark: finished as practice says, else current or pending. */
function stepMark(status: StepOutcomeStatus, number: number, current: number | null): StepMark {
  if (status === 'done' || status === 'solved' || status === 'reading') return status;
  return number === current ? 'current' : 'pending';
}

/**
 * One line's view from the step's last verification: the item of the same line and source, or
 * `unchecked` when there is none (never verified, or a fail-fast verification stopped at an
 * earlier item).
 */
function checkView(line: number, text: string, item: VerificationItem | undefined): CheckView {
  if (!item) return { line, text, mark: 'unchecked' };
  if (item.passed) return { line, text, mark: 'passed' };
  return {
    line, text, mark: 'failed', expected: item.expected, found: item.found,
    ...(item.diagnosis !== undefined && { diagnosis: item.diagnosis }),
  };
}

/**
 * What verifies a step, line by line: its checks as written; for a step verified by probes,
 * the observations that credit it (earned-credit.ts), in words.
 */
function checkViews(step: Step, outcome: StepOutcome): CheckView[] {
  const itemAt = (source: VerificationItem['source'], line: number) => outcome.items.find((i) => i.source === source && i.line === line);
  if (outcome.verifiedBy === 'checks') return checksOf(step).map((check) => checkView(check.line, check.source, itemAt('check', check.line)));
  if (outcome.verifiedBy === 'probes') {
    return creditedObservations(step).map((o) => checkView(o.probe.command.line, describeObservation(o), itemAt('probe', o.probe.command.line)));
  }
  return [];
}

/**
 * @returns the lesson's state for the page (protocol.ts); steps in order, each with its mark
 *   and its checks' marks
 */
export function buildLessonState(input: LessonStateInput): LessonState {
  const { scenario, outcome, current } = input;
  const steps: StepView[] = scenario.steps.map((step, i) => {
    const o = outcome.steps[i]!;
    return { number: step.number, title: step.title, mark: stepMark(o.status, step.number, current), verifiedBy: o.verifiedBy, checks: checkViews(step, o) };
  });
  return { lesson: input.lesson, title: scenario.meta.title, current, steps, generation: input.generation };
}

/**
 * The state of a lesson started over in a fresh sandbox, before its session has shown step 1:
 * nothing verified, nothing finished, so that no mark of the old sandbox stays on the page.
 */
export function freshLessonState(lesson: string, scenario: Scenario, generation: number): LessonState {
  const steps: StepView[] = scenario.steps.map((step) => {
    const verifiedBy = verificationOf(step);
    const empty: StepOutcome = { number: step.number, id: step.id, title: step.title, status: 'not-reached', verifiedBy, hintsShown: 0, hintsTotal: step.hints.length, items: [] };
    return { number: step.number, title: step.title, mark: step.number === 1 ? 'current' : 'pending', verifiedBy, checks: checkViews(step, empty) };
  });
  return { lesson, title: scenario.meta.title, current: steps.length > 0 ? 1 : null, steps, generation };
}
