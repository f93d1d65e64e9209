/**
 * `nslab test FILE|DIR...`: tests scenarios end to end, for authors and CI — each in a fresh
 * sandbox, no prompts, every step's checks required to fail before it and hold after it.
 */
import type { ChalkInstance } from 'chalk';
import type { RegisterCommand } from '../cli-context.js';
import { UsageError } from '../../util/errors.js';
import { showWarnings } from '../show-warnings.js';
import { withInterrupts } from '../with-interrupts.js';
import { finishTestRun } from '../finish-test-run.js';
import type { Problem, Scenario } from '../../scenario/model.js';

/** Options of `nslab test`. */
interface TestCliOptions {
  host?: boolean;
  report?: string;
  reportFormat?: string;
  mutate?: boolean;
  accept?: boolean;
  yes?: boolean;
}

/**
 * Lints and loads every file before testing any: a bad file is an authoring error, reported
 * (with all the other files' problems) before minutes of tests run; warnings go to stderr.
 * @throws ScenarioError with the problems of every bad file
 */
async function loadAll(files: readonly string[], c: ChalkInstance): Promise<Scenario[]> {
  const [{ loadLintedScenario }, { ScenarioError }] = await Promise.all([
    import('../../lint/load-linted-scenario.js'),
    import('../../scenario/problem.js'),
  ]);
  const scenarios: Scenario[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    try {
      const { scenario, warnings } = await loadLintedScenario(file);
      showWarnings(warnings, c);
      scenarios.push(scenario);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return scenarios;
}

/** Registers `nslab test`. */
export const registerTest: RegisterCommand = (program, ctx) => {
  program
    .command('test')
    .description("test scenarios end to end: every step's checks must fail before it and hold after it")
    .argument('<paths...>', 'scenario files, or directories to search for *.md')
    .option('--host', 'test on the host (root), not in a private sandbox, and require cleanup to leave nothing behind')
    .option('--report <file>', 'also write the results to this file: JUnit XML (.xml), or JSON or HTML (.html) for one scenario (docs/reports.md)')
    .option('--report-format <format>', 'json, junit or html, whatever the file name')
    .option('--mutate', 'after a passing test, leave out each state-changing command in turn and require that a check or expectation notices')
    .option('--accept', "where a transcript's output differs, show the change and offer to write the actual output into the file")
    .option('-y, --yes', 'with --accept: write every change without asking')
    .action(async (paths: string[], opts: TestCliOptions) => {
      // Mutations run the scenario with commands left out: their output must never be accepted.
      if (opts.mutate && opts.accept) throw new UsageError('--mutate and --accept cannot be used together');
      if (opts.yes && !opts.accept) throw new UsageError('--yes only applies with --accept');
      if (opts.reportFormat !== undefined && opts.report === undefined) throw new UsageError(`--report-format ${opts.reportFormat} only applies with --report FILE`);
      const [{ findScenarioFiles }, { testScenario }, { createTestReporter }, { reportFormat, assertWritable }] = await Promise.all([
        import('../../scenario/find-scenario-files.js'),
        import('../../test-scenario/test-scenario.js'),
        import('../../view/terminal/test-reporter.js'),
        import('../../report/write-report.js'),
      ]);
      const report = opts.report === undefined ? undefined : { file: opts.report, format: reportFormat(opts.report, opts.reportFormat) };
      if (report) await assertWritable(report.file, '--report');
      const single = report !== undefined && report.format !== 'junit';
      if (single && opts.mutate) throw new UsageError('--mutate writes its report as JUnit XML: give a .xml file');
      const scenarios = await loadAll(await findScenarioFiles(paths), ctx.chalk);
      if (single && scenarios.length !== 1) {
        const name = report.format === 'html' ? 'an HTML' : 'a JSON';
        throw new UsageError(`${name} report holds one scenario, and ${scenarios.length} were given: test one, or write JUnit XML (a .xml file)`);
      }
      if (opts.mutate) {
        const { testAndMutate } = await import('./test-mutate.js');
        return ctx.setExitCode(await testAndMutate(scenarios, opts, ctx.chalk));
      }
      if (opts.accept) {
        const { testAndAccept } = await import('./test-accept.js');
        return ctx.setExitCode(await testAndAccept(scenarios, { ...opts, report }, ctx.chalk));
      }
      const reporter = createTestReporter({ write: (s) => process.stdout.write(s), chalk: ctx.chalk });
      if (opts.host) await (await import('../format-stale-runs.js')).noticeStaleRuns(ctx.chalk);
      // An HTML report shows what each step changed and the topology: it needs the state watched.
      const recorder = report?.format === 'html' ? (await import('../../report/html/record-step-states.js')).createStepStateRecorder() : undefined;
      const code = await withInterrupts(async (signal, guard) => {
        const started = Date.now();
        const results = [];
        const onEvent = guard.follow(recorder ? (event) => (reporter.onEvent(event), recorder.listener(event)) : reporter.onEvent);
        for (const scenario of scenarios) {
          const result = await testScenario(scenario, { host: opts.host, onEvent, signal, cleanupSignal: guard.cleanupSignal, watchState: recorder !== undefined });
          reporter.scenarioEnd(result);
          if (result.status === 'interrupted') return undefined;
          results.push(result);
        }
        return finishTestRun(results, started, reporter, report, recorder?.recorded);
      });
      ctx.setExitCode(code);
    });
};
