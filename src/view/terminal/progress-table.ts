/**
 * The progress table of `nslab check` and of `status` in a practice shell: one line per step
 * with its mark, then, for the first step that failed, what was expected, what was found and
 * the diagnosis.
 */
import { terminalColumns } from '../../util/terminal-columns.js';
import { textWidth } from '../../util/text-width.js';
import { wrapMessage, type Piece } from '../../util/wrap-words.js';
import type { ChalkInstance } from 'chalk';
import type { SessionOutcome, StepOutcome, VerificationItem } from '../../verify/outcome.js';

/** How the table is drawn. */
export interface ProgressTableOptions {
  /** Practice: the step the student is on, marked `▸`. */
  current?: number;
  /** Show the first failed step's items (default true). */
  details?: boolean;
  /**
   * The terminal's width in columns: the title line and a step's row are wrapped at words,
   * under their text. Undefined (a pipe, a file): one line each.
   */
  width?: number;
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

/** After a step's title: what its mark means, in words (none for done and failed). */
function note(step: StepOutcome, c: ChalkInstance, current: number | undefined): Piece[] {
  const say = (paint: (s: string) => string, text: string): Piece[] => [{ text: `  ${text}`, paint: [paint] }];
  if (step.number === current && step.status !== 'done' && step.status !== 'solved') return say(c.cyan, '(current step)');
  if (step.supersededBy !== undefined) return say(c.dim, `(an earlier moment: step ${step.supersededBy} has moved past it)`);
  if (step.finishedEarlier) return say(c.red, 'done, but no longer holds');
  if (step.fastForwarded && step.status === 'done') return say(c.dim, 'fast-forwarded (nslab ran its commands to resume)');
  switch (step.status) {
    case 'solved':
      return say(c.yellow, 'solved (nslab ran its commands)');
    case 'reading':
      return say(c.dim, 'reading');
    case 'not-reached':
      return say(c.dim, 'not reached');
    default:
      return [];
  }
}

/** Where the state was read, in words, for the table's title line. */
function placeRead(outcome: SessionOutcome): string {
  if (outcome.where === 'host') return "the host's namespaces";
  return outcome.sandbox === 'run' ? "the private sandbox it runs in (a run's, not the host's)" : 'the practice sandbox';
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
  const digits = String(outcome.steps.length).length;
  const columns = options.width ?? Infinity;
  const lines = [
    wrapMessage('', [
      { text: outcome.scenario.title, paint: [c.bold] },
      { text: ' · ', paint: [c.dim] },
      // A path is copied: never cut.
      { text: outcome.scenario.file, paint: [c.dim], whole: true },
      { text: ` · ${placeRead(outcome)}`, paint: [c.dim] },
    ], columns, '  '),
  ];
  for (const step of outcome.steps) {
    const head = `  ${mark(step, c, options.current)} ${String(step.number).padStart(digits)} `;
    lines.push(wrapMessage(head, [{ text: step.title, paint: [] }, ...note(step, c, options.current)], columns, ' '.repeat(textWidth(head))));
  }
  const failed = outcome.steps.find((s) => s.status === 'failed');
  if (failed && options.details !== false) {
    lines.push('', c.red(`Step ${failed.number} does not hold:`));
    for (const item of failed.items.filter((i) => !i.passed)) lines.push(formatItem(item, c, columns));
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
