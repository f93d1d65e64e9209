/**
 * The end of a session with a scenario (run, demo, predict, practice, check, test): its report
 * is built, folded into the user's progress (not for check and test), and written to `--report
 * FILE` if asked. The one place that does all three, so every command records the same way.
 */
import { buildRunReport, type RunReportContext } from '../report/build-run-report.js';
import type { RecordedStates } from '../report/html/record-step-states.js';
import type { RunReport } from '../report/run-report.js';
import { writeReport, type ReportFormat } from '../report/write-report.js';
import type { RunResult } from '../run/events.js';
import { sudoOwner } from '../util/sudo-owner.js';
import { openProgressStore } from '../progress/progress-store.js';

/** What to do with a session's report. */
export interface RecordReportOptions {
  /** Record into the user's progress store (default true). */
  progress?: boolean;
  /** `--report FILE` and its format. */
  report?: { file: string; format: ReportFormat };
  /** For an HTML report: the states recorded during the run (createStepStateRecorder), for its changes and pictures. */
  stepStates?: RecordedStates;
  /** The environment for the progress store (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/** What to do at the end of a run. */
export interface FinishSessionOptions extends RunReportContext, RecordReportOptions {}

/** What happened at the end. */
export interface FinishedSession {
  report: RunReport;
  /** Why progress could not be recorded (the run's own result stands): a sentence for stderr. */
  progressWarning?: string;
}

/**
 * Builds a run's report, records progress, writes the report file (see `recordReport`).
 */
export async function finishSession(result: RunResult, options: FinishSessionOptions): Promise<FinishedSession> {
  const report = buildRunReport(result, options);
  // HTML shows more than the record keeps: prose, output, changes, pictures (it runs `dot`).
  const detailed =
    options.report?.format === 'html'
      ? await (await import('../report/html/detail-run-report.js')).detailRunReport(report, result, options.stepStates)
      : undefined;
  return recordReport(report, options, detailed);
}

/**
 * Records a session's report into progress and writes the report file.
 * @param report the report, built by buildRunReport or buildSessionReport
 * @param written what goes into the report file, when it says more than the record (the
 *   HTML page's details); default: the report itself
 * @returns the report, and a warning when progress could not be written (a full disk or an
 *   unwritable home must not turn a passed run into a failure)
 * @throws UsageError or the fs error when the report file cannot be written: the user asked for it
 */
export async function recordReport(report: RunReport, options: RecordReportOptions, written: RunReport = report): Promise<FinishedSession> {
  const store = options.progress === false ? undefined : await openProgressStore(options.env);
  let progressWarning: string | undefined;
  if (store) {
    try {
      await store.record(report);
    } catch (error) {
      progressWarning = `progress not saved in ${store.dir}: ${(error as Error).message}`;
    }
  }
  if (options.report) {
    const owner = store ? store.owner : await sudoOwner(options.env);
    await writeReport(options.report.file, [written], options.report.format, owner);
  }
  return { report, progressWarning };
}
