/**
 * The progress table of `nslab check` and of `status` in a practice shell: one line per step
 * with its mark, then, for the first step that failed, what was expected, what was found and
 * the diagnosis.
 */
import { terminalColumns } from '../util/terminal-columns.js';
import { wrapMessage, type Piece } from '../util/wrap-words.js';
import type { ChalkInstance } from 'chalk';
import type { SessionOutcome, StepOutcome, VerificationItem } from '../verify/outcome.js';

/** How the table is drawn. */
export interface ProgressTableOptions {
  /** Practice: the step the student is on, marked `▸`. */
  current?: number;
  /** Show the first failed step's items (default true). */
  details?: boolean;
}

function mark(step: StepOutcome, c: ChalkInstance, current: number | undefined): string {
  if (step.number === current && step.status !== 'done' && step.status !== 'solved') return c.cyan('▸');
  if (step.fastForwarded && step.status === 'done') return c.dim('»');
  switch (step.status) {
    case 'done':
      return c.green('✔');
    case 'solved':
      return c.yellow('✔');
    case 'failed':
      return c.red('✘');
    case 'reading':
      return c.dim('–');
    case 'not-reached':
      return c.dim('·');
  }
}

function note(step: StepOutcome, c: ChalkInstance, current: number | undefined): string {
  if (step.number === current && step.status !== 'done' && step.status !== 'solved') return c.cyan('  (current step)');
  if (step.supersededBy !== undefined) return c.dim(`  (an earlier moment: step ${step.supersededBy} has moved past it)`);
  if (step.finishedEarlier) return c.red('  done, but no longer holds');
  if (step.fastForwarded && step.status === 'done') return c.dim('  fast-forwarded (nslab ran its commands to resume)');
  switch (step.status) {
    case 'solved':
      return c.yellow('  solved (nslab ran its commands)');
    case 'reading':
      return c.dim('  reading');
    case 'not-reached':
      return c.dim('  not reached');
    default:
      return '';
  }
}

/** One item of a failed step: `✘ EXPECTED — found FOUND`, and `why: ...` under it. */
export function formatItem(item: VerificationItem, c: ChalkInstance, width = terminalColumns()): string {
  // A probe's command is kept whole: a student copies it.
  const what: Piece[] = item.source === 'check' ? [{ text: item.expected, paint: [] }] : [{ text: `$ ${item.text}`, paint: [], whole: true }, { text: `  (expected ${item.expected})`, paint: [] }];
  const found: Piece[] = !item.passed && item.found ? [{ text: ' — found ', paint: [c.dim] }, { text: item.found, paint: [] }] : [];
  const lines = [wrapMessage(`  ${item.passed ? c.green('✔') : c.red('✘')} `, [...what, ...found], width, '    ')];
  if (item.diagnosis) lines.push(wrapMessage(`    ${c.dim('why:')} `, [{ text: item.diagnosis, paint: [] }], width, '    '));
  return lines.join('\n');
}

/**
 * Draws the table.
 * @returns lines ending in `\n`: a title line, one line per step
 *   (`✔ 3 Give every interface an address`; `»` for a step a resume fast-forwarded), the failed
 *   step's items, and a count (in practice: of the steps finished, and of those done by the
 *   student's own commands).
 */
export function formatProgress(outcome: SessionOutcome, c: ChalkInstance, options: ProgressTableOptions = {}): string {
  const width = String(outcome.steps.length).length;
  const where = outcome.where === 'host' ? "the host's namespaces" : 'the practice sandbox';
  const lines = [c.bold(`${outcome.scenario.title}`) + c.dim(` · ${outcome.scenario.file} · ${where}`)];
  for (const step of outcome.steps) {
    lines.push(`  ${mark(step, c, options.current)} ${String(step.number).padStart(width)} ${step.title}${note(step, c, options.current)}`);
  }
  const failed = outcome.steps.find((s) => s.status === 'failed');
  if (failed && options.details !== false) {
    lines.push('', c.red(`Step ${failed.number} does not hold:`));
    for (const item of failed.items.filter((i) => !i.passed)) lines.push(formatItem(item, c));
  }
  const finished = outcome.steps.filter((s) => s.status === 'done' || s.status === 'solved' || s.status === 'reading').length;
  if (outcome.kind === 'check') lines.push(c.dim(`${finished} of ${outcome.steps.length} steps hold`));
  else {
    // What the student's own commands did, apart from what nslab ran (solve, a resume).
    const yours = outcome.steps.filter((s) => s.status === 'done' && !s.fastForwarded).length;
    lines.push(c.dim(`${finished} of ${outcome.steps.length} steps finished, ${yours} done by you`));
  }
  return lines.map((l) => `${l}\n`).join('');
}
