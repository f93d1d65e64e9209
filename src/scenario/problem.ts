/**
 * Building `Problem` values: one place for the defaults (error severity, column 1); and the
 * error that carries them.
 */
import type { Problem, Severity } from './model.js';

/** Where and what, before the file name is known: what the inner parsers return. */
export interface LocalProblem {
  /** 1-based line in the scenario file. */
  line: number;
  /** 1-based column (1 when unknown). */
  column: number;
  /** Short rule name, e.g. `attribute`, `fence`, `check-syntax`. */
  rule: string;
  message: string;
  /** Defaults to `error`. */
  severity?: Severity;
}

/**
 * Makes a located problem.
 * @param file path of the scenario as given by the caller.
 * @param local line (1-based), column (1-based), rule, message and optional severity.
 * @returns a `Problem` with severity `error` unless told otherwise.
 */
export function problem(file: string, local: LocalProblem): Problem {
  return {
    file,
    line: local.line,
    column: local.column,
    severity: local.severity ?? 'error',
    rule: local.rule,
    message: local.message,
  };
}

/**
 * Orders problems as a reader scans the file: by line, then column (stable otherwise).
 * @returns a new sorted array.
 */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * The scenario file is malformed. Carries every problem found, each with file and line. The CLI
 * prints them as `FILE:LINE:COL: error: message` and exits 2.
 */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`).join('\n'));
  }
}
