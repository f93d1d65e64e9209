/**
 * What `run` (and its demo and predict modes), `practice` and `check` do around the session
 * itself: note the file's identity and the time before, and after it record progress and write
 * `--report`.
 */
import type { ChalkInstance } from 'chalk';
import { finishSession, recordReport, type FinishedSession } from './finish-session.js';
import { buildSessionReport } from '../report/build-session-report.js';
import type { RecordedStates } from '../report/html/record-step-states.js';
import type { ReportMode } from '../report/run-report.js';
import type { ReportFormat } from '../report/write-report.js';
import type { RunResult } from '../run/events.js';
import { fileIdentity, type FileIdentity } from '../util/file-identity.js';
import type { SessionOutcome } from '../verify/outcome.js';
import { userName } from '../util/user-name.js';

/** Taken before the run: the file as it ran, and when. */
export interface SessionStart {
  identity: FileIdentity;
  started: Date;
}

/** How the session ran. */
export interface SessionOptions {
  mode: ReportMode;
  host?: boolean;
  /** `--student`; default `NSLAB_STUDENT`. */
  student?: string;
  report?: { file: string; format: ReportFormat };
  /** What the run's state watcher recorded, for an HTML report. */
  stepStates?: RecordedStates;
  /** Record into the user's progress store (default true; `check` does not). */
  progress?: boolean;
  /** A practice session or check ended by a signal. */
  interrupted?: boolean;
}

/** Hashes the scenario file (as it is when the run starts) and notes the time. */
export async function startSession(file: string): Promise<SessionStart> {
  return { identity: await fileIdentity(file), started: new Date() };
}

/**
 * Records progress (a failure to is a warning on stderr) and writes the report.
 * @param ended a run's result, or a practice session's or a check's outcome
 * @throws the fs error when the report file cannot be written
 */
export async function endSession(ended: RunResult | SessionOutcome, start: SessionStart, options: SessionOptions, c: ChalkInstance): Promise<void> {
  const student = options.student ?? (process.env.NSLAB_STUDENT || undefined);
  const finished = new Date();
  const record = { report: options.report, progress: options.progress };
  let done: FinishedSession;
  if ('kind' in ended) {
    const report = buildSessionReport(ended, { identity: start.identity, user: userName(), student, finished, interrupted: options.interrupted });
    done = await recordReport(report, record);
  } else {
    done = await finishSession(ended, {
      ...start,
      ...record,
      finished,
      mode: options.mode,
      sandbox: options.host ? 'host' : 'private',
      user: userName(),
      student,
      stepStates: options.stepStates,
    });
  }
  if (done.progressWarning) process.stderr.write(c.yellow(`warning: ${done.progressWarning}`) + '\n');
}
