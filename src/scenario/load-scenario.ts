/**
 * Reading and parsing a scenario file.
 */
import { ScenarioError } from './problem.js';
import type { Scenario } from './model.js';
import { parseScenario } from './parse-scenario.js';
import { readScenarioSource } from './read-scenario-source.js';

/**
 * Reads a scenario file and parses it.
 * @param file path of the Markdown file (relative to the working directory or absolute).
 * @returns the scenario; warnings are dropped (lint reports them via `parseScenario`).
 * @throws UsageError when the file cannot be read (missing, a directory, no permission).
 * @throws ScenarioError with every problem when any problem has severity `error`.
 */
export async function loadScenario(file: string): Promise<Scenario> {
  const result = parseScenario(await readScenarioSource(file), file);
  if (!result.ok) throw new ScenarioError(result.problems.filter((p) => p.severity === 'error'));
  return result.scenario;
}
