/**
 * Renders run events for a person at a terminal (or a log): step headers, the explanation,
 * each command with its output streaming under it, a ✔ or ✘ for every expectation and check,
 * and a summary. Fast-forwarded steps (`run --from`) are shown as one line, in full only when
 * one fails.
 */
import type { ChalkInstance } from 'chalk';
import type { CommandOutcome, RunEvent, RunListener, StepResult } from '../../run/events.js';
import type { Block, Expectation, Step } from '../../scenario/model.js';
import { expectationOf, isCommandBlock } from '../../run/step-commands.js';
import { formatDuration } from '../../util/duration.js';
import { formatCleanupEnd, formatHostEnd } from './format-host-end.js';
import { formatPrediction } from './format-prediction.js';
import { colorDiffLine, commandPrompt, expectationSummary, formatCheck, formatCommand, formatStepEnd, formatStepHeader, formatSummary, previewBlock, stepPreview } from './format-run.js';
import { formatStepState, type StepStateViews } from './format-step-state.js';
import { DISPLAY_HEAD, OutputView } from './output-view.js';
import { renderMarkdown } from './render-markdown.js';
import { introductionProse } from '../../scenario/introduction-prose.js';
import { textWidth } from '../../util/text-width.js';
import { wrapMessage, type Piece } from '../../util/wrap-words.js';
import { stepScriptLabel } from '../../zx/script-source.js';
import { describeStateChange } from '../../run/precheck.js';


/** How the terminal reporter writes. */
export interface TerminalReporterOptions {
  /** Where to write (process.stdout in the CLI). */
  write: (text: string) => void;
  chalk: ChalkInstance;
  /** Guided mode shows each step's commands before the pause; unattended mode shows them as they run. */
  guided: boolean;
  /**
   * `run --show-changes` / `--show-topology`: what to print on a `step-state` event (the run
   * must be started with `watchState`). Default: nothing.
   */
  stepState?: StepStateViews;
  /**
   * `run --demo` (with `guided` false): a command's text is typed by the demo controller after
   * the `$ ` this writes; output is shown in full; a check that holds is a short ✔ line.
   */
  demo?: boolean;
  /**
   * The terminal's width in columns, read at each use (a resized window is followed): a `why:`
   * line, a failed check's `found`, a command's verdict, warnings and the summary are wrapped
   * to it at words, with a hanging indent; a long command is broken between its words with
   * ` \` continuations (format-run.ts formatCommand).
   * Undefined (output to a pipe or a file): one line each, whole, for grep and logs.
   */
  columns?: () => number;
}

const OUTPUT_GUTTER = '│ ';

/**
 * Creates a listener that renders a run for a terminal.
 * @returns the listener; it writes through `options.write` only
 */
export function createTerminalReporter(options: TerminalReporterOptions): RunListener {
  const { chalk: c, guided } = options;
  const demo = options.demo === true;
  const head = demo ? Infinity : DISPLAY_HEAD;
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
  /** Columns used on the current line by the running command's text (its verdict may follow it there). */
  let commandColumn = 0;
  let commandOpen = false;
  /** `prefix` and plain `text`, wrapped to the terminal when it has a width. */
  const wrapped = (prefix: string, text: string, indent: string, paint: (t: string) => string = (t) => t): string =>
    options.columns ? wrapMessage(prefix, [{ text, paint: [paint] }], options.columns(), indent) : prefix + paint(text);
  const columns = () => options.columns?.();
  let outputSeen = false;
  let currentBlock: Block | undefined;
  /** What the running command must meet (its block's attributes, a transcript's `[N]`); undefined for other blocks. */
  let currentExpect: Expectation | undefined;
  /** Unattended mode shows each block's lead prose just before the block runs; blocks before this index are shown. */
  let step: Step | undefined;
  let shownBlocks = 0;

  /** Shows the prose (and non-running blocks) of the current step up to and including block `end - 1`. */
  const showBlocksUntil = (end: number) => {
    if (stepGuided || !step) return;
    for (; shownBlocks < end; shownBlocks++) {
      const block = step.blocks[shownBlocks]!;
      if (block.lead) line(renderMarkdown(block.lead, c));
      const runs = isCommandBlock(block) && !block.norun;
      if (!runs && block.kind !== 'check') line(previewBlock(block, c, columns()).join('\n'));
    }
  };

  const line = (text = '') => {
    if (!atLineStart) write('\n');
    write(text + '\n');
    atLineStart = true;
  };

  let view = new OutputView(c.dim(OUTPUT_GUTTER), head);

  const streamOutput = (chunk: string) => {
    if (commandOpen && !outputSeen) {
      write('\n');
      atLineStart = true;
    }
    outputSeen = true;
    const shown = view.stream(chunk, atLineStart);
    if (shown.text) write(shown.text);
    atLineStart = shown.atLineStart;
  };

  const endCommand = (outcome: CommandOutcome) => {
    const rest = view.end(atLineStart, c.dim);
    if (rest.text) write(rest.text);
    atLineStart = rest.atLineStart;
    // Only the first attempt streamed: the verdict below is about the last one, so show what
    // that one printed (a curl that passed on attempt 4 must not sit under "Connection refused").
    if (outcome.attempts > 1 && outcome.result.output) {
      line(c.dim(`  ↻ attempt ${outcome.attempts}:`));
      view = new OutputView(c.dim(OUTPUT_GUTTER));
      const shown = view.stream(outcome.result.output, true);
      if (shown.text) write(shown.text);
      const tail = view.end(shown.atLineStart, c.dim);
      if (tail.text) write(tail.text);
      atLineStart = tail.atLineStart;
    }
    const ok = outcome.failures.length === 0;
    const retries = outcome.attempts > 1 ? c.dim(` (${outcome.attempts} attempts)`) : '';
    const ms = c.dim(` ${formatDuration(outcome.result.durationMs)}`);
    const expect = currentExpect;
    const plain = expect === undefined || (expect.exit.kind === 'code' && expect.exit.code === 0 && !expect.output && !expect.noOutput && !expect.match);
    if (ok && !outputSeen && plain && !(currentBlock?.kind === 'transcript')) {
      const mark = '  ' + c.green('✔') + ms + retries;
      // After the command on its line, unless that would run past the edge.
      const width = columns();
      if (width !== undefined && commandColumn + textWidth(mark) > width) write('\n');
      write(mark + '\n');
      atLineStart = true;
    } else if (ok) {
      const what = expect
        ? expectationSummary(expect) + (currentBlock?.kind === 'transcript' ? ' · output as shown' : '')
        : currentBlock?.kind === 'zx' ? stepScriptLabel(currentBlock.command.text) : '';
      const pieces: Piece[] = [
        { text: `✔ ${what} `, paint: [c.green] },
        { text: formatDuration(outcome.result.durationMs), paint: [c.dim], whole: true },
        ...(outcome.attempts > 1 ? [{ text: ` (${outcome.attempts} attempts)`, paint: [c.dim] }] : []),
      ];
      const width = columns();
      line(width === undefined ? '  ' + c.green('✔ ' + what) + ms + retries : wrapMessage('  ', pieces, width, '    '));
    } else {
      for (const f of outcome.failures) {
        line('  ' + c.red('✘ expected ' + f.expected));
        line(c.red('    found ') + f.found.replace(/\n/g, '\n          '));
        if (f.diff) line(f.diff.split('\n').map((l) => '    ' + colorDiffLine(l, c)).join('\n'));
      }
    }
    // The reason under a failed ping, whether the scenario expected the failure (the lesson)
    // or not (the student's mistake).
    if (outcome.explanation) line(wrapped(c.dim('    why: '), outcome.explanation, '         '));
    if (outcome.prediction) line(formatPrediction(outcome.prediction, outcome.explanation !== undefined, c));
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
    line(formatStepEnd(result, c, columns()));
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
      const intro = from > 1 ? '' : introductionProse(e.scenario.introduction);
      if (intro) line('\n' + renderMarkdown(intro, c));
    },
    'step-start': (e) => {
      if (e.fastForward && e.attempt === 1) held = { text: '', atLineStart };
      else flushForwarded();
      stepGuided = guided && !e.fastForward;
      const again = e.attempt > 1 ? c.dim(` (attempt ${e.attempt})`) : '';
      line();
      line(formatStepHeader(e.step, e.total, c, columns(), again));
      step = e.step;
      shownBlocks = e.attempt === 1 ? 0 : e.step.blocks.length;
      if (stepGuided && e.attempt === 1) showStep(e.step);
    },
    'step-skipped': (e) => line(c.yellow(`↷ Step ${e.step.number} skipped`)),
    'command-start': (e) => {
      if (step) showBlocksUntil(step.blocks.indexOf(e.block) + 1);
      currentBlock = e.block;
      currentExpect = e.block.kind === 'run' || e.block.kind === 'transcript' ? expectationOf(e.block, e.command) : undefined;
      view = new OutputView(c.dim(OUTPUT_GUTTER), head);
      outputSeen = false;
      commandOpen = true;
      if (!atLineStart) write('\n');
      // In a demo the controller types the command out after the prompt.
      const prompt = commandPrompt(e.block);
      const shown = demo ? c.cyan(prompt) : formatCommand(e.command.text, { prompt, paint: c.cyan, width: columns(), tag: e.background ? '  &' : '', tagPaint: c.dim });
      write(shown);
      commandColumn = textWidth(shown.slice(shown.lastIndexOf('\n') + 1));
      atLineStart = false;
    },
    'command-skipped': (e) => {
      if (step) showBlocksUntil(step.blocks.indexOf(e.block) + 1);
      line(formatCommand(e.command.text, { lead: '↷ ', prompt: commandPrompt(e.block), paint: c.yellow, width: columns(), tag: '  (left out)', tagPaint: c.yellow }));
    },
    'command-output': (e) => streamOutput(e.chunk),
    'command-end': (e) => endCommand(e.outcome),
    'background-exited': (e) => {
      const status = e.exit.exitCode === null ? 'was killed' : `exited with status ${e.exit.exitCode}`;
      line(wrapped(c.yellow('⚠ '), `background command ${status} before the run ended: ${e.exit.command.split('\n')[0]}`, '  ', c.yellow));
      const tail = e.exit.output.trimEnd().split('\n').slice(-8).filter((l) => l !== '');
      line(tail.length > 0 ? tail.map((l) => c.dim(OUTPUT_GUTTER) + l).join('\n') : c.dim(`${OUTPUT_GUTTER}(no output)`));
    },
    'checks-start': () => showBlocksUntil(step?.blocks.length ?? 0),
    'precheck-end': (e) => {
      if (e.vacuous) line(c.red('✘ the checks already hold before the step runs: they cannot tell whether it worked'));
      if (e.changedState) {
        line(wrapped(c.red('✘ '), describeStateChange(e.changedState), '  ', c.red));
        for (const change of e.changedState.changes.slice(0, 5)) line(c.red(`    ${change}`));
      }
    },
    'check-end': (e) => line(demo && e.result.passed ? c.green('✔ ' + e.result.expected) : formatCheck(e.result, c, options.columns?.())),
    'step-end': (e) => {
      if (e.result.fastForwarded) return endForwarded(e.result);
      if (!stepGuided && e.result.status === 'passed') {
        showBlocksUntil(e.result.step.blocks.length);
        if (e.result.step.outro) line(renderMarkdown(e.result.step.outro, c));
      }
      line(formatStepEnd(e.result, c, columns()));
    },
    'step-state': (e) => {
      if (options.stepState) for (const l of formatStepState(e.before, e.after, options.stepState, c)) line(l);
    },
    'cleanup-start': () => {},
    'cleanup-end': (e) => {
      const text = formatCleanupEnd(e.result, c);
      if (text) line(text);
    },
    warning: (e) => line(wrapped('', `nslab: warning: ${e.message}`, '  ', c.yellow)),
    'host-leftovers': (e) => {
      const lines = formatHostEnd(e, c);
      if (lines.length > 0) line(lines.join('\n'));
    },
    'run-end': (e) => {
      flushForwarded();
      line('\n' + formatSummary(e.result, c, columns()));
    },
  };

  /** Guided mode: the whole step, prose and the commands it will run, before the pause. */
  function showStep(s: Step): void {
    for (const l of stepPreview(s, c, (md) => renderMarkdown(md, c), columns())) line(l);
  }

  return (event) => (handlers[event.kind] as (e: RunEvent) => void)(event);
}

