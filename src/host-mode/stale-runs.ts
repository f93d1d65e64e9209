/**
 * Interrupted `--host` runs: records whose nslab process is dead (SIGKILL, a crash, a reboot).
 * `nslab clean` removes what they recorded; `run --host` and `test --host` mention them.
 */
import type { Exec } from '../sandbox/types.js';
import {
  currentBootId, deleteRecord, hostRunsDir, isRunAlive, legacyHostRunsDir, readRecords, UntrustedRecordsDir,
  type HostRunRecord, type ReadRecord, type RecordedObject,
} from './host-run-record.js';
import { removeStaleClaims } from './name-claims.js';
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
  /**
   * Where earlier versions kept records, when it exists but could have been written by someone
   * other than root (under sudo -E, the invoking user's home): not read. `why` names the
   * directory on the way that is not root's, and how.
   */
  skipped: Array<{ dir: string; why: string }>;
}

/** Options of {@link cleanStaleRuns}. */
export interface CleanOptions {
  /** List what would be removed, remove nothing. */
  dryRun?: boolean;
  /** The records' directory (default {@link hostRunsDir}). */
  dir?: string;
  /** Where earlier versions kept records (default {@link legacyHostRunsDir}); null: none. */
  legacyDir?: string | null;
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
 * Goes through the records of interrupted runs — in the records' directory, then where earlier
 * versions kept them, if root alone could have written there: with `dryRun`, says what would be
 * removed; otherwise removes each recorded object still there and the same, and deletes a record
 * once nothing of it is left (a failed removal keeps it for the next try).
 * @param exec the host's Exec.
 * @returns the stale runs with one outcome per object, the live runs, unreadable files and a
 *   skipped old directory.
 * @throws RecordsDirUnreadable when a records' directory cannot be listed (not root);
 *   UntrustedRecordsDir when the records' directory must not be trusted; EnvironmentError for a
 *   bad NSLAB_HOST_RUNS_DIR (see {@link hostRunsDir}).
 */
export async function cleanStaleRuns(exec: Exec, options: CleanOptions = {}): Promise<CleanReport> {
  const report: CleanReport = { stale: [], live: [], unreadable: [], skipped: [] };
  const boot = await currentBootId();
  const dir = options.dir ?? hostRunsDir();
  const legacy = options.legacyDir === undefined ? legacyHostRunsDir() : options.legacyDir;
  const entries = await readRecords(dir);
  if (legacy !== null && legacy !== dir) entries.push(...(await readLegacy(legacy, report)));
  for (const entry of entries) {
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
  // The stale runs' claims on names: each holds the pid, pid start and boot of its run.
  if (!options.dryRun) await removeStaleClaims(dir, isRunAlive);
  return report;
}

/**
 * The records an earlier version left in the user's state directory. Root's own (`sudo` with
 * HOME=/root, or root without sudo) are read; under `sudo -E` the directory is the invoking
 * user's, and a record they could have written must not choose what root removes: skipped.
 */
async function readLegacy(dir: string, report: CleanReport): Promise<ReadRecord[]> {
  try {
    return await readRecords(dir);
  } catch (error) {
    if (!(error instanceof UntrustedRecordsDir)) throw error;
    report.skipped.push({ dir, why: `${error.path} ${error.reason}` });
    return [];
  }
}

/** True when a stale run still has something to remove (what `run --host` mentions). */
export function hasLeftovers(run: StaleRun): boolean {
  return run.outcomes.some((o) => o.outcome === 'would-remove' || o.outcome === 'failed');
}
