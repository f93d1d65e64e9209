/**
 * Keeps what a detailed (HTML) report needs of a run's `step-state` events (emitted with
 * `runScenario`'s `watchState`, see src/run/state-watcher.ts): for each step run in full, the
 * state before its first attempt and after its last, and the state the first failed attempt left.
 */
import type { RunEvent, RunListener } from '../../run/events.js';
import type { NetworkState } from '../../topology/network-state.js';

/** The emulation around one step. */
export interface StepStates {
  /** Before the step's first attempt. */
  before: NetworkState;
  /** After its last attempt. */
  after: NetworkState;
}

/** What a run's events said about the state, step by step. */
export interface RecordedStates {
  /** By step number; only steps run in full (fast-forwarded steps are not watched). */
  steps: Map<number, StepStates>;
  /** The first attempt of a step that failed, and the state it left (a Retry may change it later). */
  firstFailure?: { step: number; state: NetworkState };
  /** The number of the last step whose state was read. */
  lastStep?: number;
}

/** A listener to add to a run's, and what it has recorded so far. */
export interface StepStateRecorder {
  /** Give it every event of the run (it ignores the ones it does not need). Never throws. */
  listener: RunListener;
  /** What was recorded; read it after the run. */
  recorded: RecordedStates;
}

/** Creates a recorder for one run. */
export function createStepStateRecorder(): StepStateRecorder {
  const recorded: RecordedStates = { steps: new Map() };
  // `step-state` follows its attempt's `step-end` (run-scenario.ts): the status to pair it with.
  let lastEnd: { step: number; failed: boolean } | undefined;
  const listener = (event: RunEvent): void => {
    if (event.kind === 'step-end') {
      lastEnd = { step: event.result.step.number, failed: event.result.status === 'failed' };
    } else if (event.kind === 'step-state') {
      const n = event.step.number;
      const known = recorded.steps.get(n);
      recorded.steps.set(n, { before: known?.before ?? event.before, after: event.after });
      recorded.lastStep = n;
      if (!recorded.firstFailure && lastEnd?.step === n && lastEnd.failed) recorded.firstFailure = { step: n, state: event.after };
    }
  };
  return { listener, recorded };
}
