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
  const local: LocalProblem[] = [...undecodedBytes(text)];
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
      local.push({ line: step.line, column: 1, rule: 'step', message: emptyIdMessage(step.title) });
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

/**
 * Why a step has no id: its heading is empty, or has nothing its GitHub anchor keeps (emoji and
 * punctuation only), which is not empty and must not be called so.
 */
function emptyIdMessage(title: string): string {
  if (title.trim() === '') return 'step heading is empty: write what the step does';
  return `step heading "${title.trim()}" gives the step no id: its GitHub anchor keeps only letters, digits, "-" and "_" (emoji and punctuation are dropped), and \`--from\` and reports name a step by it; add a word to it`;
}

/**
 * Where the file is not UTF-8: Node's decoder puts U+FFFD for each byte sequence it cannot read
 * (a heading saved as Latin-1 would otherwise be shown, slugged and matched as "Bad �� heading"
 * without a word). One problem per line, at the first such character.
 */
function undecodedBytes(text: string): LocalProblem[] {
  const problems: LocalProblem[] = [];
  text.split('\n').forEach((line, index) => {
    const at = line.indexOf('\uFFFD');
    if (at < 0) return;
    problems.push({
      line: index + 1, column: at + 1, rule: 'encoding',
      message: 'this line is not valid UTF-8 (a byte no UTF-8 character starts with, shown as \uFFFD): save the file as UTF-8',
    });
  });
  return problems;
}
