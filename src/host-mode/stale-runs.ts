/**
 * Interrupted `--host` runs: records whose nslab process is dead (SIGKILL, a crash, a reboot).
 * `nslab clean` removes what they recorded; `run --host` and `test --host` mention them.
 */
import type { Exec } from '../sandbox/types.js';
import {
  currentBootId, deleteRecord, hostRunsDir, isRunAlive, readRecords, type HostRunRecord, type RecordedObject,
} from './host-run-record.js';
import { removeRecorded, type RemovalOutcome } from './remove-recorded.js';

/** An interrupted run and what became (or would become) of each object it recorded. */
export interface StaleRun {
  path: string;
  record: HostRunRecord;
  outcomes: RemovalOutcome[];
  /** True when the record file was deleted (nothing of it left to remove). */
  deleted: boolean;
}

/** What {@link cleanStaleRuns} found. */
export interface CleanReport {
  stale: StaleRun[];
  /** Records of runs still going: left alone. */
  live: Array<{ path: string; record: HostRunRecord }>;
  /** Files that are not valid records: left alone. */
  unreadable: Array<{ path: string; error: string }>;
}

/**
 * The objects of a record: what it created, then what its running step may have made (known
 * by name only, left out when the same name is already in `created`).
 */
export function recordedObjects(record: HostRunRecord): RecordedObject[] {
  const named = (record.running?.names ?? [])
    .filter((n) => !record.created.some((c) => c.kind === n.kind && c.name === n.name))
    .map((n): RecordedObject => ({ ...n, step: record.running!.step }));
  return [...record.created, ...named];
}

/**
 * Goes through the records of interrupted runs: with `dryRun`, says what would be removed;
 * otherwise removes each recorded object still there and the same, and deletes a record once
 * nothing of it is left (a failed removal keeps it for the next try).
 * @param exec the host's Exec.
 * @param options.dir the records' directory (default {@link hostRunsDir}).
 * @returns the stale runs with one outcome per object, the live runs and unreadable files.
 * @throws RecordsDirUnreadable when the records' directory cannot be listed (not root).
 */
export async function cleanStaleRuns(exec: Exec, options: { dryRun?: boolean; dir?: string } = {}): Promise<CleanReport> {
  const report: CleanReport = { stale: [], live: [], unreadable: [] };
  const boot = await currentBootId();
  for (const entry of await readRecords(options.dir ?? hostRunsDir())) {
    if ('error' in entry) {
      report.unreadable.push(entry);
      continue;
    }
    const { path, record } = entry;
    if (await isRunAlive(record)) {
      report.live.push({ path, record });
      continue;
    }
    const outcomes = await removeRecorded(recordedObjects(record), exec, { dryRun: options.dryRun, sameBoot: record.bootId === boot });
    const done = !options.dryRun && outcomes.every((o) => o.outcome !== 'failed');
    if (done) await deleteRecord(path);
    report.stale.push({ path, record, outcomes, deleted: done });
  }
  return report;
}

/** True when a stale run still has something to remove (what `run --host` mentions). */
export function hasLeftovers(run: StaleRun): boolean {
  return run.outcomes.some((o) => o.outcome === 'would-remove' || o.outcome === 'failed');
}
