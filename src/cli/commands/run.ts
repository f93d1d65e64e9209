/**
 * `nslab run FILE`: a guided (or `--yes`) run of one scenario, or of a part of it
 * (`--from`/`--to`/`--step`, the steps before it fast-forwarded); `--demo` for a projector,
 * `--predict` for a student. Every run records progress and can write `--report`.
 */
import type { ChalkInstance } from 'chalk';
import type { Controller } from '../../run/controller.js';
import { closeOpening } from '../../sandbox/close-opening.js';
import { startOpening, type SandboxOpening } from '../../sandbox/opening.js';
import { UsageError } from '../../util/errors.js';
import { stderrColumns, terminalColumns } from '../../util/terminal-columns.js';
import { wrapMessage } from '../../util/wrap-words.js';
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { reportOptions, type ReportCliOptions } from '../report-options.js';
import { showWarnings } from '../show-warnings.js';
import { withInterrupts } from '../with-interrupts.js';
import { findLesson } from '../../scenario/find-lesson.js';

/** Options of `nslab run`. */
interface RunCliOptions extends ReportCliOptions {
  yes?: boolean;
  host?: boolean;
  from?: string;
  to?: string;
  step?: string;
  dryRun?: boolean;
  showTopology?: boolean;
  showChanges?: boolean;
  demo?: boolean;
  typingSpeed?: string;
  predict?: boolean;
}

/** The typing speed of `--demo`, in characters per second (default 40, about a fast typist's). */
const DEFAULT_TYPING_SPEED = 40;

/**
 * Which kind of run the options ask for, and their conflicts.
 * @throws UsageError for options that cannot go together or a bad `--typing-speed`
 */
function runMode(opts: RunCliOptions): { mode: 'run' | 'demo' | 'predict'; typingSpeed: number } {
  if (opts.demo && opts.predict) throw new UsageError('--demo and --predict cannot be used together');
  for (const [flag, on] of [['--demo', opts.demo], ['--predict', opts.predict]] as const) {
    if (on && opts.yes) throw new UsageError(`${flag} waits for a person at the terminal: it cannot be used with --yes`);
    if (on && opts.dryRun) throw new UsageError(`${flag} runs the scenario: it cannot be used with --dry-run`);
  }
  if (opts.dryRun && opts.report !== undefined) throw new UsageError('--report: a dry run runs nothing, so there is nothing to report');
  if (opts.typingSpeed !== undefined && !opts.demo) throw new UsageError('--typing-speed only applies with --demo');
  const typingSpeed = opts.typingSpeed === undefined ? DEFAULT_TYPING_SPEED : Number(opts.typingSpeed);
  if (!Number.isFinite(typingSpeed) || typingSpeed < 0) {
    throw new UsageError(`--typing-speed ${opts.typingSpeed}: expected characters per second, a number of 0 or more (0: no typing effect)`);
  }
  return { mode: opts.demo ? 'demo' : opts.predict ? 'predict' : 'run', typingSpeed };
}

/** The controller for the mode: the demo's, the prompts (with predictions), or none (unattended). */
async function controllerFor(
  mode: 'run' | 'demo' | 'predict',
  guided: boolean,
  typingSpeed: number,
  c: ChalkInstance,
  write: (s: string) => void,
): Promise<Controller | undefined> {
  if (mode === 'demo') {
    const { createDemoController } = await import('../demo-controller.js');
    return createDemoController({ typingSpeed, write: (s) => process.stdout.write(s), input: process.stdin, paint: c.cyan });
  }
  if (!guided) return undefined;
  const { createPromptController } = await import('../prompt-controller.js');
  return createPromptController({ write, predict: mode === 'predict' });
}

async function run(file: string, opts: RunCliOptions, c: ChalkInstance, takeEarlySandbox: () => SandboxOpening | undefined): Promise<number> {
  const { mode, typingSpeed } = runMode(opts);
  if (opts.dryRun) return dryRun(file, opts, c);
  if (mode !== 'run' && process.stdin.isTTY !== true) {
    throw new UsageError(`--${mode} waits for a person at the terminal, and stdin is not a terminal`);
  }
  // A demo has no menus: the reporter shows each step as it runs, as with --yes.
  const guided = mode !== 'demo' && !opts.yes && process.stdin.isTTY === true;
  // The private sandbox opens (unshare, mounts, the first shell: waiting on other processes)
  // while the scenario is read and linted; a file that turns out bad closes it again
  // unused. Usually `main` started it before parsing the command line (early-sandbox.ts); one
  // it did not take stays with `main`, which closes it. Otherwise its module is awaited alone,
  // before the run's other modules are asked for: in the bundle an import() is a microtask, and
  // `import(x).then(open)` queued behind those (markdown-it, the runner) started the sandbox
  // later (docs/performance.md, "Costs behind the code"). Not a static import: `--help` and `lint` would then load node:child_process
  // and node:crypto for nothing.
  let opening: SandboxOpening | undefined;
  if (!opts.host) {
    opening = takeEarlySandbox();
    if (!opening) {
      const { openPrivateSandbox } = await import('../../sandbox/private-sandbox.js');
      opening = startOpening((signal) => openPrivateSandbox({ signal }));
    }
  }
  // Handled here so that a sandbox that cannot open is not an unhandled rejection while the
  // file is read; runScenario awaits it again and reports its error as before.
  opening?.sandbox.catch(() => {});
  try {
    return await runOpening(file, opts, c, mode, guided, typingSpeed, opening);
  } catch (error) {
    await closeOpening(opening?.sandbox);
    throw error;
  }
}

/** `run` once its sandbox is being opened: everything up to runScenario, which then owns the sandbox. */
async function runOpening(
  file: string,
  opts: RunCliOptions,
  c: ChalkInstance,
  mode: 'run' | 'demo' | 'predict',
  guided: boolean,
  typingSpeed: number,
  opening: SandboxOpening | undefined,
): Promise<number> {
  const [{ loadLintedScenario }, { runScenario }, { resolveStepRange }, { createTerminalReporter }, session] = await Promise.all([
    import('../../lint/load-linted-scenario.js'),
    import('../../run/run-scenario.js'),
    import('../../run/step-range.js'),
    import('../../view/terminal/terminal-reporter.js'),
    import('../run-session.js'),
  ]);
  // A bad --report-format is a usage error before anything runs.
  const report = await reportOptions(opts);
  // Without root, --host stops here, before the scenario's warnings and the --yes notice.
  if (opts.host) (await import('../../sandbox/host-sandbox.js')).assertHostPrivilege();
  const { scenario, warnings } = await loadLintedScenario(file);
  showWarnings(warnings, c);
  await (await import('../../view/terminal/render-markdown.js')).prepareToRender(scenario);
  const { from, to } = resolveStepRange(scenario, opts);
  if (opts.yes) {
    const notice = (await import('../yes-notice.js')).yesNotice(scenario);
    const width = stderrColumns();
    if (notice) process.stderr.write((width === undefined ? notice : wrapMessage('', [{ text: notice, paint: [] }], width, '  ')) + '\n');
  }
  // What interrupted --host runs left, before this one starts (and maybe refuses their names).
  if (opts.host) await (await import('../format-stale-runs.js')).noticeStaleRuns(c);
  const write = (s: string) => process.stdout.write(s);
  const stepState = { changes: opts.showChanges === true, topology: opts.showTopology === true };
  const controller = await controllerFor(mode, guided, typingSpeed, c, write);
  // An HTML report shows what each step changed and the topology: it needs the state watched.
  const recorder = report?.format === 'html' ? (await import('../../report/html/record-step-states.js')).createStepStateRecorder() : undefined;
  const start = await session.startSession(file);
  return withInterrupts(async (signal, guard) => {
    // An interrupt while the sandbox is still opening (a slow host, a hung mount) gives the
    // opening up rather than waiting for it: runScenario then ends the run as interrupted.
    if (opening) signal.addEventListener('abort', opening.giveUp, { once: true });
    // Wrapped to the terminal; to a pipe or a file, a reason stays one line (grep, logs).
    const columns = process.stdout.isTTY ? terminalColumns : undefined;
    const terminal = createTerminalReporter({ write, chalk: c, guided, stepState, demo: mode === 'demo', ...(columns && { columns }) });
    const result = await runScenario(scenario, {
      host: opts.host,
      from,
      to,
      controller,
      onEvent: guard.follow(recorder ? (event) => (terminal(event), recorder.listener(event)) : terminal),
      watchState: stepState.changes || stepState.topology || recorder !== undefined,
      signal,
      cleanupSignal: guard.cleanupSignal,
      privateSandbox: opening?.sandbox,
    });
    await session.endSession(result, start, { mode, host: opts.host, student: opts.student, report, stepStates: recorder?.recorded }, c);
    if (result.status === 'interrupted') return undefined;
    return result.status === 'passed' ? ExitCode.ok : ExitCode.failed;
  });
}

/**
 * `--dry-run`: loads and lints the file as a run would (a bad file is exit 2), then prints the
 * plan. No sandbox is opened and nothing is executed, so it needs neither root nor the programs.
 */
async function dryRun(file: string, opts: RunCliOptions, c: ChalkInstance): Promise<number> {
  const [{ loadLintedScenario }, { resolveStepRange }, { renderDryRun }] = await Promise.all([
    import('../../lint/load-linted-scenario.js'),
    import('../../run/step-range.js'),
    import('../../view/terminal/dry-run.js'),
  ]);
  const { scenario, warnings } = await loadLintedScenario(file);
  showWarnings(warnings, c);
  await (await import('../../view/terminal/render-markdown.js')).prepareToRender(scenario);
  const { to } = resolveStepRange(scenario, opts);
  process.stdout.write(renderDryRun(scenario, { chalk: c, host: opts.host, to }));
  return ExitCode.ok;
}

/** Registers `nslab run`. */
export const registerRun: RegisterCommand = (program, ctx) => {
  program
    .command('run')
    .description('run a scenario step by step, checking every expected outcome')
    .argument('<file>', 'scenario file (Markdown), or a lesson name: l3-router (./scenarios, then the bundled course)')
    .option('-y, --yes', 'run without pauses; stop at the first failing step (implied when stdin is not a terminal)')
    .option('--host', 'run on the host as the tutorial does (root), not in a private sandbox')
    .option('--from <step>', 'start at this step (number or id); the steps before it run quickly and silently')
    .option('--to <step>', 'stop after this step (number or id)')
    .option('--dry-run', 'print every command that would run, step by step, and run nothing')
    .option('--step <step>', 'run only this step, after fast-forwarding the ones before it (--from and --to at once)')
    .option('--show-topology', 'after each step that changed it, draw the topology (as `nslab topo` does)')
    .option('--show-changes', 'after each step, list what it changed: namespaces, links, addresses, routes, forwarding, bridge ports')
    .option('--report <file>', 'write a report of the run: JSON (docs/report.schema.json), JUnit XML for a .xml file, HTML for a .html file')
    .option('--report-format <format>', 'json, junit or html, whatever the file name')
    .option('--demo', 'for a projector: type each command out, run it on Enter, show all its output; no menus')
    .option('--typing-speed <chars>', `with --demo: characters typed per second (0: at once; default ${DEFAULT_TYPING_SPEED})`)
    .option('--predict', 'before each command with an expected outcome, ask what it will do; then run it and say why')
    .option('--student <name>', 'the student named in the report (default: $NSLAB_STUDENT; nslab grade falls back to the file name)')
    .action(async (file: string, opts: RunCliOptions) => {
      ctx.setExitCode(await run(findLesson(file), opts, ctx.chalk, ctx.takeEarlySandbox));
    });
};
