/**
 * Renders practice events for the student's terminal: the introduction and each step (its
 * explanation and commands as reference), one `✔ step 3 done` line when a step holds, hints,
 * `why`, the progress table, and `solve`'s run as `run` shows it.
 */
import { wrapMessage } from '../../util/wrap-words.js';
import type { ChalkInstance } from 'chalk';
import type { PracticeEvent } from '../../practice/events.js';
import type { SolvedCommand } from '../../practice/solve-step.js';
import type { StuckHint } from '../../practice/stuck-hint.js';
import { SHELL_COMMANDS } from '../../practice/rcfile.js';
import type { StepResult } from '../../run/events.js';
import { renderTopologyText } from '../../topology/render-text.js';
import { terminalColumns } from '../../util/terminal-columns.js';
import { formatDuration } from '../../util/duration.js';
import { formatStepState } from './format-step-state.js';
import { formatItem, formatProgress } from './progress-table.js';
import { opensWithParagraph, renderMarkdown } from './render-markdown.js';
import { formatCommand, formatStepHeader, stepPreview } from './format-run.js';
import { createTerminalReporter } from './terminal-reporter.js';
import { formatWhy } from './why-report.js';
import { introductionProse } from '../../scenario/introduction-prose.js';

/**
 * Creates a renderer. It keeps state only for `solve`'s run events (a terminal reporter).
 * @param columns the terminal's width in columns, asked at each event (default: this process's
 *   terminal; `nslab serve` passes its pty's, which the page's terminal resizes)
 * @returns a function from an event to its text: lines ending in `\n` ('' for nothing to show)
 */
export function createPracticeView(c: ChalkInstance, columns: () => number = terminalColumns): (event: PracticeEvent) => string {
  let solving = '';
  // A practice shell is always a terminal (practice.ts refuses anything else).
  const reporter = createTerminalReporter({ write: (s) => (solving += s), chalk: c, guided: false, columns });
  const lines = (...ls: string[]) => ls.map((l) => `${l}\n`).join('');
  /** A message at the terminal's width, wrapped at words. */
  const say = (paint: (s: string) => string, text: string, prefix = '') => wrapMessage(prefix, [{ text, paint: [paint] }], columns());
  return (e) => {
    switch (e.kind) {
      case 'start': {
        const intro = introductionProse(e.scenario.introduction);
        const head = e.restarted ? [c.bold(`Starting over in a fresh sandbox: ${e.scenario.meta.title}`)] : [c.bold(e.scenario.meta.title), '', renderMarkdown(intro, c, columns())];
        return lines(
          ...head,
          '',
          say(c.dim, `You type the commands, in a shell inside a private sandbox; nslab checks the step after each one.`),
          say(c.dim, `In the shell: ${SHELL_COMMANDS.join(', ')}; exit ends the practice.`),
        );
      }
      case 'resuming':
        return lines('', c.dim(`Resuming at step ${e.at}: running the commands of ${stepsBefore(e.at)}...`));
      case 'resumed': {
        const before = stepsBefore(e.at);
        if (!e.failed) return lines('', say((s) => s, `nslab ran the commands of ${before} (finished in an earlier session) in this sandbox.`, c.bold(`Resumed at step ${e.at}:`) + ' '));
        return lines(
          '',
          say(c.yellow, `Could not resume at step ${e.asked}: step ${e.at}'s commands did not pass in this sandbox (${firstProblem(e.failed)}).`),
          say(c.yellow, e.at === 1 ? 'Start from step 1.' : `nslab ran ${before} for you; go on from step ${e.at}.`),
        );
      }
      case 'topology':
        return renderTopologyText(e.graph, { width: columns() });
      case 'changes': {
        const since = e.since === undefined ? 'since the practice began' : `since step ${e.since} was completed`;
        return lines(c.dim(`What changed in the sandbox ${since}:`), ...formatStepState(e.before, e.after, { changes: true, topology: false }, c));
      }
      case 'step-shown':
        return lines(
          '',
          formatStepHeader(e.step, e.total, c, columns()),
          ...(e.step.blocks.length === 0 && e.step.explanation ? [renderMarkdown(e.step.explanation, c, columns())] : stepPreview(e.step, c, (md) => renderMarkdown(md, c, columns()), columns())),
          ...(e.observe ? observeLines(e.observe, c) : []),
          ...(e.step.hints.length > 0 ? [c.dim(`(${e.step.hints.length} hint${e.step.hints.length === 1 ? '' : 's'}: type hint)`)] : []),
        );
      case 'step-finished': {
        const done = e.already ? `✔ step ${e.step.number} done (it already held: your earlier commands did it)` : `✔ step ${e.step.number} done`;
        const how = { done: c.green(done), solved: c.yellow(`✔ step ${e.step.number} solved (${e.byRun ? 'Run typed its commands' : 'nslab ran its commands'})`), reading: c.green(`✔ step ${e.step.number} read`) };
        return lines(how[e.how]);
      }
      case 'observation-missed':
        return lines(say(c.yellow, `Not step ${e.step.number}'s observation yet: ${e.why}.`));
      case 'slow-check':
        return lines(say(c.yellow, `The check on line ${e.line} (${e.text}) did not end within ${formatDuration(e.limitMs)}: after each command of step ${e.step.number}, nslab waits that long for it. The check is at fault, not your command: tell the scenario's author (its script may loop).`));
      case 'observe':
        return lines(say(c.yellow, `Step ${e.step.number} is done when you see it yourself: nslab does not count what it runs for you.`), ...observeLines(e.observe, c));
      case 'all-finished':
        return lines('', c.green.bold('Every step is finished.') + c.dim(' Type status for the table, exit to end.'));
      case 'status':
        return formatProgress(e.outcome, c, { current: e.current, details: false, width: columns() });
      case 'check':
        return formatProgress(e.outcome, c, { width: columns() });
      case 'hint':
        if (!e.hint) return formatStuck(e.step.number, e.total, e.stuck ?? { kind: 'reading' }, c, columns());
      {
        const label = `Hint ${e.index}/${e.total}:`;
        // A hint that opens with a paragraph reads on from its label; one that opens with a
        // table, list or code would have its first line pushed out of line with the rest.
        const onLabelLine = opensWithParagraph(e.hint.text);
        const text = renderMarkdown(e.hint.text, c, columns(), onLabelLine ? label.length + 1 : 0);
        return lines(onLabelLine ? `${c.yellow(label)} ${text}` : `${c.yellow(label)}\n${text}`);
      }
      case 'why':
        return e.result ? formatWhy(e.result, c, columns()) : lines(c.red(`why: ${e.error ?? ''}`));
      case 'not-yet': {
        const head = e.asked === 'next'
          ? `Step ${e.step.number} has something to check, and it does not hold yet:`
          : `solve did what it could, but step ${e.step.number} still does not hold:`;
        return lines(c.yellow(head), ...e.verification.items.filter((i) => !i.passed).map((i) => formatItem(i, c)));
      }
      case 'solve-skipped': {
        const width = columns();
        const held = e.solved.how === 'held';
        const command = formatCommand(e.solved.command.text, { lead: held ? '↷ ' : '✘ ', prompt: '$ ', paint: held ? c.dim : c.yellow, width });
        if (e.solved.how === 'held') return lines(command, wrapMessage('    ', [{ text: `already holds, not run again: ${e.solved.what.join('; ')}`, paint: [c.dim] }], width, '    '));
        return lines(command, wrapMessage(c.yellow('    not run, something else is in the way: '), [{ text: e.solved.why, paint: [] }], width, '    '));
      }
      case 'solve-end':
        return lines(c.dim(`solve: ${solveSummary(e.commands)}.`));
      case 'run': {
        reporter(e.event);
        const text = solving;
        solving = '';
        return text;
      }
      case 'restarting':
        return lines(c.yellow('Restarting: this sandbox ends, a fresh one starts at step 1.'));
      case 'usage':
        return lines(c.red(e.message));
      case 'end':
        return lines('', c.bold('Practice ended; the sandbox is gone.')) + formatProgress(e.outcome, c, { details: false, width: columns() });
    }
  };
}

/**
 * `hint` with no written hint left: what does not hold, what was found, why (a ping), and a
 * command to look with.
 */
function formatStuck(step: number, written: number, stuck: StuckHint, c: ChalkInstance, width: number): string {
  const head = written === 0 ? `Step ${step} has no written hint` : `No more written hints (${written} shown)`;
  if (stuck.kind === 'reading') return `${c.dim(`${head}: it has nothing to check; read it, then type next.`)}\n`;
  if (stuck.kind === 'holds') return `${c.dim(`${head}; everything it verifies holds now.`)}\n`;
  const more = stuck.others > 0 ? ` (and ${stuck.others} more)` : '';
  const out = [wrapMessage('', [{ text: `${head}. What does not hold yet${more}:`, paint: [c.yellow] }], width), formatItem(stuck.item, c)];
  if (stuck.look !== undefined) out.push(`    ${c.dim('look:')} ${c.cyan(stuck.look)}`);
  out.push(c.dim('solve does the rest for you.'));
  return out.map((l) => `${l}\n`).join('');
}

/** What solve did, in words: `ran 3 commands, 1 already held, 1 not run (in the way), 1 failed`. */
function solveSummary(commands: readonly SolvedCommand[]): string {
  const count = (how: SolvedCommand['how']) => commands.filter((s) => s.how === how).length;
  const ran = count('ran') + count('failed');
  const parts = [`ran ${ran} command${ran === 1 ? '' : 's'}`];
  if (count('held') > 0) parts.push(`${count('held')} already held`);
  if (count('conflict') > 0) parts.push(`${count('conflict')} not run (in the way)`);
  if (count('failed') > 0) parts.push(`${count('failed')} failed`);
  return parts.join(', ');
}

/**
 * What an observation step asks the student to observe: one `☐ observe` line, or a list when
 * any one of several will do.
 */
function observeLines(observe: readonly string[], c: ChalkInstance): string[] {
  const head = observe.length === 1 ? '  ☐ observe it yourself' : '  ☐ observe one of these yourself';
  return [`${head} ${c.dim('(your own options are fine)')}:`, ...observe.map((o) => `      ${o}`)];
}

/** The steps before step `at`, in words: `step 1`, `steps 1–3`. */
function stepsBefore(at: number): string {
  return at === 2 ? 'step 1' : `steps 1–${at - 1}`;
}

/** What went wrong in a fast-forwarded step, in a few words: its first missed command or failed check. */
function firstProblem(result: StepResult): string {
  const command = result.commands.find((o) => o.failures.length > 0);
  if (command) return `line ${command.command.line}: ${command.command.text} — ${command.failures.map((f) => f.found).join('; ')}`;
  const check = result.checks.find((r) => !r.passed);
  return check ? `line ${check.check.line}: ${check.check.source} — found ${check.found}` : 'it was interrupted';
}
