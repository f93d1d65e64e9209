/**
 * Rendering lint results: `FILE:LINE:COL: severity: message` lines and a count, or JSON.
 */
import type { ChalkInstance } from 'chalk';
import type { LintReport } from '../../lint/model.js';
import type { Problem } from '../../scenario/model.js';
import { textWidth } from '../../util/text-width.js';
import { wrapMessage, type Piece } from '../../util/wrap-words.js';

/**
 * One problem as editors and CI annotate it: `FILE:LINE:COL: error|warning: message`. A
 * warning ends with its rule in brackets (`[requires]`), as gcc does with its `-W` flags, so
 * that docs/authoring.md can be searched for how to fix it; errors read exactly as `nslab run`
 * prints them.
 * @param c colours (pass a level-0 chalk for plain text).
 * @param width the terminal's width: the message is wrapped at words to it, its further lines
 *   indented; undefined: one line (editors, CI, pipes)
 */
export function formatProblem(p: Problem, c: ChalkInstance, width?: number): string {
  const sev = p.severity === 'error' ? c.red('error') : c.yellow('warning');
  const rule = p.severity === 'warning' ? c.dim(` [${p.rule}]`) : '';
  const head = `${c.bold(`${p.file}:${p.line}:${p.column}`)}: ${sev}: `;
  if (width === undefined) return `${head}${p.message}${rule}`;
  const pieces: Piece[] = [{ text: p.message, paint: [] }, ...(rule ? [{ text: ' ', paint: [] }, { text: `[${p.rule}]`, paint: [c.dim] }] : [])];
  // A location that takes most of the line (a long path): the message starts under it.
  if (textWidth(head) > width / 2) return `${head.trimEnd()}\n${wrapMessage(PROBLEM_INDENT, pieces, width, PROBLEM_INDENT)}`;
  return wrapMessage(head, pieces, width, PROBLEM_INDENT);
}

/** Before a problem's further lines, at a terminal. */
const PROBLEM_INDENT = '    ';

/**
 * The count line: `2 errors, 1 warning in 3 files`, or `0 problems in 2 files`.
 */
export function formatCount(report: LintReport): string {
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const warnings = report.problems.length - errors;
  const parts = [
    ...(errors > 0 ? [plural(errors, 'error')] : []),
    ...(warnings > 0 ? [plural(warnings, 'warning')] : []),
  ];
  return `${parts.length > 0 ? parts.join(', ') : '0 problems'} in ${plural(report.files.length, 'file')}`;
}

/**
 * The whole text report: one line per problem, then the count.
 * @returns lines ending in `\n`.
 */
export function formatLintText(report: LintReport, c: ChalkInstance): string {
  const count = formatCount(report);
  const hasErrors = report.problems.some((p) => p.severity === 'error');
  const countLine = hasErrors ? c.red(count) : report.problems.length > 0 ? c.yellow(count) : c.green(count);
  return report.problems.map((p) => formatProblem(p, c) + '\n').join('') + countLine + '\n';
}

/**
 * The JSON report: an array of `{file, line, column, severity, rule, message}`, in report order.
 * @returns the JSON text, ending in `\n`.
 */
export function formatLintJson(report: LintReport): string {
  const rows = report.problems.map(({ file, line, column, severity, rule, message }) => ({ file, line, column, severity, rule, message }));
  return JSON.stringify(rows, null, 2) + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
