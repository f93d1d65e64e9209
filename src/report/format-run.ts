/**
 * The pieces of a run's terminal rendering that need no state: a block's preview, a check
 * line, a step's last line, and the summary table.
 */
import type { ChalkInstance } from 'chalk';
import type { CheckResult } from '../check/model.js';
import type { RunResult, StepResult } from '../run/events.js';
import { blockCommands } from '../run/step-commands.js';
import { describeExpectation } from '../run/evaluate-expectation.js';
import type { Block, Expectation, Step } from '../scenario/model.js';
import { formatDuration } from '../util/duration.js';
import { wrapMessage } from '../util/wrap-words.js';

/** What a command is shown after: `$ ` for the shell, `zx ` for a zx script. */
export function commandPrompt(block: Block): string {
  return block.kind === 'zx' ? 'zx ' : '$ ';
}

/** The block's expectations in words: `exit status 2 · output contains "..."`. */
export function expectationSummary(expect: Expectation): string {
  return describeExpectation(expect);
}

/** The commands a block will run, as a person would type them. */
export function previewBlock(block: Block, c: ChalkInstance): string[] {
  switch (block.kind) {
    case 'run':
    case 'transcript':
    case 'zx': {
      const tag = block.norun ? c.dim('  (shown, not run)') : block.background ? c.dim('  (in the background)') : '';
      const prompt = commandPrompt(block);
      return blockCommands(block).map((cmd, i) => c.cyan(`  ${prompt}` + cmd.text.replace(/\n/g, '\n' + ' '.repeat(prompt.length + 2))) + (i === 0 ? tag : ''));
    }
    case 'check':
      return block.checks.map((check) => c.dim('  ☐ ' + check.source));
    case 'shown':
      return block.content.replace(/\n$/, '').split('\n').map((l) => c.dim('  ' + l));
  }
}

/**
 * A whole step as guided mode previews it, and as a practice shell shows it: each block's lead
 * prose, the commands it runs (or the text it shows, or its checks), then the outro.
 * @param render renders Markdown prose for the terminal
 * @returns the lines, in order
 */
export function stepPreview(s: Step, c: ChalkInstance, render: (markdown: string) => string): string[] {
  const lines: string[] = [];
  for (const block of s.blocks) {
    if (block.lead) lines.push(render(block.lead));
    lines.push(previewBlock(block, c).join('\n'));
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
 * @param columns the terminal's width: a one-line found is wrapped to it (hanging indent); none: left whole
 */
export function formatCheck(result: CheckResult, c: ChalkInstance, columns?: number): string {
  const ms = c.dim(` ${formatDuration(result.durationMs)}`);
  if (result.passed) return c.green('✔ ' + result.expected) + ms;
  const head = c.red('✘ ' + result.expected) + ms + '\n';
  // A found of several lines (a file's text) keeps its own lines.
  if (columns !== undefined && !result.found.includes('\n')) return head + wrapMessage(c.red('    found '), [{ text: result.found, paint: [] }], columns, FOUND_INDENT);
  return head + c.red('    found ') + result.found.replace(/\n/g, '\n' + FOUND_INDENT);
}

/** Under `    found `: where a found's further lines start. */
const FOUND_INDENT = '          ';

/** `✔ Step 3 passed (80 ms)`, or the failed or interrupted form. */
export function formatStepEnd(result: StepResult, c: ChalkInstance): string {
  const time = c.dim(` (${formatDuration(result.durationMs)})`);
  if (result.status === 'passed') return c.green(`✔ Step ${result.step.number} passed`) + time;
  if (result.status === 'interrupted') return c.yellow(`⚠ Step ${result.step.number} "${result.step.title}" interrupted`) + time;
  return c.red(`✘ Step ${result.step.number} "${result.step.title}" failed`) + time;
}

const STATUS_MARK: Record<StepResult['status'], string> = {
  passed: '✔',
  failed: '✘',
  skipped: '↷',
  interrupted: '⚠',
  'not-run': '·',
};

/** The summary table that ends every run. */
export function formatSummary(result: RunResult, c: ChalkInstance): string {
  const count = (s: StepResult['status']) => result.steps.filter((r) => r.status === s).length;
  const verdict: Record<RunResult['status'], string> = {
    passed: c.green.bold('PASSED'),
    failed: c.red.bold('FAILED'),
    quit: c.yellow.bold('QUIT'),
    interrupted: c.yellow.bold('INTERRUPTED'),
  };
  const rows = result.steps.map((r) => {
    const mark = STATUS_MARK[r.status];
    const colored = r.status === 'passed' ? c.green(mark) : r.status === 'failed' ? c.red(mark) : c.dim(mark);
    const time = r.status === 'passed' || r.status === 'failed' || r.status === 'interrupted' ? c.dim(` ${formatDuration(r.durationMs)}`) : '';
    const how = r.fastForwarded ? c.dim(' (fast-forwarded)') : r.vacuous ? c.red(' (vacuous checks)') : '';
    return `  ${colored} ${String(r.step.number).padStart(2)}. ${r.step.title}${time}${how}`;
  });
  const interrupted = count('interrupted') > 0 ? `, ${count('interrupted')} interrupted` : '';
  const counts = `${count('passed')} passed, ${count('failed')} failed${interrupted}, ${count('skipped')} skipped, ${count('not-run')} not run`;
  return [`${verdict[result.status]} ${result.scenario.meta.title} · ${counts} · ${formatDuration(result.durationMs)}`, ...rows].join('\n');
}
