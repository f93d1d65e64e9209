/**
 * Reading and parsing a scenario file.
 */
import { readFile } from 'node:fs/promises';
import { ScenarioError, UsageError } from '../util/errors.js';
import type { Scenario } from './model.js';
import { parseScenario } from './parse-scenario.js';

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

/**
 * Reads a scenario file's text.
 * @throws UsageError when the file cannot be read, saying why in words.
 */
export async function readScenarioSource(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'there is no such file'
      : code === 'EISDIR' ? 'it is a directory, not a Markdown file'
      : code === 'EACCES' ? 'permission denied'
      : (err as Error).message;
    throw new UsageError(`cannot read scenario ${file}: ${why}`);
  }
}
