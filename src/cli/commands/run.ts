/**
 * `nslab run FILE`: a guided (or `--yes`) run of one scenario, or of a part of it
 * (`--from`/`--to`/`--step`, the steps before it fast-forwarded).
 */
import type { ChalkInstance } from 'chalk';
import type { RegisterCommand } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { showWarnings } from '../show-warnings.js';
import { withInterrupts } from '../with-interrupts.js';

/** Options of `nslab run`. */
interface RunCliOptions {
  yes?: boolean;
  host?: boolean;
  from?: string;
  to?: string;
  step?: string;
  dryRun?: boolean;
  report?: string;
  reportFormat?: string;
  student?: string;
}

async function run(file: string, opts: RunCliOptions, c: ChalkInstance): Promise<number> {
  if (opts.dryRun) return dryRun(file, opts, c);
  const guided = !opts.yes && process.stdin.isTTY === true;
  const [{ loadLintedScenario }, { runScenario }, { resolveStepRange }, { createTerminalReporter }, { reportFormat }, session, prompts] =
    await Promise.all([
      import('../../lint/load-linted-scenario.js'),
      import('../../run/run-scenario.js'),
      import('../../run/step-range.js'),
      import('../../report/terminal-reporter.js'),
      import('../../report/write-report.js'),
      import('../run-session.js'),
      guided ? import('../prompt-controller.js') : undefined,
    ]);
  // A bad --report-format is a usage error before anything runs.
  const report = opts.report === undefined ? undefined : { file: opts.report, format: reportFormat(opts.report, opts.reportFormat) };
  const { scenario, warnings } = await loadLintedScenario(file);
  showWarnings(warnings, c);
  const { from, to } = resolveStepRange(scenario, opts);
  const start = await session.startSession(file);
  return withInterrupts(async (signal) => {
    const result = await runScenario(scenario, {
      host: opts.host,
      from,
      to,
      controller: prompts?.createPromptController(),
      onEvent: createTerminalReporter({ write: (s) => process.stdout.write(s), chalk: c, guided }),
      signal,
    });
    await session.endSession(result, start, { mode: 'run', host: opts.host, student: opts.student, report }, c);
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
    import('../../report/dry-run.js'),
  ]);
  const { scenario, warnings } = await loadLintedScenario(file);
  showWarnings(warnings, c);
  const { to } = resolveStepRange(scenario, opts);
  process.stdout.write(renderDryRun(scenario, { chalk: c, host: opts.host, to }));
  return ExitCode.ok;
}

/** Registers `nslab run`. */
export const registerRun: RegisterCommand = (program, ctx) => {
  program
    .command('run')
    .description('run a scenario step by step, checking every expected outcome')
    .argument('<file>', 'scenario file (Markdown)')
    .option('-y, --yes', 'run without pauses; stop at the first failing step (implied when stdin is not a terminal)')
    .option('--host', 'run on the host as the tutorial does (root), not in a private sandbox')
    .option('--from <step>', 'start at this step (number or id); the steps before it run quickly and silently')
    .option('--to <step>', 'stop after this step (number or id)')
    .option('--dry-run', 'print every command that would run, step by step, and run nothing')
    .option('--step <step>', 'run only this step, after fast-forwarding the ones before it (--from and --to at once)')
    .option('--report <file>', 'write a report of the run: JSON (docs/report.schema.json), or JUnit XML for a .xml file')
    .option('--report-format <format>', 'json or junit, whatever the file name')
    .option('--student <name>', 'the student named in the report (default: $NSLAB_STUDENT; nslab grade falls back to the file name)')
    .action(async (file: string, opts: RunCliOptions) => {
      ctx.setExitCode(await run(file, opts, ctx.chalk));
    });
};
