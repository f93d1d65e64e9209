/**
 * Where `nslab practice` offers to resume: the first step of the scenario version's stored
 * progress (same path and sha256, so the same steps) that is not finished (done, solved or
 * read) — when it is not step 1 and exists.
 */
import { isFinished } from '../report/run-report.js';
import type { ScenarioProgress } from './model.js';

/** An offer to resume. */
export interface ResumePoint {
  /** The step number to resume at; the steps before it are finished. */
  at: number;
  /** ISO 8601 time of the last session that recorded progress. */
  lastActivity: string;
}

/**
 * @param progress the stored record of this scenario version, if any
 * @param total how many steps the scenario has
 * @returns where to resume; undefined when nothing before the first unfinished step is
 *   finished (start at step 1 anyway) or when every step is finished (practising again starts
 *   over)
 */
export function resumePoint(progress: ScenarioProgress | undefined, total: number): ResumePoint | undefined {
  if (!progress) return undefined;
  const finished = new Set(progress.steps.filter((s) => isFinished(s.status)).map((s) => s.number));
  let at = 1;
  while (at <= total && finished.has(at)) at++;
  if (at === 1 || at > total) return undefined;
  return { at, lastActivity: progress.lastActivity };
}
