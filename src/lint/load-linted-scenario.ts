/**
 * What `run` and `test` call first: lint, so that a file's problems read the same in every
 * command, then hand over the parsed scenario.
 */
import { readScenarioSource } from '../scenario/load-scenario.js';
import type { Problem, Scenario } from '../scenario/model.js';
import { ScenarioError } from '../util/errors.js';
import { lintAndParse } from './lint-source.js';

/**
 * Reads, lints and parses a scenario file.
 * @returns the scenario and the lint warnings (for the caller to show before running)
 * @throws UsageError when the file cannot be read
 * @throws ScenarioError with every problem, warnings included, when any is an error
 */
export async function loadLintedScenario(file: string): Promise<{ scenario: Scenario; warnings: Problem[] }> {
  const { problems, scenario } = lintAndParse(await readScenarioSource(file), file);
  if (!scenario) throw new ScenarioError(problems);
  return { scenario, warnings: problems };
}
