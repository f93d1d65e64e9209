/**
 * A cache of linted scenarios, as ESLint's `--cache` or Python's `__pycache__`: reading a
 * scenario with markdown-it and js-yaml and linting it costs a fresh process much of its main
 * thread's time before a run's first command (docs/performance.md, "The scenario cache"), for a result that depends
 * only on the file's text, the path it was given as (problems name it) and the build of nslab.
 *
 * One entry per scenario path, `<cache dir>/scenarios/<hash of the absolute path>.json`
 * (`$XDG_CACHE_HOME/nslab`, see util/state-dir.ts), holding its key and the result, so that
 * the cache cannot grow with every edit. Only results without errors are written: an error is
 * always found by parsing the file as it is. Any failure to read or write an entry (no entry,
 * a read-only home, corrupt JSON, an entry of another shape) reads as a miss or is ignored:
 * the cache never changes an outcome.
 *
 * An entry holds the commands a run will execute, so it is believed only when nobody else could
 * have written it: a regular file (not a link, not a FIFO) owned by the user nslab runs as and
 * writable by no one else, in a directory of the same kind, whose result matches the checksum
 * its header carries. Under sudo there is no cache at all: root would otherwise run commands
 * from a file in the invoking user's home, which that user can rewrite.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Problem, Scenario } from '../scenario/model.js';
import { nslabBuildId } from '../util/build-id.js';
import { nslabCacheDir } from '../util/state-dir.js';
import { runsForSudoUser } from '../util/sudo-owner.js';
import { writableOnlyBy } from '../util/trusted-dir.js';
import { parseTaggedJson, stringifyTaggedJson } from '../util/tagged-json.js';
import { writeFileAtomic } from '../util/write-file-atomic.js';

/** A scenario that has no error, and its lint warnings (what `loadLintedScenario` returns). */
export interface LintedScenario {
  scenario: Scenario;
  warnings: Problem[];
}

/** What an entry must match to be used. */
export interface CacheKey {
  /** The build of nslab that wrote it (util/build-id.ts). */
  build: string;
  /** The scenario's path as given (relative or absolute): `scenario.file` and every problem name it. */
  path: string;
  /** SHA-256 (hex) of the file's text as read (UTF-8). */
  sha256: string;
}

/** The scenario cache of one user and one build. */
export interface ScenarioCache {
  /** The directory holding the entries (may not exist yet). */
  readonly dir: string;
  /** The key of a file's text read from `path`. */
  keyOf(path: string, source: string): CacheKey;
  /**
   * @returns the entry's result when the entry for `key.path` has exactly this key and a
   *   sound shape; undefined otherwise. Never throws.
   */
  read(key: CacheKey): Promise<LintedScenario | undefined>;
  /**
   * Replaces the entry for `key.path`. Encodes at once (the caller may go on to use the
   * scenario), writes in the background: the promise is for tests and never rejects. A result
   * holding an error is refused (not written).
   */
  write(key: CacheKey, linted: LintedScenario): Promise<void>;
}

/** Where and for which build {@link openScenarioCache} opens the cache. */
export interface ScenarioCacheOptions {
  /** `NSLAB_NO_CACHE`, `XDG_CACHE_HOME`, `HOME`, `SUDO_UID` (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** The build id (default: the bundle's, util/build-id.ts). */
  buildId?: string;
}

/**
 * Opens the cache of the user running nslab.
 * @returns undefined when there is no build id (unbundled, e.g. dist/ used as a library or
 *   under vitest: its Scenario may differ from the last build's), `NSLAB_NO_CACHE` is set (to
 *   anything but the empty string), or nslab runs as root under sudo for another user
 */
export async function openScenarioCache(options: ScenarioCacheOptions = {}): Promise<ScenarioCache | undefined> {
  const env = options.env ?? process.env;
  const build = options.buildId ?? nslabBuildId();
  if (build === undefined || env.NSLAB_NO_CACHE || runsForSudoUser(env)) return undefined;
  const dir = join(nslabCacheDir(env), 'scenarios');
  const entryFile = (path: string) => join(dir, `${sha256(resolve(path)).slice(0, 32)}.json`);
  return {
    dir,
    keyOf: (path, source) => ({ build, path, sha256: sha256(source) }),
    async read(key) {
      try {
        const text = readTrusted(dir, entryFile(key.path));
        if (text === undefined) return undefined;
        // Line 1: {key, sum}; the rest: the result, whose SHA-256 is `sum`.
        const newline = text.indexOf('\n');
        const header: unknown = JSON.parse(text.slice(0, newline));
        const body = text.slice(newline + 1);
        if (newline < 0 || !isHeaderFor(header, key) || header.sum !== sha256(body)) return undefined;
        const result = parseTaggedJson(body);
        return isResultFor(result, key) ? result : undefined;
      } catch {
        return undefined;
      }
    },
    write(key, linted) {
      if (linted.warnings.some((p) => p.severity !== 'warning')) return Promise.resolve();
      let body: string;
      try {
        body = stringifyTaggedJson(linted);
      } catch {
        return Promise.resolve(); // a scenario JSON cannot hold faithfully: parsed again next time
      }
      const header: EntryHeader = { key, sum: sha256(body) };
      return writeEntry(dir, entryFile(key.path), `${JSON.stringify(header)}\n${body}`).catch(() => {});
    },
  };
}

/**
 * The text of an entry nslab may believe, or undefined: the directory and the file are owned by
 * the user nslab runs as and writable by no one else, the directory is not a link, and the file
 * is a regular file opened without following a link (O_NOFOLLOW) and without waiting on a FIFO
 * (O_NONBLOCK; open(2)).
 * @throws the fs error when the file cannot be opened (e.g. no entry yet)
 */
function readTrusted(dir: string, file: string): string | undefined {
  const uid = process.geteuid?.();
  const trusted = (s: { uid: number; mode: number }) => writableOnlyBy(s, uid);
  const d = lstatSync(dir);
  if (!d.isDirectory() || !trusted(d)) return undefined;
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const f = fstatSync(fd);
    // Synchronously: a small file, usually from the page cache, read in one call rather than
    // fs.promises' open/stat/read/close round trips through the thread pool.
    return f.isFile() && trusted(f) ? readFileSync(fd, 'utf8') : undefined;
  } finally {
    closeSync(fd);
  }
}

let shared: Promise<ScenarioCache | undefined> | undefined;

/**
 * {@link openScenarioCache} with the defaults, opened once per process. Never rejects: a cache
 * that cannot be opened is no cache.
 */
export function defaultScenarioCache(): Promise<ScenarioCache | undefined> {
  shared ??= openScenarioCache().catch(() => undefined);
  return shared;
}

/** The first line of an entry file; the result follows on the next. */
interface EntryHeader {
  key: CacheKey;
  /** SHA-256 (hex) of the text after the first line: a damaged entry is a miss, not a crash. */
  sum: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Temporary files of a write that was killed midway are removed once this old (ms). */
const STALE_TEMP_MS = 10 * 60_000;

async function writeEntry(dir: string, file: string, text: string): Promise<void> {
  await writeFileAtomic(file, text, 0o600);
  // A write killed between creating its temporary file and renaming it leaves the file behind
  // (writeFileAtomic names each one afresh): sweep the old ones.
  const now = Date.now();
  for (const name of await readdir(dir)) {
    if (!name.startsWith('.') || !name.endsWith('.tmp')) continue;
    const path = join(dir, name);
    const s = await stat(path).catch(() => undefined);
    if (s && now - s.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
  }
}

/** Whether an entry's header has exactly this key and a checksum. */
function isHeaderFor(header: unknown, key: CacheKey): header is EntryHeader {
  if (!isRecord(header) || !isRecord(header.key) || typeof header.sum !== 'string') return false;
  const { build, path, sha256: hash } = header.key;
  return build === key.build && path === key.path && hash === key.sha256;
}

/**
 * Whether a result read back holds a scenario of the same path and only warnings. The build id
 * in the key and the checksum stand for the rest of the shape: an entry of another build never
 * gets here, and a damaged one fails its checksum.
 */
function isResultFor(result: unknown, key: CacheKey): result is LintedScenario {
  if (!isRecord(result)) return false;
  const { scenario, warnings } = result;
  return (
    isRecord(scenario) && scenario.file === key.path && isRecord(scenario.meta) && Array.isArray(scenario.steps) &&
    typeof scenario.introduction === 'string' &&
    Array.isArray(warnings) && warnings.every((w) => isRecord(w) && w.severity === 'warning' && w.file === key.path && typeof w.message === 'string')
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
