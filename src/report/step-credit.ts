/**
 * Whose work a reported step is: the name of its outcome for a student's record, from the
 * mode that wrote the report, the step's status and whether nslab fast-forwarded it. A step
 * is the student's own (**earned**) only when it is `done` in practice: the student's
 * commands made it hold (an observation step: the student made the observation). nslab's
 * `run` typed the commands itself, `check` saw a state without knowing who made it, `solve`
 * and a fast-forward ran the lesson's commands. Pure.
 */
import type { ReportMode, ReportStepStatus } from './run-report.js';

/**
 * A step's outcome, named (docs/reports.md, "Step outcomes"):
 * - `done`: the student's own commands made it hold (practice): earned;
 * - `ran`: nslab ran its commands and they held (run, demo, predict, test);
 * - `held`: it held when checked, whoever made it (check);
 * - `solved`: nslab ran its commands for the student (practice's `solve`);
 * - `read`: nothing to verify; read (`next` in practice);
 * - `skipped`: the user chose Skip (run);
 * - `fast-forwarded`: nslab ran it unasked to reach a later step (`run --from`, a resumed practice);
 * - `failed`: it did not hold (the step a practice ended on; a run's failed step);
 * - `not-reached`: the session ended before it.
 */
export type StepCredit = 'done' | 'ran' | 'held' | 'solved' | 'read' | 'skipped' | 'fast-forwarded' | 'failed' | 'not-reached';

/**
 * Names a reported step's outcome (see StepCredit).
 * @param mode the mode of the report the step is in
 * @param step its status and whether it was fast-forwarded
 */
export function stepCredit(mode: ReportMode, step: { status: ReportStepStatus; fastForwarded?: boolean }): StepCredit {
  if (step.status === 'not-reached') return 'not-reached';
  if (step.fastForwarded) return 'fast-forwarded';
  switch (step.status) {
    case 'done':
      return mode === 'practice' ? 'done' : mode === 'check' ? 'held' : 'ran';
    case 'reading':
      return 'read';
    default:
      return step.status;
  }
}

/** True for the student's own work: done by their commands in practice. */
export function isEarned(credit: StepCredit): boolean {
  return credit === 'done';
}
