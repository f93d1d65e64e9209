/**
 * A student's progress through one version of one scenario, as the progress store keeps it:
 * the best outcome of each step so far, summed over every run, practice and check session.
 */
import type { ReportPrediction, ReportStepStatus } from '../report/run-report.js';

/** Bumped when a stored field changes meaning; the store ignores records of other versions. */
export const PROGRESS_SCHEMA_VERSION = 1;

/** One step's record. */
export interface StepProgress {
  number: number;
  id: string;
  title: string;
  /**
   * The best outcome so far (`done`/`reading` beat `solved`, which beats `failed`, which beats
   * `skipped`, which beats `not-reached`): a later failed attempt does not undo a step done.
   */
  status: ReportStepStatus;
  /**
   * True once a practice session's step was done by the student's own commands (its report's
   * `credit` `done`): the step is the student's own work, not only finished (`run` and `solve`
   * finish steps too). Absent in records written before it.
   */
  earned?: boolean;
  /** How many times the step failed. */
  failures: number;
  /** The most hints shown for it in one session (hints are shown in order, so this is how far the student read). */
  hintsUsed: number;
  /** Every prediction made in it, oldest first. */
  predictions: ReportPrediction[];
  /** Wall time spent in it over all sessions, in ms. */
  timeMs: number;
  /** ISO 8601 time of the last session that reached it; undefined when none did. */
  lastActivity?: string;
}

/**
 * The latest practice session of a scenario version, whatever came after it in other modes: where
 * `nslab practice` offers to resume (resume-point.ts). Kept apart from the steps' best outcomes,
 * which a guided `run` raises too.
 */
export interface LastPractice {
  /** ISO 8601 time the session ended. */
  ended: string;
  /**
   * Numbers of the steps it finished (done, solved or read), ascending. Fast-forwarded steps are
   * in: a resumed practice re-ran what the student's earlier practice had finished.
   */
  finished: number[];
}

/** One scenario version's record. */
export interface ScenarioProgress {
  schemaVersion: typeof PROGRESS_SCHEMA_VERSION;
  scenario: { title: string; path: string; sha256: string };
  /** Whose progress it is (under sudo: SUDO_USER). */
  user: string;
  /** Sessions recorded (run, practice, check, ...). */
  sessions: number;
  /** ISO 8601 times of the first session's start and the last session's end. */
  firstActivity: string;
  lastActivity: string;
  steps: StepProgress[];
  /** The latest practice session; absent when the version was never practised (only run). */
  lastPractice?: LastPractice;
}
