/**
 * What a run reports while it goes. The runner emits these; reporters (terminal, JSON, ...)
 * listen. The runner itself never writes to the terminal.
 */
import type { CheckResult } from '../check/model.js';
import type { Block, Command, Scenario, Step } from '../scenario/model.js';
import type { HostRunEnd } from '../host-mode/track-host-run.js';
import type { CommandResult, BackgroundExit } from '../sandbox/types.js';
import type { NetworkState } from '../topology/network-state.js';
import type { Prediction } from './prediction.js';
import type { StateChange } from './precheck.js';

/** One expectation of a command that was not met. */
export interface ExpectationFailure {
  /** What the scenario asked for, e.g. `exit status 0`, `output contains "Network is unreachable"`. */
  expected: string;
  /** What happened, e.g. `exit status 2`, or the tail of the output. */
  found: string;
  /** Where the output first departs from the transcript, diff-style with neighbours (transcripts only; see transcript-view.ts). */
  diff?: string;
}

/** A command that ran, and how it met its block's expectations. */
export interface CommandOutcome {
  command: Command;
  result: CommandResult;
  /** Empty when every expectation was met. */
  failures: ExpectationFailure[];
  /** How many times it ran (more than 1 with `retry=`). */
  attempts: number;
  /** For a ping that failed (as expected or not): the cause `nslab why` found, in one sentence. */
  explanation?: string;
  /** `run --predict`: what the person predicted before it ran, and whether that was right. */
  prediction?: Prediction;
}

/**
 * How a step ended. `skipped`: the user chose Skip; `interrupted`: Ctrl-C or SIGTERM stopped
 * it; `not-run`: the run stopped before it.
 */
export type StepStatus = 'passed' | 'failed' | 'skipped' | 'interrupted' | 'not-run';

/** Everything known about one step after it ran. */
export interface StepResult {
  step: Step;
  status: StepStatus;
  commands: CommandOutcome[];
  checks: CheckResult[];
  /**
   * With `precheck` (`nslab test`): the step's checks evaluated once before its commands, in
   * file order, up to and including the first that did not hold (one is enough to show the
   * checks test something). Undefined when the step was not prechecked or has no checks.
   */
  precheck?: CheckResult[];
  /**
   * True when every check already held before the step ran: the checks cannot tell whether
   * the step did anything, and the step is `failed` even if it then met everything.
   */
  vacuous: boolean;
  /**
   * With `precheck`: a zx check that changed the network state while the precheck evaluated it
   * (a check must only read); the step is `failed`.
   */
  changedState?: StateChange;
  /** True when the step ran as part of a fast-forward (`run --from`): no pause, output only on failure. */
  fastForwarded: boolean;
  /** Wall time of the last attempt, in ms (the precheck included). */
  durationMs: number;
  /** How many times the step was run (Retry after a failure runs it again). */
  attempts: number;
  /** `background` commands (of this step or an earlier one) seen to end by themselves during it. */
  backgroundExits?: BackgroundExit[];
  /**
   * Where a Retry resumes: the index, in the step's command order, of the command that did not
   * meet its expectation; the number of commands when they all did (a Retry then evaluates
   * the checks again).
   */
  resumeAt: number;
}

/** How a whole run ended. */
export type RunStatus = 'passed' | 'failed' | 'quit' | 'interrupted';

/** The structured result of `runScenario`. */
export interface RunResult {
  scenario: Scenario;
  status: RunStatus;
  steps: StepResult[];
  /** Output and status of the `cleanup` script, when the scenario has one. */
  cleanup?: CommandResult;
  /**
   * `--host` only: what the run created and its cleanup did not remove, and what nslab did
   * with each (removed, already gone, replaced by another object, failed).
   */
  host?: HostRunEnd;
  /** Wall time of the whole run (sandbox set-up included), in ms. */
  durationMs: number;
}

/** Events, discriminated by `kind`, in the order they happen. */
export type RunEvent =
  | {
      kind: 'run-start';
      scenario: Scenario;
      sandbox: 'private' | 'host';
      /** First step run in full (after the fast-forwarded ones); 1 without `from`. */
      from?: number;
      /** Last step that runs; the number of steps without `to`. */
      to?: number;
    }
  /** `fastForward`: the step runs unasked and a reporter shows it only when it fails. */
  | { kind: 'step-start'; step: Step; total: number; attempt: number; fastForward?: boolean }
  /** The step's checks evaluated before its commands (`precheck`); `vacuous` when all held. */
  | { kind: 'precheck-end'; step: Step; results: CheckResult[]; vacuous: boolean; changedState?: StateChange }
  | { kind: 'step-skipped'; step: Step }
  | { kind: 'command-start'; step: Step; block: Block; command: Command; background: boolean }
  | { kind: 'command-output'; chunk: string }
  | { kind: 'command-end'; step: Step; outcome: CommandOutcome }
  /** `skip` (`nslab test --mutate`): the command at `index` of the step's command order was left out on purpose. */
  | { kind: 'command-skipped'; step: Step; block: Block; command: Command; index: number }
  /**
   * A `background` command ended by itself (a server that could not start): said as soon as
   * nslab sees it, after the command during which it ended, with its exit status and output.
   */
  | { kind: 'background-exited'; step: Step; exit: BackgroundExit }
  | { kind: 'checks-start'; step: Step; count: number }
  | { kind: 'check-end'; step: Step; result: CheckResult }
  | { kind: 'step-end'; result: StepResult }
  /**
   * With `watchState` (`run --show-topology`, `--show-changes`): the emulation before and after
   * an attempt of a step that was not fast-forwarded, right after its `step-end`.
   */
  | { kind: 'step-state'; step: Step; before: NetworkState; after: NetworkState }
  | { kind: 'cleanup-start' }
  | { kind: 'cleanup-end'; result: CommandResult }
  /** `--host`, after cleanup: what nslab removed of what the run created (see {@link RunResult.host}). */
  | ({ kind: 'host-leftovers' } & HostRunEnd)
  /** Something the user should know that does not change the run's outcome (one line). */
  | { kind: 'warning'; message: string }
  | { kind: 'run-end'; result: RunResult };

/** A listener for run events. Must not throw. */
export type RunListener = (event: RunEvent) => void;
