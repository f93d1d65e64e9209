/**
 * Where progress lives: one JSON file per scenario version (absolute path and SHA-256 of the
 * content) under `<state dir>/progress/`, the state dir being `$XDG_STATE_HOME/nslab` (default
 * `~/.local/state/nslab`, see util/state-dir.ts). Each file is replaced whole
 * (util/write-file-atomic.ts), so a crash never leaves half a record; two sessions of the same
 * scenario ending at the same moment can lose one session (the last write wins).
 *
 * Under sudo the progress is the person's who ran sudo (SUDO_USER), not root's: the state dir is
 * in their home (or their XDG_STATE_HOME when `sudo -E` kept it), and the store reads and writes
 * there with their rights (util/as-invoking-user.ts), so the files are theirs and no link they
 * put in that directory can lead root elsewhere.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from '../report/run-report.js';
import type { FileIdentity } from '../util/file-identity.js';
import { nslabStateDir } from '../util/state-dir.js';
import { readdirAsUser, readFileAsUser, writeFileAsUser } from '../util/as-invoking-user.js';
import { sudoOwner, type SudoOwner } from '../util/sudo-owner.js';
import { writeFileAtomic } from '../util/write-file-atomic.js';
import { mergeProgress } from './merge-progress.js';
import { PROGRESS_SCHEMA_VERSION, type ScenarioProgress } from './model.js';

/** Reads and records progress. */
export interface ProgressStore {
  /** The directory holding the records (may not exist yet). */
  readonly dir: string;
  /** Under sudo: whom the files are written for. */
  readonly owner?: SudoOwner;
  /**
   * Folds a session's report into its scenario version's record and writes it.
   * @returns the new record
   * @throws the fs error when the record cannot be written
   */
  record(report: RunReport): Promise<ScenarioProgress>;
  /** The record of one scenario version, or undefined when there is none (or it is unreadable). */
  load(identity: FileIdentity): Promise<ScenarioProgress | undefined>;
  /** Every readable record, the most recently active first; unreadable files are left out. */
  list(): Promise<ScenarioProgress[]>;
}

/** A record's file name: short hashes of the path and of the content. */
function recordName(identity: FileIdentity): string {
  const pathHash = createHash('sha256').update(identity.path).digest('hex').slice(0, 16);
  return `${pathHash}-${identity.sha256.slice(0, 16)}.json`;
}

/** A record's text parsed, or undefined when it is not a record of this schema version. */
function parseRecord(text: string | undefined): ScenarioProgress | undefined {
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as Partial<ScenarioProgress>;
    // A record of another schema version, or something else dropped in the directory, is not ours to read.
    if (data.schemaVersion !== PROGRESS_SCHEMA_VERSION || !Array.isArray(data.steps) || typeof data.scenario?.path !== 'string') return undefined;
    return data as ScenarioProgress;
  } catch {
    return undefined;
  }
}

/**
 * Opens the store of the user running nslab (under sudo: of SUDO_USER).
 * @param env the environment (default: process.env): `XDG_STATE_HOME`, `HOME`, `SUDO_*`
 */
export async function openProgressStore(env: NodeJS.ProcessEnv = process.env): Promise<ProgressStore> {
  const owner = await sudoOwner(env);
  const dir = join(nslabStateDir(owner ? { ...env, HOME: owner.home } : env), 'progress');
  // Under sudo every read and write is the owner's own (see the module comment).
  const read = (file: string): Promise<string | undefined> => (owner ? readFileAsUser(owner, file) : readFile(file, 'utf8').catch(() => undefined));
  return {
    dir,
    owner,
    load: async (identity) => parseRecord(await read(join(dir, recordName(identity)))),
    async record(report) {
      const identity = { path: report.scenario.path, sha256: report.scenario.sha256 };
      const file = join(dir, recordName(identity));
      const next = mergeProgress(parseRecord(await read(file)), report);
      const text = JSON.stringify(next, null, 2) + '\n';
      if (owner) await writeFileAsUser(owner, file, text, 0o600);
      else await writeFileAtomic(file, text, 0o600);
      return next;
    },
    async list() {
      const names = owner ? await readdirAsUser(owner, dir) : await readdir(dir).catch(() => [] as string[]);
      const records = await Promise.all(names.filter((n) => n.endsWith('.json')).map(async (n) => parseRecord(await read(join(dir, n)))));
      return records.filter((r): r is ScenarioProgress => r !== undefined).sort((a, b) => b.lastActivity.localeCompare(a.lastActivity));
    },
  };
}
