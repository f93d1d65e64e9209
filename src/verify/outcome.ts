/**
 * The structured outcome of verifying steps, for `nslab practice` and `nslab check`: what a
 * terminal table, a JSON or JUnit report and a progress store are built from. Pure.
 */

/**
 * How a step stands.
 * - `done`: it holds (`check`), or the student made it hold (`practice`);
 * - `solved`: nslab ran its commands for the student (`solve` in a practice shell);
 * - `failed`: it does not hold (`check`: the first such step, and in practice a step the student
 *   finished that no longer holds; `practice`: the step the session ended on);
 * - `not-reached`: a step after the first that failed (`check` in practice: that the student has
 *   not finished), or after the one a practice session ended on;
 * - `reading`: nothing to verify (no check, no read-only probe); `next` completes it in `practice`.
 */
export type StepOutcomeStatus = 'done' | 'solved' | 'failed' | 'not-reached' | 'reading';

/**
 * A step counts as finished when it is done, solved or read (a reading step has nothing to
 * verify): a verified step, and a reported one (whose `skipped` is not finished).
 */
export function isFinished(status: StepOutcomeStatus | 'skipped'): boolean {
  return status === 'done' || status === 'solved' || status === 'reading';
}

/** What verifies a step: its check blocks, else its read-only probes, else nothing (a reading step). */
export type VerifiedBy = 'checks' | 'probes' | 'reading';

/** One check line, or one probe command run again, and how it went. */
export interface VerificationItem {
  source: 'check' | 'probe';
  /** 1-based line in the scenario file: the check's, or the command's. */
  line: number;
  /** The check as written, or the command's text. */
  text: string;
  passed: boolean;
  /** What was expected, e.g. `R: sysctl net.ipv4.ip_forward = 1`, `exit status 2; output contains "Network is unreachable"`. */
  expected: string;
  /** What was found, e.g. `net.ipv4.ip_forward = 0`; '' when it passed without anything to say. */
  found: string;
  /** For a failed ping (check or probe): the cause `nslab why` names, one sentence. */
  diagnosis?: string;
  /** A probe's exit status (null when it did not end on its own: timed out); absent for a check. */
  exitCode?: number | null;
  /** Wall time, in ms. */
  durationMs: number;
}

/** One verification of one step against the live state (see `verifyStep`). */
export interface StepVerification {
  by: VerifiedBy;
  /** True when every item passed; false for a reading step (nothing can hold). */
  holds: boolean;
  /** In file order; with `failFast`, up to and including the first that failed. */
  items: VerificationItem[];
  /** Wall time, in ms. */
  durationMs: number;
}

/** A step's outcome in a practice session or a check. */
export interface StepOutcome {
  /** 1-based step number. */
  number: number;
  /** The step's id (slug of its heading). */
  id: string;
  title: string;
  status: StepOutcomeStatus;
  verifiedBy: VerifiedBy;
  /**
   * `check` only: the number of the later step, verified by checks, that holds and has moved
   * the state past this step, which does not hold: an observation step's probe shows a moment
   * such as "Network is unreachable" before the default routes, or each failing check of this
   * step is contradicted by a check of that step (see verify/superseded.ts).
   */
  supersededBy?: number;
  /**
   * `check` in a practice session: the student finished this step in the session, and it no
   * longer holds (status `failed`; a later step may have undone it, or the student did).
   */
  finishedEarlier?: boolean;
  /**
   * Practice, resumed: nslab ran the step's commands quietly in the new sandbox to reach the
   * first unfinished step (it was finished in an earlier session); its status is `done`.
   */
  fastForwarded?: boolean;
  /**
   * Practice, status `solved`: what ran its commands. `solve`: the practice shell's `solve`;
   * `run`: `nslab serve`'s *Run* typed them into the student's shell during the step.
   */
  solvedBy?: 'solve' | 'run';
  /** How many of the step's hints were shown (practice). */
  hintsShown: number;
  /** How many hints the step has. */
  hintsTotal: number;
  /** When the step was first shown (practice), epoch ms. */
  startedAt?: number;
  /** When it became done or solved (practice), epoch ms. */
  finishedAt?: number;
  /** Time spent on the step, in ms: from `startedAt` to `finishedAt`, or to the end of the session. */
  durationMs?: number;
  /** The items of the step's last verification ([] when never verified). */
  items: VerificationItem[];
  /** The diagnoses the student asked for on this step (practice's `why`), in order. */
  diagnoses?: SessionDiagnosis[];
}

/** One `why SRC DST` asked in a practice shell, as the report keeps it. */
export interface SessionDiagnosis {
  src: string;
  dst: string;
  /** True when every hop there and back held. */
  clear: boolean;
  /** The cause of the first broken hop, in one or two sentences (absent when clear). */
  because?: string;
  /** The command that fixes it, when there is one. */
  fix?: string;
  /** When it was asked, epoch ms. */
  at: number;
}

/** A whole practice session or check. */
export interface SessionOutcome {
  kind: 'practice' | 'check';
  scenario: { file: string; title: string };
  /** Where the state was read: a private sandbox, or the host's namespaces. */
  where: 'private' | 'host';
  /**
   * Which private sandbox: a practice's (the default), or a run's, when `nslab check` is one of
   * the commands a run (or `nslab test`) runs in its sandbox.
   */
  sandbox?: 'practice' | 'run';
  steps: StepOutcome[];
  /** Epoch ms. */
  startedAt: number;
  /** Wall time, in ms. */
  durationMs: number;
  /** True when every step is done, solved or reading. */
  ok: boolean;
  /** Practice: the shell ended by a hangup (the terminal closed), not by the student's `exit`. */
  hungUp?: boolean;
}
