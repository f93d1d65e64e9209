/**
 * What `run` (and its demo and predict modes) does around the run itself: note the file's
 * identity and the time before, and after it record progress and write `--report`.
 */
import type { ChalkInstance } from 'chalk';
import { finishSession } from '../progress/finish-session.js';
import type { RecordedStates } from '../report/html/record-step-states.js';
import type { ReportMode } from '../report/run-report.js';
import type { ReportFormat } from '../report/write-report.js';
import type { RunResult } from '../run/events.js';
import { fileIdentity, type FileIdentity } from '../util/file-identity.js';
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
}

/** Hashes the scenario file (as it is when the run starts) and notes the time. */
export async function startSession(file: string): Promise<SessionStart> {
  return { identity: await fileIdentity(file), started: new Date() };
}

/**
 * Records progress (a failure to is a warning on stderr) and writes the report.
 * @throws the fs error when the report file cannot be written
 */
export async function endSession(result: RunResult, start: SessionStart, options: SessionOptions, c: ChalkInstance): Promise<void> {
  const student = options.student ?? (process.env.NSLAB_STUDENT || undefined);
  const { progressWarning } = await finishSession(result, {
    ...start,
    finished: new Date(),
    mode: options.mode,
    sandbox: options.host ? 'host' : 'private',
    user: userName(),
    student,
    report: options.report,
    stepStates: options.stepStates,
  });
  if (progressWarning) process.stderr.write(c.yellow(`warning: ${progressWarning}`) + '\n');
}
