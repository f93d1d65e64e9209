/**
 * Linting and parsing a scenario's text through the scenario cache (scenario-cache.ts): what
 * `run`, `check`, `test`, `practice`, `topo` and `lint` do with each file they read.
 */
import type { Problem, Scenario } from '../scenario/model.js';
import type { ScenarioCache } from './scenario-cache.js';

/**
 * As `lintAndParse` (lint-source.ts), but a file whose text, path and build were linted before
 * without error comes from the cache. On such a hit the parser and the lint rules are not even
 * loaded (markdown-it, gray-matter and js-yaml initialise only when lint-source.js is imported);
 * on a miss the result, when it has no error, is written to the cache in the background.
 * @param source the file's content.
 * @param file the path to name in problems.
 * @param cache the cache, or undefined to lint as `lintAndParse` does.
 * @returns every problem, sorted, and the scenario when there is no error. Never throws for bad input.
 */
export async function lintAndParseCached(
  source: string,
  file: string,
  cache: ScenarioCache | undefined,
): Promise<{ problems: Problem[]; scenario?: Scenario }> {
  const key = cache?.keyOf(file, source);
  const hit = cache && key ? await cache.read(key) : undefined;
  if (hit) return { problems: hit.warnings, scenario: hit.scenario };
  const { lintAndParse } = await import('./lint-source.js');
  const result = lintAndParse(source, file);
  if (cache && key && result.scenario) void cache.write(key, { scenario: result.scenario, warnings: result.problems });
  return result;
}
