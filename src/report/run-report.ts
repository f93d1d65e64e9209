/**
 * The report of one scenario run, as written by `--report FILE.json` and read back by
 * `nslab grade` and the progress store. The JSON Schema of this shape is
 * docs/report.schema.json (documented in docs/reports.md); a change here changes both, and
 * `REPORT_SCHEMA_VERSION` when old readers would misread it.
 */
import type { Prediction } from '../run/prediction.js';
import type { StepCredit } from './step-credit.js';

/** Bumped when a field changes meaning or a required field is added. */
export const REPORT_SCHEMA_VERSION = 1;

/**
 * How a step ended, for a student's record:
 * - `done`: it ran and every expectation and check held (run, demo, predict, test; in practice:
 *   the student's own commands made it hold);
 * - `solved`: it holds because nslab ran its commands for the student (practice's `solve`);
 * - `failed`: a command missed its expectation or a check did not hold;
 * - `skipped`: the user chose Skip;
 * - `not-reached`: the run ended (quit, interrupt, an earlier failure) before the step ended;
 * - `reading`: a step with nothing to run or check, read and passed.
 */
export type ReportStepStatus = 'done' | 'solved' | 'failed' | 'skipped' | 'not-reached' | 'reading';

/** A step counts as finished when it is done, solved or read; `skipped` is not (verify/outcome.ts). */
export { isFinished } from '../verify/outcome.js';

/** Which command wrote the report. */
export type ReportMode = 'run' | 'demo' | 'predict' | 'test' | 'check' | 'practice';

/** One evaluated line of a `check` block. */
export interface ReportCheck {
  /** The check as written. */
  source: string;
  /** Its line in the scenario file. */
  line: number;
  ok: boolean;
  expected: string;
  found: string;
  /** For a failed `ping ... succeeds`: the cause `nslab why` found, in one sentence. */
  diagnosis?: string;
  durationMs: number;
}

/** One command that ran. */
export interface ReportCommand {
  /** Line of its first line in the scenario file. */
  line: number;
  command: string;
  /** Null when it did not end on its own (timed out, interrupted). */
  exitCode: number | null;
  /** True when it met every expectation of its block. */
  ok: boolean;
  /** The unmet expectations, `; `-joined; only when not ok. */
  expected?: string;
  /** What happened instead; only when not ok. */
  found?: string;
  /** For a failed ping: the cause `nslab why` found. */
  diagnosis?: string;
  durationMs: number;
  /** Its output, stdout and stderr interleaved; only in a detailed report (HTML). */
  output?: string;
}

/** A student's prediction before a command (`run --predict`): the runner's own record of it. */
export type ReportPrediction = Prediction;

/** A diagnosis asked for in a practice shell (`why SRC DST`); `at` is an ISO 8601 time. */
export interface ReportDiagnosis {
  src: string;
  dst: string;
  clear: boolean;
  because?: string;
  fix?: string;
  at: string;
}

/** One step of the report. */
export interface ReportStep {
  number: number;
  id: string;
  title: string;
  status: ReportStepStatus;
  /** Ran as part of a fast-forward (`--from`, `--step`, a resumed practice), not by the student's choice. */
  fastForwarded: boolean;
  /**
   * Whose work the step is, named (step-credit.ts): `done` only for what the student's own
   * commands made hold in practice. Always written; absent in reports of older nslab versions
   * (readers then name it with `stepCredit(mode, step)`).
   */
  credit?: StepCredit;
  checks: ReportCheck[];
  commands: ReportCommand[];
  /** Hints shown for this step (practice); 0 elsewhere. */
  hintsUsed: number;
  /** Every prediction made in this step, in order (`run --predict`); empty elsewhere. */
  predictions: ReportPrediction[];
  /** Wall time of the step's last attempt, in ms; 0 when it did not run. */
  durationMs: number;
  /**
   * How many times the step ran, when more than once (Retry after a failure); absent for one.
   * Its commands, checks and status are the last attempt's.
   */
  attempts?: number;
  /**
   * `background` commands seen to end by themselves during this step (a server that could not
   * start): the command, its exit status (null: killed by a signal) and the end of its output.
   */
  background?: Array<{ command: string; exitCode: number | null; output: string }>;
  /** The `why SRC DST` diagnoses the student asked for on this step (practice), in order. */
  diagnoses?: ReportDiagnosis[];
  /** The step's prose, Markdown source as written (fences excluded); only in a detailed report (HTML). */
  explanation?: string;
  /**
   * What the step changed in the emulation (first attempt's start to last attempt's end), one
   * line per change as `run --show-changes` prints it; empty when it changed nothing. Only in
   * a detailed report, and only for steps run in full (not fast-forwarded, not not-reached).
   */
  changes?: string[];
  /** The topology as this step left it, when it is the run's first failure or its last step run; detailed reports only. */
  topology?: ReportTopology;
}

/** A picture of the emulation at one moment of a run (see docs/topology.md). */
export interface ReportTopology {
  /** Why the picture is here: the first failed step, the last step run, or both. */
  moments: Array<'first-failure' | 'last-step'>;
  /** The text picture, as `nslab topo --format text` draws it. */
  text: string;
  /** The picture as an SVG element laid out by Graphviz `dot`; absent when `dot` could not run (`svgError` says why). */
  svg?: string;
  /** Why there is no SVG (Graphviz missing or failing). */
  svgError?: string;
}

/** Counts over all steps. */
export interface ReportTotals {
  steps: number;
  done: number;
  /** Steps the student earned: `credit` `done` (practice, by the student's own commands). */
  earned: number;
  solved: number;
  failed: number;
  skipped: number;
  notReached: number;
  reading: number;
  hintsUsed: number;
  predictions: number;
  predictionsRight: number;
}

/** The whole report. */
export interface RunReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  scenario: {
    title: string;
    path: string;
    sha256: string;
    /** The introduction's prose, Markdown as written, its `# Title` left out; only in a detailed report (HTML). */
    introduction?: string;
  };
  /** The student's name when given (`--student`, `NSLAB_STUDENT`); grade otherwise uses the file name. */
  student?: string;
  /** Who ran it (under sudo: SUDO_USER). */
  user: string;
  mode: ReportMode;
  /** Where the commands ran. */
  sandbox: 'private' | 'host';
  /** How the run ended. */
  status: 'passed' | 'failed' | 'quit' | 'interrupted';
  /** ISO 8601 times (UTC). */
  started: string;
  finished: string;
  durationMs: number;
  steps: ReportStep[];
  totals: ReportTotals;
}

/**
 * Counts a report's steps.
 * @param steps the report's steps
 */
export function reportTotals(steps: readonly ReportStep[]): ReportTotals {
  const count = (s: ReportStepStatus) => steps.filter((step) => step.status === s).length;
  const predictions = steps.flatMap((s) => s.predictions);
  return {
    steps: steps.length,
    done: count('done'),
    earned: steps.filter((step) => step.credit === 'done').length,
    solved: count('solved'),
    failed: count('failed'),
    skipped: count('skipped'),
    notReached: count('not-reached'),
    reading: count('reading'),
    hintsUsed: steps.reduce((n, s) => n + s.hintsUsed, 0),
    predictions: predictions.length,
    predictionsRight: predictions.filter((p) => p.right).length,
  };
}
