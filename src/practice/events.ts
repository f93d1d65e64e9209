/**
 * What a practice session reports. The session emits these; a view (src/view/terminal/practice-view.ts)
 * renders them for the student's terminal. The session itself never writes to the terminal.
 */
import type { WhyResult } from '../diagnose/types.js';
import type { RunEvent, StepResult } from '../run/events.js';
import type { TopologyGraph } from '../topology/model.js';
import type { NetworkState } from '../topology/network-state.js';
import type { Hint, Scenario, Step } from '../scenario/model.js';
import type { SessionOutcome, StepVerification } from '../verify/outcome.js';
import type { SolvedCommand } from './solve-step.js';
import type { StuckHint } from './stuck-hint.js';

/** Events, discriminated by `kind`. */
export type PracticeEvent =
  /** The session starts (again, after `restart`): the title and introduction. */
  | { kind: 'start'; scenario: Scenario; restarted: boolean }
  /** A resume's fast-forward starts: nslab runs the commands of the steps before `at`. */
  | { kind: 'resuming'; at: number }
  /**
   * A resume's fast-forward ended: the steps before `at` were run by nslab. `failed`: the step
   * whose commands did not pass (it is the current step now, before `asked`).
   */
  | { kind: 'resumed'; at: number; asked: number; failed?: StepResult }
  /**
   * A step becomes the current one: its explanation and its commands, as reference. `observe`:
   * on an observation step, what the student has to observe themselves, one line each (one of
   * them is enough; practice/earned-credit.ts).
   */
  | { kind: 'step-shown'; step: Step; total: number; observe?: string[] }
  /**
   * The current step was completed: it held after a command (`done`), `solve` ran it, or `next`
   * read it. `already`: done on arrival, the student's earlier commands having made it hold.
   * `byRun`: solved because `nslab serve`'s *Run* typed commands into the shell during it.
   */
  | { kind: 'step-finished'; step: Step; how: 'done' | 'solved' | 'reading'; already?: boolean; byRun?: boolean }
  /** On an observation step, a command observed what the step shows with another outcome: `why`, in words. */
  | { kind: 'observation-missed'; step: Step; observation: string; why: string }
  /**
   * The zx check on `line` ran into its limit (`limitMs`) when verified after a command: each
   * command of the step waits that long for it. Said once per check.
   */
  | { kind: 'slow-check'; step: Step; line: number; text: string; limitMs: number }
  /** `next` on an observation step: what the student still has to observe. */
  | { kind: 'observe'; step: Step; observe: string[] }
  /** Every step is finished. */
  | { kind: 'all-finished'; outcome: SessionOutcome }
  /** `status`: the progress table, the current step marked. */
  | { kind: 'status'; outcome: SessionOutcome; current?: number }
  /** `hint`: the next written hint of the current step; when none is left, `stuck`: what does not hold. */
  | { kind: 'hint'; step: Step; hint?: Hint; index: number; total: number; stuck?: StuckHint }
  /** `why SRC DST`: the path walk, or why it could not be made. */
  | { kind: 'why'; result?: WhyResult; error?: string }
  /** `next` on a step that has something to verify, and does not hold: what is missing. */
  | { kind: 'not-yet'; step: Step; verification: StepVerification; asked: 'next' | 'solve' }
  /** `solve`: the run of the step's commands, event by event. */
  | { kind: 'run'; event: RunEvent }
  /** `solve`: a command of the step not run, its effect already there (`held`) or in its way (`conflict`). */
  | { kind: 'solve-skipped'; step: Step; solved: Extract<SolvedCommand, { how: 'held' | 'conflict' }> }
  /** `solve` went through the step's commands: what it did with each (its verification follows). */
  | { kind: 'solve-end'; step: Step; commands: SolvedCommand[] }
  /** `check`: every step against the sandbox's state. */
  | { kind: 'check'; outcome: SessionOutcome }
  /** `topo`: the sandbox's topology now. */
  | { kind: 'topology'; graph: TopologyGraph }
  /** `changes`: the state when the current step was shown (`since`: the step completed then), and now. */
  | { kind: 'changes'; before: NetworkState; after: NetworkState; since?: number }
  /** `restart`: a fresh sandbox follows once the shell has exited. */
  | { kind: 'restarting' }
  /** A request nslab does not know, or bad arguments. */
  | { kind: 'usage'; message: string }
  /** The session ended (the shell exited): the summary. */
  | { kind: 'end'; outcome: SessionOutcome };

/** A listener for practice events. Must not throw. */
export type PracticeListener = (event: PracticeEvent) => void;
