/**
 * A cache of linted scenarios, as ESLint's `--cache` or Python's `__pycache__`: reading a
 * scenario with markdown-it and js-yaml and linting it costs a fresh process 25-40 ms of its
 * main thread before a run's first command (docs/performance.md), for a result that depends
 * only on the file's text, the path it was given as (problems name it) and the build of nslab.
 *
 * One entry per scenario path, `<cache dir>/scenarios/<hash of the absolute path>.json`
 * (`$XDG_CACHE_HOME/nslab`, see util/state-dir.ts), holding its key and the result, so that
 * the cache cannot grow with every edit. Only results without errors are written: an error is
 * always found by parsing the file as it is. Any failure to read or write an entry (no entry,
 * a read-only home, corrupt JSON, an entry of another shape) reads as a miss or is ignored:
 * the cache never changes an outcome. Under sudo the entries are the invoking user's (in their
 * home, chowned to them), as progress records are (progress/progress-store.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Problem, Scenario } from '../scenario/model.js';
import { nslabBuildId } from '../util/build-id.js';
import { nslabCacheDir } from '../util/state-dir.js';
import { makeOwnedDir, sudoOwner, type SudoOwner } from '../util/sudo-owner.js';
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
  /** `NSLAB_NO_CACHE`, `XDG_CACHE_HOME`, `HOME`, `SUDO_*` (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** The build id (default: the bundle's, util/build-id.ts). */
  buildId?: string;
}

/**
 * Opens the cache of the user running nslab (under sudo: of SUDO_USER).
 * @returns undefined when there is no build id (unbundled, e.g. dist/ used as a library or
 *   under vitest: its Scenario may differ from the last build's) or `NSLAB_NO_CACHE` is set
 *   (to anything but the empty string)
 */
export async function openScenarioCache(options: ScenarioCacheOptions = {}): Promise<ScenarioCache | undefined> {
  const env = options.env ?? process.env;
  const build = options.buildId ?? nslabBuildId();
  if (build === undefined || env.NSLAB_NO_CACHE) return undefined;
  const owner = await sudoOwner(env);
  const dir = join(nslabCacheDir(owner ? { ...env, HOME: owner.home } : env), 'scenarios');
  const entryFile = (path: string) => join(dir, `${sha256(resolve(path)).slice(0, 32)}.json`);
  return {
    dir,
    keyOf: (path, source) => ({ build, path, sha256: sha256(source) }),
    async read(key) {
      try {
        // Synchronously: ~20-35 kB, usually from the page cache, read in one call rather than
        // fs.promises' open/stat/read/close round trips through the thread pool.
        const entry = parseTaggedJson(readFileSync(entryFile(key.path), 'utf8'));
        return isEntryFor(entry, key) ? entry.result : undefined;
      } catch {
        return undefined;
      }
    },
    write(key, linted) {
      if (linted.warnings.some((p) => p.severity !== 'warning')) return Promise.resolve();
      let text: string;
      try {
        text = stringifyTaggedJson({ key, result: linted } satisfies Entry);
      } catch {
        return Promise.resolve(); // a scenario JSON cannot hold faithfully: parsed again next time
      }
      return writeEntry(dir, entryFile(key.path), text, owner).catch(() => {});
    },
  };
}

let shared: Promise<ScenarioCache | undefined> | undefined;

/**
 * {@link openScenarioCache} with the defaults, opened once per process (under sudo it asks
 * getent). Never rejects: a cache that cannot be opened is no cache.
 */
export function defaultScenarioCache(): Promise<ScenarioCache | undefined> {
  shared ??= openScenarioCache().catch(() => undefined);
  return shared;
}

/** What an entry file holds. */
interface Entry {
  key: CacheKey;
  result: LintedScenario;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function writeEntry(dir: string, file: string, text: string, owner: SudoOwner | undefined): Promise<void> {
  await makeOwnedDir(dir, owner, 0o700);
  await writeFileAtomic(file, text, 0o600, owner);
}

/**
 * Whether a parsed entry file is an entry with exactly this key, holding a scenario of the
 * same path and only warnings. The build id in the key stands for the rest of the shape: an
 * entry of another build never gets here, so this guards against damage, not old formats.
 */
function isEntryFor(entry: unknown, key: CacheKey): entry is Entry {
  if (!isRecord(entry) || !isRecord(entry.key) || !isRecord(entry.result)) return false;
  const { build, path, sha256: hash } = entry.key;
  if (build !== key.build || path !== key.path || hash !== key.sha256) return false;
  const { scenario, warnings } = entry.result;
  return (
    isRecord(scenario) && scenario.file === key.path && isRecord(scenario.meta) && Array.isArray(scenario.steps) &&
    typeof scenario.introduction === 'string' &&
    Array.isArray(warnings) && warnings.every((w) => isRecord(w) && w.severity === 'warning' && w.file === key.path && typeof w.message === 'string')
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
