/**
 * The lesson page's {@link LessonState}, built from a practice session as it stands. Pure: the
 * marks come from what the session last verified, never from a verification of its own, so
 * the page shows ✔ only where practice itself found the check to hold. A finished step's marks
 * come from the latest `check` of the session (the student's, or the server's after the
 * network changed) when there is one made after it was finished: its credit stays, but its
 * checks say whether they hold now.
 */
import { creditedObservations, describeObservation } from '../practice/earned-credit.js';
import { checksOf } from '../run/run-step.js';
import { verificationOf } from '../verify/verify-step.js';
import type { Scenario, Step } from '../scenario/model.js';
import { isFinished, type SessionOutcome, type StepOutcome, type VerificationItem } from '../verify/outcome.js';
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
  /**
   * The latest check of every step against the sandbox (PracticeSession.checkNow, or the
   * `check` event's outcome) and the steps finished when it was made: those steps' marks are
   * taken from it. Absent: none made yet.
   */
  recheck?: Recheck;
}

/** A check of every step made in a practice session, and which steps were finished then. */
export interface Recheck {
  outcome: SessionOutcome;
  finished: ReadonlySet<number>;
}

/** A step's mark: finished as practice says (a resume's fast-forward apart), else current or pending. */
function stepMark(outcome: StepOutcome, current: number | null): StepMark {
  const { status, number } = outcome;
  if (status === 'done' && outcome.fastForwarded) return 'fast-forwarded';
  if (status === 'done' || status === 'solved' || status === 'reading') return status;
  return number === current ? 'current' : 'pending';
}

/**
 * How a finished step stands in a check made after it was finished: whether it holds now, and
 * its checks' marks from that check; undefined when the check does not cover it (not finished
 * when it was made, or a reading step).
 */
function standingNow(step: Step, o: StepOutcome, recheck: Recheck | undefined): Pick<StepView, 'holdsNow' | 'supersededBy' | 'checks'> | undefined {
  if (!recheck?.finished.has(step.number) || o.verifiedBy === 'reading' || !isFinished(o.status)) return undefined;
  const now = recheck.outcome.steps.find((s) => s.number === step.number);
  if (!now || now.status === 'reading' || now.status === 'not-reached') return undefined;
  return {
    holdsNow: now.status === 'done' && now.supersededBy === undefined,
    ...(now.supersededBy !== undefined && { supersededBy: now.supersededBy }),
    checks: checkViews(step, { ...o, items: now.items }),
  };
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
    return {
      number: step.number, title: step.title, mark: stepMark(o, current), verifiedBy: o.verifiedBy, checks: checkViews(step, o),
      ...(o.status === 'solved' && { solvedBy: o.solvedBy ?? 'solve' }),
      ...standingNow(step, o, input.recheck),
    };
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
