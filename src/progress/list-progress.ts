/**
 * `nslab progress`: every scenario version the user worked on, with whether the file on disk is
 * still that version.
 */
import { fileIdentity } from '../util/file-identity.js';
import { isFinished } from '../report/run-report.js';
import type { ScenarioProgress } from './model.js';
import type { ProgressStore } from './progress-store.js';

/** Whether the record's file is still the version it was recorded for. */
export type FileCurrency = 'current' | 'changed' | 'missing';

/** One line of the listing. */
export interface ProgressListing {
  progress: ScenarioProgress;
  file: FileCurrency;
  /** Steps done, solved or read. */
  finished: number;
  /** Steps the student earned: done by their own commands in a practice session. */
  earned: number;
  total: number;
}

async function currency(progress: ScenarioProgress): Promise<FileCurrency> {
  try {
    return (await fileIdentity(progress.scenario.path)).sha256 === progress.scenario.sha256 ? 'current' : 'changed';
  } catch {
    return 'missing';
  }
}

/**
 * @param store the user's progress store
 * @returns one listing per record, the most recently active first
 */
export async function listProgress(store: ProgressStore): Promise<ProgressListing[]> {
  const records = await store.list();
  return Promise.all(
    records.map(async (progress) => ({
      progress,
      file: await currency(progress),
      finished: progress.steps.filter((s) => isFinished(s.status)).length,
      earned: progress.steps.filter((s) => s.earned).length,
      total: progress.steps.length,
    })),
  );
}
