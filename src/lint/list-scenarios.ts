/**
 * What `nslab list` shows: for each scenario of a directory, what it is and whether this
 * machine can run it.
 */
import { readFile } from 'node:fs/promises';
import { findMissingPrograms, programsNeeded } from '../run/find-missing-programs.js';
import { KERNEL_PREFIX } from '../kernel/features.js';
import { missingKernelFeatures } from '../kernel/missing-features.js';
import { parseScenario } from '../scenario/parse-scenario.js';
import { rootOnlyReasons } from '../run/root-only.js';
import { UsageError } from '../util/errors.js';
import { findScenarioFiles } from '../scenario/find-scenario-files.js';

/** One scenario file of a listing. */
export type ScenarioListing =
  | {
      file: string;
      parses: true;
      title: string;
      description?: string;
      /** Number of steps. */
      steps: number;
      services: string[];
      requires: string[];
      /**
       * What a run in the private sandbox needs and this machine lacks (empty: it can run):
       * programs not on PATH, kernel features as `kernel:NAME`, and `root` when nslab is not root
       * and the scenario needs it (Open vSwitch bridges, a live tcpdump capture: rootOnlyReasons).
       */
      missing: string[];
    }
  | {
      file: string;
      parses: false;
      /** Number of error-severity problems (`nslab lint FILE` prints them). */
      errors: number;
    };

/**
 * Lists the scenarios of directories or files.
 * @param paths directories (every `*.md` below them) and files; `['scenarios']` by default in
 *   the CLI.
 * @returns one listing per file, sorted by file. A file that does not parse is listed with its
 *   error count, not thrown.
 * @throws UsageError when a path does not exist or a file cannot be read.
 */
export async function listScenarios(paths: readonly string[]): Promise<ScenarioListing[]> {
  const files = await findScenarioFiles(paths);
  return Promise.all(files.map(listOne));
}

async function listOne(file: string): Promise<ScenarioListing> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = parseScenario(source, file);
  if (!parsed.ok) return { file, parses: false, errors: parsed.problems.filter((p) => p.severity === 'error').length };
  const { meta, steps } = parsed.scenario;
  // What `nslab run` checks before step 1 (sandbox tools, services, requires): ✔ means it will not stop there.
  const programs = await findMissingPrograms(programsNeeded(parsed.scenario, false));
  const missing = [...programs, ...missingKernelFeatures(meta.kernel).map((m) => `${KERNEL_PREFIX}${m.feature.name}`)];
  // A user without root cannot run it at all: `run` would stop before step 1, as for a program.
  if (process.getuid?.() !== 0 && rootOnlyReasons(parsed.scenario).length > 0) missing.push('root');
  return {
    file, parses: true, title: meta.title,
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    steps: steps.length, services: [...meta.services], requires: [...meta.requires], missing,
  };
}
