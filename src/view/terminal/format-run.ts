/**
 * The pieces of a run's terminal rendering that need no state: a block's preview, a check
 * line, a step's last line, and the summary table.
 */
import type { ChalkInstance } from 'chalk';
import type { CheckResult } from '../../check/model.js';
import type { RunResult, StepResult } from '../../run/events.js';
import { blockCommands } from '../../run/step-commands.js';
import { describeExpectation } from '../../run/evaluate-expectation.js';
import type { Block, Expectation, Step } from '../../scenario/model.js';
import { formatDuration } from '../../util/duration.js';
import { textWidth } from '../../util/text-width.js';
import { wrapMessage, type Piece } from '../../util/wrap-words.js';
import { commandLines } from './command-lines.js';

const ZX_PROMPT = 'zx ';

/** What a command is shown after: `$ ` for the shell, `zx ` for a zx script. */
export function commandPrompt(block: Block): string {
  return block.kind === 'zx' ? ZX_PROMPT : '$ ';
}

/** The block's expectations in words: `exit status 2 · output contains "..."`. */
export function expectationSummary(expect: Expectation): string {
  return describeExpectation(expect);
}

/** How {@link formatCommand} lays a command out. */
export interface CommandLayout {
  /** Before the prompt on the first line (spaces, a mark); the lines after it are indented past the prompt. */
  lead?: string;
  /** The prompt: `$ `, `zx `. */
  prompt: string;
  /** Paints the command's lines. */
  paint: (text: string) => string;
  /**
   * The terminal's width in columns: a longer shell command is broken between words with ` \`
   * continuations (command-lines.ts). Undefined (a pipe, a file), or a zx script: one line.
   */
  width?: number;
  /** After the command (`  (in the background)`): on its last line when it fits there, else on a line of its own. */
  tag?: string;
  tagPaint?: (text: string) => string;
}

/**
 * A command after its prompt, as a person would type it.
 * @returns the lines joined with `\n`, painted, no trailing newline
 */
export function formatCommand(text: string, layout: CommandLayout): string {
  const { lead = '', prompt, paint, tag = '', tagPaint = (t: string) => t } = layout;
  const indent = ' '.repeat(textWidth(lead + prompt));
  // A zx script is JavaScript: a backslash would not continue its line.
  const width = prompt === ZX_PROMPT ? undefined : layout.width;
  const lines = commandLines(text, width, indent.length, indent.length);
  const out = lines.map((l, i) => paint((i === 0 ? lead + prompt : indent) + l)).join('\n');
  if (!tag) return out;
  const lastWidth = indent.length + textWidth(lines[lines.length - 1]!);
  if (width !== undefined && lastWidth + textWidth(tag) > width) return `${out}\n${indent}${tagPaint(tag.trimStart())}`;
  return out + tagPaint(tag);
}

/** The commands a block will run, as a person would type them. */
export function previewBlock(block: Block, c: ChalkInstance, width?: number): string[] {
  switch (block.kind) {
    case 'run':
    case 'transcript':
    case 'zx': {
      const tag = block.norun ? '  (shown, not run)' : block.background ? '  (in the background)' : '';
      const prompt = commandPrompt(block);
      return blockCommands(block).map((cmd, i) => formatCommand(cmd.text, { lead: '  ', prompt, paint: c.cyan, width, tag: i === 0 ? tag : '', tagPaint: c.dim }));
    }
    case 'check':
      return block.checks.map((check) => (width === undefined ? c.dim('  ☐ ' + check.source) : wrapMessage('  ', [{ text: `☐ ${check.source}`, paint: [c.dim] }], width, '    ')));
    case 'shown':
      return block.content.replace(/\n$/, '').split('\n').map((l) => c.dim('  ' + l));
  }
}

/**
 * A whole step as guided mode previews it, and as a practice shell shows it: each block's lead
 * prose, the commands it runs (or the text it shows, or its checks), then the outro.
 * @param render renders Markdown prose for the terminal
 * @param width the terminal's width: long commands are broken to fit it (formatCommand); none: one line each
 * @returns the lines, in order
 */
export function stepPreview(s: Step, c: ChalkInstance, render: (markdown: string) => string, width?: number): string[] {
  const lines: string[] = [];
  for (const block of s.blocks) {
    if (block.lead) lines.push(render(block.lead));
    lines.push(previewBlock(block, c, width).join('\n'));
  }
  if (s.outro) lines.push(render(s.outro));
  return lines;
}

/** A unified diff line in the colour of its side. */
export function colorDiffLine(l: string, c: ChalkInstance): string {
  if (l.startsWith('+')) return c.green(l);
  if (l.startsWith('-')) return c.red(l);
  if (l.startsWith('@@')) return c.dim(l);
  return l;
}

/**
 * `✔ H1: route default via 10.0.1.1` or `✘ ... — found ...`.
 * @param columns the terminal's width: the check and a one-line found are wrapped to it (hanging
 *   indent); none: left whole
 */
export function formatCheck(result: CheckResult, c: ChalkInstance, columns?: number): string {
  const ms = c.dim(` ${formatDuration(result.durationMs)}`);
  if (result.passed && columns !== undefined) {
    return wrapMessage('', [{ text: `✔ ${result.expected} `, paint: [c.green] }, { text: formatDuration(result.durationMs), paint: [c.dim], whole: true }], columns, '  ');
  }
  if (result.passed) return c.green('✔ ' + result.expected) + ms;
  const head = c.red('✘ ' + result.expected) + ms + '\n';
  // A found of several lines (a file's text) keeps its own lines.
  if (columns !== undefined && !result.found.includes('\n')) return head + wrapMessage(c.red('    found '), [{ text: result.found, paint: [] }], columns, FOUND_INDENT);
  return head + c.red('    found ') + result.found.replace(/\n/g, '\n' + FOUND_INDENT);
}

/** Under `    found `: where a found's further lines start. */
const FOUND_INDENT = '          ';

/**
 * A step's header line: `━━ Step 3/8 · Title`, and what `after` adds (painted).
 * @param width the terminal's width: a long title is wrapped at words, under its first word; none: one line
 */
export function formatStepHeader(step: Step, total: number, c: ChalkInstance, width?: number, after = ''): string {
  const head = `━━ Step ${step.number}/${total} · `;
  if (width === undefined) return c.bold.blue(head + step.title) + after;
  return wrapMessage(c.bold.blue(head), [{ text: step.title, paint: [c.bold.blue] }], width, ' '.repeat(textWidth(head))) + after;
}

/**
 * `✔ Step 3 passed (80 ms)`, or the failed or interrupted form.
 * @param width the terminal's width: a line too long for it (a long title) is wrapped at words; none: one line
 */
export function formatStepEnd(result: StepResult, c: ChalkInstance, width?: number): string {
  const time = formatDuration(result.durationMs);
  const [text, paint] =
    result.status === 'passed' ? [`✔ Step ${result.step.number} passed`, c.green]
    : result.status === 'interrupted' ? [`⚠ Step ${result.step.number} "${result.step.title}" interrupted`, c.yellow]
    : [`✘ Step ${result.step.number} "${result.step.title}" failed`, c.red];
  if (width === undefined) return paint(text) + c.dim(` (${time})`);
  return wrapMessage('', [{ text: `${text} `, paint: [paint] }, { text: `(${time})`, paint: [c.dim], whole: true }], width, '  ');
}

const STATUS_MARK: Record<StepResult['status'], string> = {
  passed: '✔',
  failed: '✘',
  skipped: '↷',
  interrupted: '⚠',
  'not-run': '·',
};

/**
 * The summary table that ends every run: the verdict and counts, then one row per step.
 * @param columns the terminal's width: the verdict line and a row too long for it are wrapped
 *   at words, under their text; none (a pipe, a file): one line each
 */
export function formatSummary(result: RunResult, c: ChalkInstance, columns?: number): string {
  const count = (s: StepResult['status']) => result.steps.filter((r) => r.status === s).length;
  const verdict: Record<RunResult['status'], string> = {
    passed: c.green.bold('PASSED'),
    failed: c.red.bold('FAILED'),
    quit: c.yellow.bold('QUIT'),
    interrupted: c.yellow.bold('INTERRUPTED'),
  };
  const fit = (prefix: string, pieces: Piece[], indent: string) =>
    columns === undefined ? prefix + pieces.map((p) => p.paint.reduceRight((t, f) => f(t), p.text)).join('') : wrapMessage(prefix, pieces, columns, indent);
  const rows = result.steps.map((r) => {
    const mark = STATUS_MARK[r.status];
    const colored = r.status === 'passed' ? c.green(mark) : r.status === 'failed' ? c.red(mark) : c.dim(mark);
    // A time or a count is never cut from its unit.
    const time: Piece[] = r.status === 'passed' || r.status === 'failed' || r.status === 'interrupted' ? [{ text: ' ', paint: [] }, { text: formatDuration(r.durationMs), paint: [c.dim], whole: true }] : [];
    const how: Piece[] = r.fastForwarded ? [{ text: ' (fast-forwarded)', paint: [c.dim] }] : r.changedState ? [{ text: ' (a check changed the state)', paint: [c.red] }] : r.vacuous ? [{ text: ' (vacuous checks)', paint: [c.red] }] : [];
    const number = `${String(r.step.number).padStart(2)}. `;
    return fit(`  ${colored} ${number}`, [{ text: r.step.title, paint: [] }, ...time, ...how], ' '.repeat(4 + number.length));
  });
  const counts = [
    `${count('passed')} passed`,
    `${count('failed')} failed`,
    ...(count('interrupted') > 0 ? [`${count('interrupted')} interrupted`] : []),
    `${count('skipped')} skipped`,
    `${count('not-run')} not run`,
  ];
  const head = fit(`${verdict[result.status]} `, [
    { text: `${result.scenario.meta.title} · `, paint: [] },
    ...counts.flatMap((text, i): Piece[] => [...(i > 0 ? [{ text: ', ', paint: [] }] : []), { text, paint: [], whole: true }]),
    { text: ' · ', paint: [] },
    { text: formatDuration(result.durationMs), paint: [], whole: true },
  ], '  ');
  return [head, ...rows].join('\n');
}
