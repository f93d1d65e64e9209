/**
 * Who decides, between steps, whether the run goes on: a person at a prompt (guided mode) or
 * a fixed policy (`--yes`). The runner asks; the CLI answers.
 */
import type { Command, Step } from '../scenario/model.js';
import type { NetworkState } from '../topology/network-state.js';
import type { StepResult } from './events.js';
import type { PredictedOutcome, PredictionQuestion } from './prediction.js';

/** The choice before a step. */
export type BeforeStepChoice = 'run' | 'skip' | 'quit';
/** The choice after a step failed. */
export type AfterFailureChoice = 'retry' | 'continue' | 'quit';

/** What a controller may look at while it waits for an answer: the live emulation. */
export interface LiveView {
  /** Reads the state of the sandbox (or host) now; throws EnvironmentError when it cannot. */
  readState(): Promise<NetworkState>;
}

/** Answers the runner's questions. */
export interface Controller {
  /**
   * Asked before each step, after its header, explanation and commands were shown.
   * @param live the emulation as it is at the pause (a guided run's `t` draws it).
   */
  beforeStep(step: Step, total: number, live?: LiveView): Promise<BeforeStepChoice>;
  /** Asked after a step failed. */
  afterFailure(result: StepResult, live?: LiveView): Promise<AfterFailureChoice>;
  /**
   * `run --demo`: called after a command's `command-start` event and before it runs; the run
   * waits until it resolves (the presenter pressed Enter). A rejection (Ctrl-C) interrupts the run.
   */
  beforeCommand?(step: Step, command: Command): Promise<void>;
  /**
   * `run --predict`: asked before a command worth a prediction (see predictionQuestion), before
   * its `command-start` event. A rejection (Ctrl-C) interrupts the run.
   * @returns one of `question.choices`
   */
  predict?(question: PredictionQuestion): Promise<PredictedOutcome>;
}

/** `--yes`: run every step without asking, stop at the first failing step. */
export const unattendedController: Controller = {
  beforeStep: async () => 'run',
  afterFailure: async () => 'quit',
};
