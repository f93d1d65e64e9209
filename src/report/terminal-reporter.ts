/**
 * Renders run events for a person at a terminal (or a log): step headers, the explanation,
 * each command with its output streaming under it, a ✔ or ✘ for every expectation and check,
 * and a summary. Fast-forwarded steps (`run --from`) are shown as one line, in full only when
 * one fails.
 */
import type { ChalkInstance } from 'chalk';
import type { CheckResult } from '../check/model.js';
import type { CommandOutcome, RunEvent, RunListener, RunResult, StepResult } from '../run/events.js';
import { describeExit } from '../run/evaluate-expectation.js';
import type { Block, Expectation, Step } from '../scenario/model.js';
import { formatDuration } from '../util/duration.js';
import { renderMarkdown } from './render-markdown.js';

/** How the terminal reporter writes. */
export interface TerminalReporterOptions {
  /** Where to write (process.stdout in the CLI). */
  write: (text: string) => void;
  chalk: ChalkInstance;
  /** Guided mode shows each step's commands before the pause; unattended mode shows them as they run. */
  guided: boolean;
}

const OUTPUT_GUTTER = '│ ';
/** Lines of a command's output shown as they arrive. */
const DISPLAY_HEAD = 100;
/** Lines shown from the end of a longer output. */
const DISPLAY_TAIL = 20;

function expectationSummary(expect: Expectation): string {
  const parts = [describeExit(expect.exit)];
  if (expect.output !== undefined) parts.push(`output contains "${expect.output}"`);
  if (expect.noOutput !== undefined) parts.push(`output without "${expect.noOutput}"`);
  if (expect.match !== undefined) parts.push(`output matches /${expect.match.source}/`);
  return parts.join(' · ');
}

/** The commands a block will run, as a person would type them. */
function previewBlock(block: Block, c: ChalkInstance): string[] {
  switch (block.kind) {
    case 'run':
    case 'transcript': {
      const commands = block.kind === 'run' ? block.commands : block.entries.map((e) => e.command);
      const tag = block.norun ? c.dim('  (shown, not run)') : block.background ? c.dim('  (in the background)') : '';
      return commands.map((cmd, i) => c.cyan('  $ ' + cmd.text.replace(/\n/g, '\n    ')) + (i === 0 ? tag : ''));
    }
    case 'check':
      return block.checks.map((check) => c.dim('  ☐ ' + check.source));
    case 'shown':
      return block.content.replace(/\n$/, '').split('\n').map((l) => c.dim('  ' + l));
  }
}

/**
 * Creates a listener that renders a run for a terminal.
 * @returns the listener; it writes through `options.write` only
 */
export function createTerminalReporter(options: TerminalReporterOptions): RunListener {
  const { chalk: c, guided } = options;
  // A fast-forwarded step's output is held back, and shown only if the step fails.
  let held: { text: string; atLineStart: boolean } | undefined;
  const write = (text: string) => {
    if (held) held.text += text;
    else options.write(text);
  };
  /** Fast-forwarded steps that passed and are not reported yet: first and last number, time. */
  let forwarded: { first: number; last: number; ms: number } | undefined;
  /** Guided rendering for the current step: never for a fast-forwarded one. */
  let stepGuided = guided;
  let atLineStart = true;
  let commandOpen = false;
  let outputSeen = false;
  let currentBlock: Block | undefined;
  /** Unattended mode shows each block's lead prose just before the block runs; blocks before this index are shown. */
  let step: Step | undefined;
  let shownBlocks = 0;

  /** Shows the prose (and non-running blocks) of the current step up to and including block `end - 1`. */
  const showBlocksUntil = (end: number) => {
    if (stepGuided || !step) return;
    for (; shownBlocks < end; shownBlocks++) {
      const block = step.blocks[shownBlocks]!;
      if (block.lead) line(renderMarkdown(block.lead, c));
      const runs = (block.kind === 'run' || block.kind === 'transcript') && !block.norun;
      if (!runs && block.kind !== 'check') line(previewBlock(block, c).join('\n'));
    }
  };

  const line = (text = '') => {
    if (!atLineStart) write('\n');
    write(text + '\n');
    atLineStart = true;
  };

  // A command's output streams live up to DISPLAY_HEAD lines; past that only its last
  // DISPLAY_TAIL lines are kept, and shown when it ends, so megabytes never flood the screen.
  // Hidden output is handled a chunk at a time with native string search: it can be millions
  // of lines (`yes | head -c 20M`).
  let linesShown = 0;
  let hiddenNewlines = 0;
  let hidden = '';

  const streamOutput = (chunk: string) => {
    if (commandOpen && !outputSeen) {
      write('\n');
      atLineStart = true;
    }
    outputSeen = true;
    let pos = 0;
    let out = '';
    while (pos < chunk.length && linesShown < DISPLAY_HEAD) {
      const newline = chunk.indexOf('\n', pos);
      const end = newline === -1 ? chunk.length : newline + 1;
      if (atLineStart) out += c.dim(OUTPUT_GUTTER);
      out += chunk.slice(pos, end);
      atLineStart = newline !== -1;
      if (atLineStart) linesShown++;
      pos = end;
    }
    if (out) write(out);
    if (pos < chunk.length) {
      const rest = pos === 0 ? chunk : chunk.slice(pos);
      hiddenNewlines += countNewlines(rest);
      hidden = lastLines(hidden + rest, DISPLAY_TAIL);
    }
  };

  /** At the end of a long output: how much was not shown, then its last lines. */
  const flushTail = () => {
    if (hidden) {
      const lines = hidden.endsWith('\n') ? hidden : hidden + '\n';
      const hiddenLines = hiddenNewlines + (hidden.endsWith('\n') ? 0 : 1);
      const skipped = hiddenLines - countNewlines(lines);
      if (!atLineStart) write('\n');
      if (skipped > 0) write(c.dim(`${OUTPUT_GUTTER}… ${skipped} more line${skipped === 1 ? '' : 's'} not shown …\n`));
      write(lines.replace(/^/gm, c.dim(OUTPUT_GUTTER)).slice(0, -c.dim(OUTPUT_GUTTER).length));
      atLineStart = true;
    }
    linesShown = 0;
    hiddenNewlines = 0;
    hidden = '';
  };

  const endCommand = (outcome: CommandOutcome) => {
    flushTail();
    const ok = outcome.failures.length === 0;
    const retries = outcome.attempts > 1 ? c.dim(` (${outcome.attempts} attempts)`) : '';
    const ms = c.dim(` ${formatDuration(outcome.result.durationMs)}`);
    const expect = currentBlock && currentBlock.kind !== 'check' && currentBlock.kind !== 'shown' ? currentBlock.expect : undefined;
    const plain = expect === undefined || (expect.exit.kind === 'code' && expect.exit.code === 0 && !expect.output && !expect.noOutput && !expect.match);
    if (ok && !outputSeen && plain && !(currentBlock?.kind === 'transcript')) {
      write('  ' + c.green('✔') + ms + retries + '\n');
      atLineStart = true;
    } else if (ok) {
      const what = expect ? expectationSummary(expect) + (currentBlock?.kind === 'transcript' ? ' · output as shown' : '') : '';
      line('  ' + c.green('✔ ' + what) + ms + retries);
    } else {
      for (const f of outcome.failures) {
        line('  ' + c.red('✘ expected ' + f.expected));
        line(c.red('    found ') + f.found.replace(/\n/g, '\n          '));
        if (f.diff) line(f.diff.split('\n').map((l) => '    ' + colorDiffLine(l, c)).join('\n'));
      }
    }
    commandOpen = false;
  };

  /** `⏩ 1-6 fast-forwarded (0.3 s)` for the steps fast-forwarded since the last such line. */
  const flushForwarded = () => {
    if (!forwarded) return;
    const { first, last, ms } = forwarded;
    forwarded = undefined;
    const steps = first === last ? `${first}` : `${first}-${last}`;
    line(c.dim(`⏩ ${steps} fast-forwarded (${formatDuration(ms)})`));
  };

  /** The end of a fast-forwarded step: its held output is dropped when it passed, shown when not. */
  const endForwarded = (result: StepResult) => {
    const kept = held;
    held = undefined;
    if (!kept) return;
    // Where the cursor is after the held text, had it been written.
    const afterHeld = atLineStart;
    atLineStart = kept.atLineStart;
    if (result.status === 'passed') {
      const n = result.step.number;
      forwarded = { first: forwarded?.first ?? n, last: n, ms: (forwarded?.ms ?? 0) + result.durationMs };
      return;
    }
    flushForwarded();
    write(kept.text);
    atLineStart = afterHeld;
    line(formatStepEnd(result, c));
  };

  const handlers: { [K in RunEvent['kind']]: (e: Extract<RunEvent, { kind: K }>) => void } = {
    'run-start': (e) => {
      line(c.bold(e.scenario.meta.title));
      const where = e.sandbox === 'private' ? 'private sandbox' : 'on the host';
      const n = e.scenario.steps.length;
      const from = e.from ?? 1;
      const to = e.to ?? n;
      const range = from > 1 || to < n ? ` · ${from === to ? `step ${from}` : `steps ${from}-${to}`}` : '';
      line(c.dim(`${e.scenario.file} · ${n} step${n === 1 ? '' : 's'}${range} · ${where}`));
      // Fast-forwarding skips every explanation, the introduction's too.
      const intro = from > 1 ? '' : e.scenario.introduction.replace(/^#\s.*\n?/m, '').trim();
      if (intro) line('\n' + renderMarkdown(intro, c));
    },
    'step-start': (e) => {
      if (e.fastForward && e.attempt === 1) held = { text: '', atLineStart };
      else flushForwarded();
      stepGuided = guided && !e.fastForward;
      const again = e.attempt > 1 ? c.dim(` (attempt ${e.attempt})`) : '';
      line();
      line(c.bold.blue(`━━ Step ${e.step.number}/${e.total} · ${e.step.title}`) + again);
      step = e.step;
      shownBlocks = e.attempt === 1 ? 0 : e.step.blocks.length;
      if (stepGuided && e.attempt === 1) showStep(e.step);
    },
    'step-skipped': (e) => line(c.yellow(`↷ Step ${e.step.number} skipped`)),
    'block-shown': () => {},
    'command-start': (e) => {
      if (step) showBlocksUntil(step.blocks.indexOf(e.block) + 1);
      currentBlock = e.block;
      outputSeen = false;
      commandOpen = true;
      if (!atLineStart) write('\n');
      write(c.cyan('$ ' + e.command.text.replace(/\n/g, '\n  ')) + (e.background ? c.dim('  &') : ''));
      atLineStart = false;
    },
    'command-skipped': (e) => {
      if (step) showBlocksUntil(step.blocks.indexOf(e.block) + 1);
      line(c.yellow(`↷ $ ${e.command.text.replace(/\n/g, '\n  ')}  (left out)`));
    },
    'command-output': (e) => streamOutput(e.chunk),
    'command-end': (e) => endCommand(e.outcome),
    'checks-start': () => showBlocksUntil(step?.blocks.length ?? 0),
    'precheck-end': (e) => {
      if (e.vacuous) line(c.red('✘ the checks already hold before the step runs: they cannot tell whether it worked'));
    },
    'check-end': (e) => line(formatCheck(e.result, c)),
    'step-end': (e) => {
      if (e.result.fastForwarded) return endForwarded(e.result);
      if (!stepGuided && e.result.status === 'passed') {
        showBlocksUntil(e.result.step.blocks.length);
        if (e.result.step.outro) line(renderMarkdown(e.result.step.outro, c));
      }
      line(formatStepEnd(e.result, c));
    },
    'cleanup-start': () => {},
    'cleanup-end': (e) => {
      if (e.result.exitCode !== 0) line(c.yellow(`cleanup exited ${e.result.exitCode ?? 'on timeout'}: ${e.result.output.trim()}`));
    },
    'run-end': (e) => {
      flushForwarded();
      line('\n' + formatSummary(e.result, c));
    },
  };

  /** Guided mode: the whole step, prose and the commands it will run, before the pause. */
  function showStep(s: Step): void {
    for (const block of s.blocks) {
      if (block.lead) line(renderMarkdown(block.lead, c));
      line(previewBlock(block, c).join('\n'));
    }
    if (s.outro) line(renderMarkdown(s.outro, c));
  }

  return (event) => (handlers[event.kind] as (e: RunEvent) => void)(event);
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** The last `n` lines of `text` (a trailing newline does not start a line). */
export function lastLines(text: string, n: number): string {
  let pos = text.endsWith('\n') ? text.length - 1 : text.length;
  for (let i = 0; i < n; i++) {
    if (pos <= 0) return text;
    pos = text.lastIndexOf('\n', pos - 1);
    if (pos === -1) return text;
  }
  return text.slice(pos + 1);
}

function colorDiffLine(l: string, c: ChalkInstance): string {
  if (l.startsWith('+')) return c.green(l);
  if (l.startsWith('-')) return c.red(l);
  if (l.startsWith('@@')) return c.dim(l);
  return l;
}

/** `✔ H1: route default via 10.0.1.1` or `✘ ... — found ...`. */
export function formatCheck(result: CheckResult, c: ChalkInstance): string {
  const ms = c.dim(` ${formatDuration(result.durationMs)}`);
  if (result.passed) return c.green('✔ ' + result.expected) + ms;
  return c.red('✘ ' + result.expected) + ms + '\n' + c.red('    found ') + result.found.replace(/\n/g, '\n          ');
}

function formatStepEnd(result: StepResult, c: ChalkInstance): string {
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
