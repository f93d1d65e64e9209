/**
 * What lint is made of: rules that read a parsed scenario and return warnings (or errors), and the report
 * of a lint run over files.
 */
import type { LocalProblem } from '../scenario/problem.js';
import type { Problem, Scenario, Severity } from '../scenario/model.js';

/** The names of lint's own warning rules (parser problems keep the parser's rule names). */
export type RuleName = 'step-unchecked' | 'requires' | 'norun-only' | 'unknown-namespace' | 'ping-without-count' | 'unset-variable' | 'host-namespace' | 'ping-without-wait' | 'transcript-varying';

/** What a rule reads. */
export interface LintContext {
  /** The scenario, parsed without errors. */
  scenario: Scenario;
  /**
   * The file's lines (`\n` line ends, index 0 = line 1), to place a column exactly: block
   * contents lose the indentation of a fence nested in a list, transcripts their prompt.
   */
  lines: readonly string[];
}

/** One lint rule: a pure function of the scenario. */
export interface Rule {
  name: RuleName;
  /** One line for docs and `--help`: what it warns about. */
  summary: string;
  /**
   * `warning` (the default) reports and lets the scenario run; `error` stops `run` and `test` as
   * a parser error does, for what makes the run's own reports wrong.
   */
  severity?: Severity;
  /**
   * Finds the rule's problems.
   * @returns problems located in the file, `rule` set to the rule's name; severity is left
   *   out (lint gives them the rule's). Never throws.
   */
  check(ctx: LintContext): LocalProblem[];
}

/** The result of linting files. */
export interface LintReport {
  /** Every file linted, sorted (directories expanded to their `*.md` files). */
  files: string[];
  /** Every problem of every file, sorted by file, line and column. */
  problems: Problem[];
}
