/**
 * What `run` and `test` call first: lint, so that a file's problems read the same in every
 * command, then hand over the parsed scenario (from the scenario cache when the same file was
 * linted before by the same build without error).
 */
import type { Problem, Scenario } from '../scenario/model.js';
import { readScenarioSource } from '../scenario/read-scenario-source.js';
import { ScenarioError } from '../scenario/problem.js';
import { lintAndParseCached } from './lint-cached.js';
import { defaultScenarioCache } from './scenario-cache.js';

/**
 * Reads, lints and parses a scenario file, or takes the result from the scenario cache
 * (`$XDG_CACHE_HOME/nslab/scenarios`; `NSLAB_NO_CACHE=1` turns it off).
 * @returns the scenario and the lint warnings (for the caller to show before running)
 * @throws UsageError when the file cannot be read
 * @throws ScenarioError with every problem, warnings included, when any is an error (errors
 *   are never cached: they always come from parsing the file as it is)
 */
export async function loadLintedScenario(file: string): Promise<{ scenario: Scenario; warnings: Problem[] }> {
  const [source, cache] = await Promise.all([readScenarioSource(file), defaultScenarioCache()]);
  const { problems, scenario } = await lintAndParseCached(source, file, cache);
  if (!scenario) throw new ScenarioError(problems);
  return { scenario, warnings: problems };
}
