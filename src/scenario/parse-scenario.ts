/**
 * Parsing a whole scenario file: front matter, steps, blocks, and the checks that need the
 * whole file (at least one step, unique step ids).
 */
import type { ParseResult, Problem, Scenario } from './model.js';
import { parseFrontMatter } from './parse-front-matter.js';
import { parseSteps } from './parse-steps.js';
import { problem, sortProblems, type LocalProblem } from './problem.js';

/**
 * Parses a scenario file's text. Pure: no I/O, never throws for bad input, and reports every
 * problem found, not only the first.
 * @param source the file's content (`\r\n` line ends are accepted, and so is a UTF-8 byte order
 *   mark before the first line, which editors on Windows write: it is dropped, as gray-matter
 *   and most Markdown tools do, so it shifts no column).
 * @param file the path to name in problems and in the scenario.
 * @returns `{ ok: true, scenario, problems }` (problems then holds warnings only) or
 *   `{ ok: false, problems, partial? }` when any problem has severity `error` (`partial`: what
 *   was parsed, when the front matter is valid); problems sorted by line.
 */
export function parseScenario(source: string, file: string): ParseResult {
  // U+FEFF at the start is a byte order mark, not text: left in, "---" would not be line 1.
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const local: LocalProblem[] = [];
  const front = parseFrontMatter(text);
  local.push(...front.problems);
  const body = parseSteps(front.body, front.bodyLineOffset);
  local.push(...body.problems);

  if (body.steps.length === 0 && !front.unclosed) {
    local.push({
      line: front.bodyLineOffset + 1, column: 1, rule: 'step',
      message: 'no steps: a scenario needs at least one ## heading',
    });
  }
  const seen = new Map<string, number>();
  for (const step of body.steps) {
    if (step.id === '') {
      local.push({ line: step.line, column: 1, rule: 'step', message: 'step heading is empty: write what the step does' });
      continue;
    }
    const first = seen.get(step.id);
    if (first !== undefined) {
      local.push({
        line: step.line, column: 1, rule: 'step',
        message: `duplicate step id "${step.id}": the heading on line ${first} has the same id; give the headings different text`,
      });
    } else seen.set(step.id, step.line);
  }

  const problems: Problem[] = sortProblems(local.map((p) => problem(file, p)));
  if (!front.meta) return { ok: false, problems };
  const scenario: Scenario = { file, meta: front.meta, introduction: body.introduction, steps: body.steps };
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems, partial: scenario };
  return { ok: true, scenario, problems };
}
