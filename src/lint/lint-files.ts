/**
 * Linting files and directories: what `nslab lint` calls.
 */
import { readFile } from 'node:fs/promises';
import type { Problem } from '../scenario/model.js';
import { UsageError } from '../util/errors.js';
import { findScenarioFiles } from '../scenario/find-scenario-files.js';
import { lintAndParseCached } from './lint-cached.js';
import { defaultScenarioCache } from './scenario-cache.js';
import type { LintReport } from './model.js';

/**
 * Lints every scenario file the paths name.
 * @param paths files and directories (a directory means every `*.md` file below it).
 * @returns the files linted (sorted) and all their problems, sorted by file, line and column.
 * @throws UsageError when a path does not exist or a file cannot be read.
 */
export async function lintFiles(paths: readonly string[]): Promise<LintReport> {
  const [files, cache] = await Promise.all([findScenarioFiles(paths), defaultScenarioCache()]);
  // Through the scenario cache: a file linted before without error costs a read, not a parse.
  const perFile = await Promise.all(files.map(async (file) => (await lintAndParseCached(await readSource(file), file, cache)).problems));
  // Files are sorted and each file's problems too: concatenating keeps the order.
  const problems: Problem[] = perFile.flat();
  return { files, problems };
}

async function readSource(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
}
