/**
 * Where `nslab practice` starts: at the first step the student's latest practice of this
 * scenario version (same path and sha256, so the same steps) did not finish — or at step 1, for
 * a reason the student can be told. Runs in other modes never move it: a guided `run` that
 * passed every step says nothing about how far the student got typing the commands.
 */
import type { FileIdentity } from '../util/file-identity.js';
import type { ScenarioProgress } from './model.js';
import type { ProgressStore } from './progress-store.js';

/** An offer to resume. */
export interface ResumePoint {
  /** The step number to resume at; the steps before it were finished in that practice. */
  at: number;
  /** ISO 8601 time the latest practice ended. */
  ended: string;
}

/**
 * Why there is nothing to resume, so practice starts at step 1:
 * - `never`: no progress of this version at all;
 * - `not-practised`: progress, but no practice recorded in it: only other modes (`run`,
 *   `--demo`, `--predict`), or a record from before nslab kept the latest practice;
 * - `changed`: this path was practised, but its content has changed since (another version);
 * - `step-1`: the latest practice did not finish step 1;
 * - `all-finished`: the latest practice finished every step (practising again starts over).
 */
export type NoResumeReason = 'never' | 'not-practised' | 'changed' | 'step-1' | 'all-finished';

/** Where to start, and why. */
export type ResumeDecision = ({ resume: true } & ResumePoint) | { resume: false; reason: NoResumeReason; ended?: string };

/**
 * @param progress the stored record of this scenario version, if any
 * @param total how many steps the scenario has
 * @returns where to resume: the first step the latest practice did not finish (a later step
 *   finished does not skip an earlier unfinished one); otherwise why not, with the latest
 *   practice's end time when there was one
 */
export function resumePoint(progress: ScenarioProgress | undefined, total: number): ResumeDecision {
  if (!progress) return { resume: false, reason: 'never' };
  const practice = progress.lastPractice;
  if (!practice) return { resume: false, reason: 'not-practised' };
  const finished = new Set(practice.finished);
  let at = 1;
  while (at <= total && finished.has(at)) at++;
  if (at === 1) return { resume: false, reason: 'step-1', ended: practice.ended };
  if (at > total) return { resume: false, reason: 'all-finished', ended: practice.ended };
  return { resume: true, at, ended: practice.ended };
}

/**
 * Looks the scenario version up in the store and decides (see `resumePoint`). Without a record
 * of this version it looks for a practice of an earlier version of the same path, to say the
 * file changed rather than that it was never practised.
 * @param store the student's progress store
 * @param identity the scenario file as it is now
 * @param total how many steps it has
 */
export async function findResumePoint(store: ProgressStore, identity: FileIdentity, total: number): Promise<ResumeDecision> {
  const decision = resumePoint(await store.load(identity), total);
  if (decision.resume || decision.reason !== 'never') return decision;
  const earlier = (await store.list()).find((p) => p.scenario.path === identity.path && p.lastPractice);
  return earlier ? { resume: false, reason: 'changed', ended: earlier.lastPractice!.ended } : decision;
}
