/**
 * What a `--host` run created, step by step. Before and after each step the host's namespaces,
 * root-namespace links and Open vSwitch bridges are read; what appeared during a step is
 * recorded as that step's, what disappeared is dropped, and the record file is rewritten
 * atomically. Objects that appear between steps (while a guided run waits at its prompt) are
 * not the scenario's and are never recorded. At the end the recorded objects still there are
 * removed and the record deleted.
 */
import { join, resolve } from 'node:path';
import type { Scenario } from '../scenario/model.js';
import type { Exec } from '../sandbox/types.js';
import { describeObject, identityOf, readHostObjects, type HostObject } from '../state/host-objects.js';
import { EnvironmentError } from '../util/errors.js';
import {
  checkRecordsDir, currentBootId, deleteRecord, hostRunsDir, isRunAlive, processStart, readRecords, UntrustedRecordsDir, writeRecord,
  type HostRunRecord, type RecordedObject,
} from './host-run-record.js';
import { claimNames, NamesClaimed } from './name-claims.js';
import { nameConflicts, namesCreatedBy, type CreatedName } from './name-conflicts.js';
import { removeRecorded, type RemovalOutcome } from './remove-recorded.js';

/** A step number, or the scenario's cleanup. */
export type Phase = number | 'cleanup';

/** How a tracked host run ended. */
export interface HostRunEnd {
  /** One per object the run created and had not removed itself, in creation order. */
  outcomes: RemovalOutcome[];
  /** The record file when it was kept (a removal failed, or the end was cut short): `nslab clean` reads it. */
  keptRecord?: string;
}

/** A host run being tracked. */
export interface HostRunTracker {
  /** The record file. */
  readonly path: string;
  /** Runs `work` (a step, or the cleanup) between a reading of the host before it and one after it. */
  track<T>(phase: Phase, work: () => Promise<T>): Promise<T>;
  /**
   * Removes what the run created and did not remove (only objects still there and the same,
   * and not claimed by another live run's record), then deletes the record if nothing is left.
   */
  finish(): Promise<HostRunEnd>;
  /** Keeps the record for `nslab clean` and removes nothing (the user cut the end short). */
  abandon(): HostRunEnd;
}

/** Options of {@link startHostRun}. */
export interface StartHostRunOptions {
  /** The host's Exec. */
  exec: Exec;
  /** Last step that will run (`--to`): names of later steps are not checked. */
  to?: number;
  /** Where records live (default {@link hostRunsDir}). */
  dir?: string;
  /**
   * Told, once, when the record cannot be updated during the run (ENOSPC on /run, the directory
   * removed...): the run goes on, since the record only matters if nslab dies.
   */
  warn?: (message: string) => void;
}

/**
 * Starts tracking a host run: refuses names that already exist, then writes the first record.
 * @throws EnvironmentError (exit 3) naming every name the scenario creates that the host
 *   already has, before anything runs; or when the record cannot be written: UntrustedRecordsDir
 *   when its directory, or one on the way, could have been placed by someone other than root.
 */
export async function startHostRun(scenario: Scenario, options: StartHostRunOptions): Promise<HostRunTracker> {
  const { exec } = options;
  const expected = namesCreatedBy(scenario, options.to);
  const startedAt = new Date();
  const dir = options.dir ?? hostRunsDir();
  const path = join(dir, `${process.pid}-${startedAt.getTime()}.json`);
  const record: HostRunRecord = {
    version: 1,
    pid: process.pid,
    pidStart: (await processStart(process.pid)) ?? '',
    bootId: await currentBootId(),
    scenario: resolve(scenario.file),
    startedAt: startedAt.toISOString(),
    created: [],
  };
  try {
    await checkRecordsDir(dir, true);
  } catch (error) {
    if (error instanceof UntrustedRecordsDir) throw error;
    throw new EnvironmentError(`cannot write the record of this --host run in ${dir}: ${(error as Error).message}`);
  }
  // Claim the names, then look at the host: of two runs started together, one holds the names
  // and the other is refused, before either runs anything.
  const claims = await claimNames(dir, expected, record, isRunAlive).catch((error: unknown) => {
    if (error instanceof NamesClaimed) throw claimedError(scenario, error);
    throw new EnvironmentError(`cannot claim the names of this --host run in ${dir}: ${(error as Error).message}`);
  });
  let last: HostObject[];
  try {
    last = (await readHostObjects(exec)).objects;
    const conflicts = nameConflicts(expected, last);
    if (conflicts.length > 0) throw conflictError(scenario, conflicts);
    await writeRecord(path, record).catch((error: Error) => {
      throw new EnvironmentError(`cannot write the record of this --host run at ${path}: ${error.message}`);
    });
  } catch (error) {
    await claims.release();
    throw error;
  }

  // Updates during the run: a failure costs only what `nslab clean` could do if nslab died
  // now, so the run, its cleanup and the removal at its end go on.
  let warned = false;
  const update = async (): Promise<void> => {
    try {
      await writeRecord(path, record);
    } catch (error) {
      if (warned) return;
      warned = true;
      options.warn?.(
        `cannot update the record of this --host run at ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
          'the run goes on and removes what it created at its end, but if nslab is killed before that, `nslab clean` may not know all of it.',
      );
    }
  };

  /** Whether a namespace this run made has been deleted since (its teardown may still be going on). */
  let namespaceDeleted = false;
  const keep = (now: readonly HostObject[]) => {
    const present = new Set(now.map(identityOf));
    const gone = record.created.filter((o) => !present.has(identityOf(o as HostObject)));
    namespaceDeleted ||= gone.some((o) => o.kind === 'namespace');
    record.created = record.created.filter((o) => present.has(identityOf(o as HostObject)));
  };
  const namesOf = (phase: Phase) =>
    phase === 'cleanup' ? [] : expected.filter((e) => e.step === phase && !last.some((h) => h.name === e.name));

  return {
    path,
    async track(phase, work) {
      last = (await readHostObjects(exec)).objects;
      keep(last);
      record.running = { step: phase, names: namesOf(phase).map(({ kind, name }) => ({ kind, name })) };
      await update();
      try {
        return await work();
      } finally {
        const now = (await readHostObjects(exec)).objects;
        const before = new Set(last.map(identityOf));
        keep(now);
        record.created.push(...now.filter((o) => !before.has(identityOf(o))).map((o): RecordedObject => ({ ...o, step: phase })));
        delete record.running;
        last = now;
        await update();
      }
    },
    async finish() {
      const claimed = await claimedByOtherRuns(path).catch((error: Error) => {
        // The directory went away or was replaced during the run: no other run's record can
        // be read there either, so nothing is known to be claimed.
        options.warn?.(`cannot read the records of other --host runs (${error.message}); removing what this run created`);
        return new Set<string>();
      });
      const mine = record.created.filter((o) => !claimed.has(identityOf(o as HostObject)));
      if (namespaceDeleted) await settleNamespaceTeardown(exec, mine);
      const outcomes = await removeRecorded(mine, exec);
      if (outcomes.some((o) => o.outcome === 'failed')) return { outcomes, keptRecord: path };
      // A directory replaced by a file meanwhile (ENOTDIR): there is no record left to delete.
      await deleteRecord(path).catch(() => {});
      await claims.release();
      return { outcomes };
    },
    abandon() {
      // The record stays for `nslab clean`; the names are free for the next run once this one ends.
      void claims.release();
      return { outcomes: [], keptRecord: path };
    },
  };
}

/** How long to wait for the kernel to finish destroying deleted namespaces, in ms. */
const TEARDOWN_WAIT_MS = 1000;

/**
 * `ip netns del` returns before the kernel has destroyed the namespace: that is done later, in
 * a workqueue (net/core/net_namespace.c, cleanup_net), and only then does a veth whose peer was
 * inside disappear from the root namespace. A cleanup that deleted a namespace must not have
 * such a veth, still going away, counted as its leftover. Called when a namespace of the run
 * was deleted: while a recorded link is still there, wait (polling every 50 ms, at most 1 s).
 */
async function settleNamespaceTeardown(exec: Exec, objects: readonly RecordedObject[]): Promise<void> {
  const links = objects.filter((o) => o.kind === 'link');
  const deadline = Date.now() + TEARDOWN_WAIT_MS;
  while (links.length > 0 && Date.now() < deadline) {
    const now = (await readHostObjects(exec)).objects;
    if (!links.some((o) => now.some((h) => h.kind === 'link' && h.name === o.name))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Identities recorded by other runs that are still alive (two `--host` runs at once). */
async function claimedByOtherRuns(ownPath: string): Promise<Set<string>> {
  const claimed = new Set<string>();
  for (const entry of await readRecords(ownPath.slice(0, ownPath.lastIndexOf('/')))) {
    if (entry.path === ownPath || !('record' in entry) || !(await isRunAlive(entry.record))) continue;
    for (const o of entry.record.created) claimed.add(identityOf(o as HostObject));
  }
  return claimed;
}

function claimedError(scenario: Scenario, claimed: NamesClaimed): EnvironmentError {
  const list = claimed.names.map((c) => `  ${describeObject(c)} (created on ${scenario.file}:${c.line})`).join('\n');
  return new EnvironmentError(
    `another nslab --host run (pid ${claimed.owner.pid}) is creating ${claimed.names.length === 1 ? 'a name' : 'names'} this scenario creates; ` +
      `nothing was run:\n${list}\nWait for that run to end, or run this scenario without --host.`,
  );
}

function conflictError(scenario: Scenario, conflicts: readonly CreatedName[]): EnvironmentError {
  const list = conflicts.map((c) => `  ${describeObject(c)} (created on ${scenario.file}:${c.line})`).join('\n');
  return new EnvironmentError(
    `${conflicts.length === 1 ? 'a name' : 'names'} this scenario creates already exist${conflicts.length === 1 ? 's' : ''} on this host; ` +
      `nothing was run, so as not to clobber ${conflicts.length === 1 ? 'it' : 'them'}:\n${list}\n` +
      'Remove them (or, if an interrupted nslab run left them, run `nslab clean`), or run the scenario without --host.',
  );
}
