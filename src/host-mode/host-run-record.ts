/**
 * The record a `--host` run keeps of what it created: one JSON file per run under
 * `/run/nslab/host-runs/`, rewritten atomically before and after each step, deleted when the
 * run has removed its leftovers. A file whose process is dead is the trace of an interrupted run
 * (SIGKILL, a crash): `nslab clean` reads it.
 *
 * The records are root's: they describe changes root made to the host, and `nslab clean` acts on
 * them as root. So they live in a root-owned run-time directory (FHS 3.0, 3.15: /run holds
 * run-time data since boot; namespaces and links do not outlive a boot either), never in the
 * invoking user's home, where under `sudo -E` a link they planted would lead root's writes.
 * Earlier versions kept them in `$XDG_STATE_HOME/nslab/host-runs/`: `nslab clean` still reads
 * that place when nobody but root could have written it (see {@link legacyHostRunsDir}).
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import type { HostObject } from '../state/host-objects.js';
import { EnvironmentError } from '../util/errors.js';
import { nslabStateDir } from '../util/state-dir.js';
import { runsForSudoUser } from '../util/sudo-owner.js';
import { trustedDir } from '../util/trusted-dir.js';
import { writeFileAtomic } from '../util/write-file-atomic.js';

/** An object a run created, and the step that created it (`cleanup`: the scenario's cleanup). */
export interface RecordedObject extends Omit<HostObject, 'id'> {
  /**
   * Identity (see {@link HostObject}); undefined for an object known only by name: one that a
   * step interrupted by SIGKILL may have made (see {@link HostRunRecord.running}).
   */
  id?: string;
  step: number | 'cleanup';
}

/** The content of a record file (format version 1). */
export interface HostRunRecord {
  version: 1;
  /** nslab's process id. */
  pid: number;
  /**
   * When that process started, in clock ticks since boot (/proc/PID/stat field 22, proc(5)):
   * with `bootId`, tells nslab's process apart from a later one given the same pid.
   */
  pidStart: string;
  /** /proc/sys/kernel/random/boot_id at the run: namespaces and links do not outlive a boot. */
  bootId: string;
  /** The scenario file, absolute. */
  scenario: string;
  /** When the run started (ISO 8601). */
  startedAt: string;
  /** What the run created and had not removed at the last step boundary, in creation order. */
  created: RecordedObject[];
  /**
   * The step running now: the names its commands create (read from their text) that did not
   * exist when it started. If nslab dies during the step, these are what it may have made.
   */
  running?: { step: number | 'cleanup'; names: Array<Pick<RecordedObject, 'kind' | 'name'>> };
}

/** Where records live unless NSLAB_HOST_RUNS_DIR says otherwise. */
export const HOST_RUNS_DIR = '/run/nslab/host-runs';

/**
 * The directory of host-run records: NSLAB_HOST_RUNS_DIR when set (for tests and unusual
 * setups, e.g. a /run that is not a tmpfs), else {@link HOST_RUNS_DIR}.
 * @param env the environment (NSLAB_HOST_RUNS_DIR, SUDO_UID); process.env by default.
 * @throws EnvironmentError (exit 3) when NSLAB_HOST_RUNS_DIR is relative, or set while nslab
 *   runs as root under sudo for another user: a directory that user chose must neither receive
 *   root's records nor hand root records to act on.
 */
export function hostRunsDir(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.NSLAB_HOST_RUNS_DIR;
  if (chosen === undefined || chosen === '') return HOST_RUNS_DIR;
  if (runsForSudoUser(env)) {
    throw new EnvironmentError(
      `NSLAB_HOST_RUNS_DIR (${chosen}) is not used under sudo: the records of --host runs are root's, and a directory the invoking user chose must not hold them. Unset it (they go to ${HOST_RUNS_DIR}).`,
    );
  }
  if (!isAbsolute(chosen)) throw new EnvironmentError(`NSLAB_HOST_RUNS_DIR must be an absolute path, not "${chosen}".`);
  // `..` after a symbolic link means the link target's parent to the kernel but not to a
  // lexical normalisation: refused rather than guessed at.
  if (chosen.split('/').includes('..')) throw new EnvironmentError(`NSLAB_HOST_RUNS_DIR must not contain "..": ${chosen}`);
  // One spelling of the directory: a run recognises its own record among those read back by
  // comparing paths, so `/run/x/` and `/run//x` must come out as `/run/x`.
  return normalize(chosen).replace(/(.)\/+$/, '$1');
}

/**
 * Where versions of nslab before the records moved to /run kept them:
 * `$XDG_STATE_HOME/nslab/host-runs` (default `~/.local/state/nslab/host-runs`).
 * @param env the environment (XDG_STATE_HOME, HOME); process.env by default.
 */
export function legacyHostRunsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(nslabStateDir(env), 'host-runs');
}

/**
 * The records' directory (or a directory on the way to it) is one nslab must not trust: a
 * symbolic link, not a directory, another user's, or writable by others (util/trusted-dir.ts).
 * Exit 3: nothing is written there, and nothing it holds is acted on.
 */
export class UntrustedRecordsDir extends EnvironmentError {
  override name = 'UntrustedRecordsDir';
  constructor(
    readonly dir: string,
    /** The component that failed: `dir` itself or a directory on the way to it. */
    readonly path: string,
    /** Why, to read after `path`: `is a symbolic link`. */
    readonly reason: string,
  ) {
    super(
      `${path} ${reason}: nslab neither writes the records of --host runs in ${dir} nor acts on those there, ` +
        'because root removes what they name; every directory on that path must be a real one that only root can change. Move it away and try again.',
    );
  }
}

/**
 * Checks the records' directory (see util/trusted-dir.ts) and, with `create`, makes it: 0700,
 * its missing parents 0755 (/run/nslab is also the private sandbox's mount point, which a
 * sandbox without root must still be able to look up).
 * @returns true when the directory exists (always, with `create`).
 * @throws UntrustedRecordsDir when it, or a directory on the way, cannot be trusted;
 *   RecordsDirUnreadable when it cannot be looked at (EACCES: not root) and not `create`; with
 *   `create`, the fs error when it cannot be made (EACCES, EROFS).
 */
export async function checkRecordsDir(dir: string, create = false): Promise<boolean> {
  let found;
  try {
    found = await trustedDir(dir, create ? { dir: 0o700, parents: 0o755 } : undefined);
  } catch (error) {
    if (create) throw error;
    throw new RecordsDirUnreadable(dir, (error as NodeJS.ErrnoException).code ?? 'EIO');
  }
  if (found.kind === 'untrusted') throw new UntrustedRecordsDir(dir, found.path, found.reason);
  return found.kind === 'trusted';
}

/**
 * Writes a record atomically (never seen half written) in a directory {@link checkRecordsDir}
 * has made and found trusted.
 */
export async function writeRecord(path: string, record: HostRunRecord): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(record, null, 2) + '\n');
}

/** Deletes a record; a missing one is fine. */
export async function deleteRecord(path: string): Promise<void> {
  await rm(path, { force: true });
}

/**
 * The records' directory exists but cannot be listed (EACCES: it is root's, 0700, and this is
 * not root). Thrown rather than taken for "no records": that would hide a SIGKILLed run's leftovers.
 */
export class RecordsDirUnreadable extends Error {
  override name = 'RecordsDirUnreadable';
  constructor(
    readonly dir: string,
    /** The errno code, e.g. `EACCES`. */
    readonly code: string,
  ) {
    super(`cannot read ${dir} (${code})`);
  }
}

/** A record file as read back: its record, or why it could not be used. */
export type ReadRecord = { path: string; record: HostRunRecord } | { path: string; error: string };

/**
 * Reads every record in a directory (`*.json`; temporary files of an atomic write are skipped),
 * once {@link checkRecordsDir} has found it trusted.
 * @returns one entry per file, oldest name first; an unreadable or malformed file is an entry
 *   with `error`, never an exception. No directory (ENOENT, ENOTDIR): none.
 * @throws RecordsDirUnreadable when the directory is there but cannot be listed (EACCES...);
 *   UntrustedRecordsDir when it must not be trusted.
 */
export async function readRecords(dir: string): Promise<ReadRecord[]> {
  if (!(await checkRecordsDir(dir))) return [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new RecordsDirUnreadable(dir, code);
  }
  return Promise.all(
    names.map(async (name): Promise<ReadRecord> => {
      const path = join(dir, name);
      try {
        const problem = validate(JSON.parse(await readFile(path, 'utf8')));
        return typeof problem === 'string' ? { path, error: problem } : { path, record: problem };
      } catch (error) {
        return { path, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

const KINDS = ['namespace', 'link', 'bridge'];

/** The record, or what is wrong with it. */
function validate(value: unknown): HostRunRecord | string {
  const r = value as Partial<HostRunRecord> | null;
  if (typeof r !== 'object' || r === null || r.version !== 1) return 'not an nslab host-run record (version 1)';
  if (!Number.isInteger(r.pid) || typeof r.pidStart !== 'string' || typeof r.bootId !== 'string') return 'pid, pidStart or bootId missing';
  if (typeof r.scenario !== 'string' || typeof r.startedAt !== 'string') return 'scenario or startedAt missing';
  const objects = [...(r.created ?? []), ...(r.running?.names ?? [])] as Array<Partial<RecordedObject>>;
  if (!Array.isArray(r.created) || objects.some((o) => !KINDS.includes(o.kind!) || typeof o.name !== 'string' || o.name === '')) {
    return 'a recorded object without a valid kind and name';
  }
  return r as HostRunRecord;
}

/** This boot's id (a random UUID the kernel makes at boot, proc(5) "boot_id"). */
export async function currentBootId(): Promise<string> {
  return (await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
}

/**
 * When a process started, in clock ticks since boot (/proc/PID/stat field 22, proc(5)).
 * @returns undefined when there is no such process.
 */
export async function processStart(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 2, the command name, is in parentheses and may hold spaces: count after its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** True while the run's own nslab process lives: same boot, same pid, same start time. */
export async function isRunAlive(record: Pick<HostRunRecord, 'pid' | 'pidStart' | 'bootId'>): Promise<boolean> {
  return record.bootId === (await currentBootId()) && (await processStart(record.pid)) === record.pidStart;
}
