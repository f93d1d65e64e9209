/**
 * The record a `--host` run keeps of what it created: one JSON file per run under
 * `$XDG_STATE_HOME/nslab/host-runs/`, rewritten atomically before and after each step, deleted
 * when the run has removed its leftovers. A file whose process is dead is the trace of an
 * interrupted run (SIGKILL, a crash, a power cut): `nslab clean` reads it.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HostObject } from '../state/host-objects.js';
import { nslabStateDir } from '../util/state-dir.js';
import { makeOwnedDir, sudoOwner } from '../util/sudo-owner.js';
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

/**
 * The directory of host-run records.
 * @param env the environment (XDG_STATE_HOME, HOME); process.env by default.
 */
export function hostRunsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(nslabStateDir(env), 'host-runs');
}

/**
 * Writes a record atomically (never seen half written), creating the directory (0700). The
 * record stays root's, but a state directory it creates under sudo is the invoking user's
 * (their progress lives there too).
 */
export async function writeRecord(path: string, record: HostRunRecord): Promise<void> {
  await makeOwnedDir(dirname(dirname(path)), await sudoOwner(), 0o700);
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
 * Reads every record in a directory (`*.json`; temporary files of an atomic write are skipped).
 * @returns one entry per file, oldest name first; an unreadable or malformed file is an entry
 *   with `error`, never an exception. No directory (ENOENT, ENOTDIR): none.
 * @throws RecordsDirUnreadable when the directory is there but cannot be listed (EACCES...).
 */
export async function readRecords(dir: string): Promise<ReadRecord[]> {
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
export async function isRunAlive(record: HostRunRecord): Promise<boolean> {
  return record.bootId === (await currentBootId()) && (await processStart(record.pid)) === record.pidStart;
}
