/**
 * Renders `nslab test` for a terminal or a CI log: per scenario a header, one line per step
 * (✔/✘, number, title, time) with the reasons under a ✘, and a summary; at the end a table of
 * the scenarios (when there are several) and one line over all of them.
 */
import type { ChalkInstance } from 'chalk';
import { formatCleanupEnd, formatHostEnd } from './format-host-end.js';
import type { RunEvent, RunListener, StepResult } from '../../run/events.js';
import { stepFailureReasons } from '../../test-scenario/step-failure.js';
import type { ScenarioTestResult } from '../../test-scenario/test-scenario.js';
import { formatDuration } from '../../util/duration.js';

/** How the test reporter writes. */
export interface TestReporterOptions {
  /** Where to write (process.stdout in the CLI). */
  write: (text: string) => void;
  chalk: ChalkInstance;
}

/** The test reporter: run events of each scenario, then the end of each scenario and of all. */
export interface TestReporter {
  /** The listener for one scenario's run (the same one serves every scenario in turn). */
  onEvent: RunListener;
  /** After a scenario: its not-run steps, leftovers and summary line. */
  scenarioEnd(result: ScenarioTestResult): void;
  /** After all scenarios: the table (for more than one) and the final line. */
  end(results: readonly ScenarioTestResult[], durationMs: number): void;
}

const INDENT = '      ';

/** Step counts of a scenario's run. */
function stepCounts(result: ScenarioTestResult) {
  const count = (s: StepResult['status']) => result.run.steps.filter((r) => r.status === s).length;
  return { passed: count('passed'), failed: count('failed'), notRun: count('not-run') + count('skipped') + count('interrupted') };
}

/** `✔  3 Give every interface an address  98 ms`, with the reasons for a ✘ below it. */
export function formatTestStep(result: StepResult, file: string, c: ChalkInstance): string {
  const { step } = result;
  const number = String(step.number).padStart(2);
  if (result.status === 'not-run' || result.status === 'skipped') return c.dim(`  · ${number} ${step.title}  not run`);
  const ms = c.dim(`  ${Math.round(result.durationMs)} ms`);
  if (result.status === 'passed') return `  ${c.green('✔')} ${number} ${step.title}${ms}`;
  if (result.status === 'interrupted') return `  ${c.yellow('⚠')} ${number} ${step.title}${ms} ${c.yellow('interrupted')}`;
  const reasons = stepFailureReasons(result, file).flatMap((r) => [
    c.red(INDENT + r.message),
    ...r.details.map((d) => INDENT + '  ' + d.replace(/\n/g, '\n' + INDENT + '  ')),
  ]);
  return [`  ${c.red('✘')} ${number} ${step.title}${ms}`, ...reasons].join('\n');
}

function verdict(status: ScenarioTestResult['status'], c: ChalkInstance): string {
  if (status === 'passed') return c.green.bold('PASSED');
  if (status === 'failed') return c.red.bold('FAILED');
  return c.yellow.bold('INTERRUPTED');
}

/**
 * Creates the reporter.
 * @returns the reporter; it writes through `options.write` only
 */
export function createTestReporter(options: TestReporterOptions): TestReporter {
  const { write, chalk: c } = options;
  const line = (text = '') => write(text + '\n');
  let file = '';
  /** The scenario whose heading is out: a run interrupted before its sandbox opened has none yet. */
  let headed: string | undefined;
  const heading = (scenario: { file: string; meta: { title: string } }, where: string) => {
    file = scenario.file;
    headed = scenario.file;
    line(`${c.bold(scenario.meta.title)} ${c.dim(`(${file}, ${where})`)}`);
  };

  const onEvent = (event: RunEvent) => {
    if (event.kind === 'run-start') {
      heading(event.scenario, event.sandbox === 'private' ? 'private sandbox' : 'on the host');
    } else if (event.kind === 'step-end') {
      line(formatTestStep(event.result, file, c));
    } else if (event.kind === 'background-exited') {
      const status = event.exit.exitCode === null ? 'was killed' : `exited with status ${event.exit.exitCode}`;
      const last = event.exit.output.trimEnd().split('\n').at(-1) ?? '';
      line(c.yellow(`  ⚠ step ${event.step.number}: background command ${status}: ${event.exit.command.split('\n')[0]}${last ? ` — ${last}` : ''}`));
    } else if (event.kind === 'cleanup-end') {
      const text = formatCleanupEnd(event.result, c);
      if (text) line('  ' + text);
    }
  };

  return {
    onEvent,
    scenarioEnd(result) {
      if (headed !== result.scenario.file) heading(result.scenario, 'interrupted before its sandbox was open');
      headed = undefined;
      // Steps after a failed command emit nothing; they still get their line.
      for (const r of result.run.steps) if (r.status === 'not-run') line(formatTestStep(r, result.scenario.file, c));
      if (result.leftovers.length > 0) {
        line(c.red(`  ✘ left on the host after cleanup: ${result.leftovers.join(', ')}`));
      }
      if (result.run.host) for (const l of formatHostEnd(result.run.host, c)) line('  ' + l);
      const n = stepCounts(result);
      line(`  ${verdict(result.status, c)} · ${n.passed} passed, ${n.failed} failed, ${n.notRun} not run · ${formatDuration(result.durationMs)}`);
      line();
    },
    end(results, durationMs) {
      if (results.length > 1) line(formatTable(results, c));
      line(formatTotals(results, durationMs, c));
    },
  };
}

/** One row per scenario: file, result, steps passed / failed / not run, time. */
export function formatTable(results: readonly ScenarioTestResult[], c: ChalkInstance): string {
  const rows = results.map((r) => {
    const n = stepCounts(r);
    return [r.scenario.file, r.status.toUpperCase(), String(n.passed), String(n.failed), String(n.notRun), formatDuration(r.durationMs)];
  });
  const header = ['scenario', 'result', 'passed', 'failed', 'not run', 'time'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  // Text columns left-aligned, numbers right-aligned.
  const cell = (text: string, i: number) => (i < 2 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!));
  const color = (text: string, status: string) =>
    status === 'PASSED' ? c.green(text) : status === 'FAILED' ? c.red(text) : c.yellow(text);
  return [
    c.bold(header.map(cell).join('  ')),
    ...rows.map((row) => row.map((t, i) => (i === 1 ? color(cell(t, i), t) : cell(t, i))).join('  ')),
  ].join('\n');
}

/** `2 scenarios: 2 passed, 0 failed · 15 steps: 15 passed, 0 failed, 0 not run · 5.2 s`. */
export function formatTotals(results: readonly ScenarioTestResult[], durationMs: number, c: ChalkInstance): string {
  const failed = results.filter((r) => r.status !== 'passed').length;
  const steps = results.map(stepCounts).reduce(
    (a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, notRun: a.notRun + b.notRun }),
    { passed: 0, failed: 0, notRun: 0 },
  );
  const total = steps.passed + steps.failed + steps.notRun;
  const s = (n: number) => (n === 1 ? '' : 's');
  const text =
    `${results.length} scenario${s(results.length)}: ${results.length - failed} passed, ${failed} failed · ` +
    `${total} step${s(total)}: ${steps.passed} passed, ${steps.failed} failed, ${steps.notRun} not run · ${formatDuration(durationMs)}`;
  return failed > 0 ? c.red.bold(text) : c.green.bold(text);
}
