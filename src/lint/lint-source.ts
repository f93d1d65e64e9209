/**
 * Linting one scenario's text: the parser's problems (errors, and its near-miss language
 * warnings), then every rule (warnings, and the few errors of `host-namespace`), so that one
 * run reports everything to fix.
 */
import type { Problem, Scenario } from '../scenario/model.js';
import { parseScenario } from '../scenario/parse-scenario.js';
import { problem, sortProblems } from '../scenario/problem.js';
import { RULES } from './rules/index.js';

/**
 * Lints a scenario file's text. Pure: reads nothing, runs nothing.
 * @param source the file's content (`\r\n` line ends are accepted).
 * @param file the path to name in problems.
 * @returns every problem, sorted by line and column: the parser's, then each rule's with the
 *   rule's severity (warning unless it says error). Rules run when the front matter is valid; in a file with errors, they skip the
 *   steps that have one (a half-parsed step would give warnings that only echo its error).
 *   Never throws for bad input.
 */
export function lintSource(source: string, file: string): Problem[] {
  return lintAndParse(source, file).problems;
}

/**
 * Lints and parses in one pass, for commands that run the scenario after linting it.
 * @returns every problem (as {@link lintSource}) and the scenario when it has no error, the
 *   rules' included
 */
export function lintAndParse(source: string, file: string): { problems: Problem[]; scenario?: Scenario } {
  const parsed = parseScenario(source, file);
  const scenario = parsed.ok ? parsed.scenario : parsed.partial;
  if (!scenario) return { problems: parsed.problems };
  const ctx = { scenario, lines: source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n') };
  let found = Object.values(RULES).flatMap((rule) =>
    rule.check(ctx).map((p) => problem(file, { ...p, severity: rule.severity ?? 'warning' })),
  );
  if (!parsed.ok) {
    const broken = new Set(parsed.problems.filter((p) => p.severity === 'error').map((p) => stepAt(scenario, p.line)));
    found = found.filter((w) => !broken.has(stepAt(scenario, w.line)));
  }
  const problems = sortProblems([...parsed.problems, ...found]);
  const runnable = parsed.ok && !found.some((p) => p.severity === 'error');
  return runnable ? { problems, scenario: parsed.scenario } : { problems };
}

/** The number of the step a line belongs to (0 before the first step). */
function stepAt(scenario: Scenario, line: number): number {
  return scenario.steps.findLast((s) => s.line <= line)?.number ?? 0;
}
