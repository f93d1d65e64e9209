/**
 * Folds one session's report into a student's progress. Pure.
 */
import { isFinished, type ReportStep, type ReportStepStatus, type RunReport } from '../report/run-report.js';
import { stepCredit } from '../report/step-credit.js';
import { PROGRESS_SCHEMA_VERSION, type LastPractice, type ScenarioProgress, type StepProgress } from './model.js';

/** Which outcome wins when two sessions disagree: the higher. */
const RANK: Record<ReportStepStatus, number> = { 'not-reached': 0, skipped: 1, failed: 2, solved: 3, reading: 4, done: 4 };

function emptyStep(step: ReportStep): StepProgress {
  return { number: step.number, id: step.id, title: step.title, status: 'not-reached', failures: 0, hintsUsed: 0, predictions: [], timeMs: 0 };
}

function mergeStep(old: StepProgress, step: ReportStep, report: RunReport): StepProgress {
  const when = report.finished;
  // A fast-forwarded step was run by nslab to reach a later one: it says nothing about the student.
  if (step.fastForwarded || step.status === 'not-reached') return { ...old, id: step.id, title: step.title };
  return {
    ...old,
    id: step.id,
    title: step.title,
    status: RANK[step.status] > RANK[old.status] ? step.status : old.status,
    ...((old.earned || stepCredit(report.mode, step) === 'done') && { earned: true }),
    failures: old.failures + (step.status === 'failed' ? 1 : 0),
    hintsUsed: Math.max(old.hintsUsed, step.hintsUsed),
    predictions: [...old.predictions, ...step.predictions],
    timeMs: old.timeMs + step.durationMs,
    lastActivity: when,
  };
}

/** A practice session's record for resuming: when it ended, and the steps it finished. */
function practiceRecord(report: RunReport): LastPractice {
  return { ended: report.finished, finished: report.steps.filter((s) => isFinished(s.status)).map((s) => s.number) };
}

/**
 * @param old the stored progress of the report's scenario version, if any (same path and sha256)
 * @param report the session's report
 * @returns the new progress; steps are matched by number (same sha256, so the same steps)
 */
export function mergeProgress(old: ScenarioProgress | undefined, report: RunReport): ScenarioProgress {
  const steps = report.steps.map((step) => mergeStep(old?.steps.find((s) => s.number === step.number) ?? emptyStep(step), step, report));
  return {
    schemaVersion: PROGRESS_SCHEMA_VERSION,
    scenario: { ...report.scenario },
    user: report.user,
    sessions: (old?.sessions ?? 0) + 1,
    firstActivity: old?.firstActivity ?? report.started,
    lastActivity: report.finished,
    steps,
    // Only a practice replaces it: resume goes on from the student's own practice, not a run's.
    lastPractice: report.mode === 'practice' ? practiceRecord(report) : old?.lastPractice,
  };
}
