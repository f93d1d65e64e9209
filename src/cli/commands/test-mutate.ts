/**
 * The `--mutate` branch of `nslab test`: for each scenario, the normal test first (its usual
 * output), then — if it passed — every mutation, one line each, and a count; at the end the
 * test totals and the mutation totals over all scenarios.
 */
import { writeFile } from 'node:fs/promises';
import type { ChalkInstance } from 'chalk';
import type { Scenario } from '../../scenario/model.js';
import type { MutationResult } from '../../test-scenario/mutate-scenario.js';
import type { ScenarioTestResult } from '../../test-scenario/test-scenario.js';
import { UsageError } from '../../util/errors.js';
import { ExitCode } from '../exit-codes.js';
import { withInterrupts } from '../with-interrupts.js';

/** The options of `nslab test` that `--mutate` uses. */
export interface MutateCliOptions {
  host?: boolean;
  report?: string;
}

/**
 * Tests and then mutates each scenario.
 * @param scenarios loaded and linted, in the order to test them
 * @returns the exit code: 0 when every test passed and every mutation was noticed, 1 when not,
 *   128 + N when interrupted by a signal
 * @throws UsageError with `--host`: mutations need a fresh sandbox each, which the host is not
 */
export async function testAndMutate(scenarios: readonly Scenario[], opts: MutateCliOptions, c: ChalkInstance): Promise<number> {
  if (opts.host) throw new UsageError('--mutate runs every mutation in a fresh private sandbox; it cannot be combined with --host');
  const [{ testScenario }, { mutateScenario }, { createTestReporter }, mutationReport] = await Promise.all([
    import('../../test-scenario/test-scenario.js'),
    import('../../test-scenario/mutate-scenario.js'),
    import('../../view/terminal/test-reporter.js'),
    import('../../view/terminal/mutation-reporter.js'),
  ]);
  const write = (s: string) => process.stdout.write(s);
  const reporter = createTestReporter({ write, chalk: c });
  return withInterrupts(async (signal) => {
    const tests: ScenarioTestResult[] = [];
    const mutations: MutationResult[] = [];
    let mutationMs = 0;
    for (const scenario of scenarios) {
      const test = await testScenario(scenario, { onEvent: reporter.onEvent, signal });
      reporter.scenarioEnd(test);
      if (test.status === 'interrupted') return undefined;
      tests.push(test);
      // Mutating a scenario that already fails would only report its failure again, each time.
      if (test.status !== 'passed') {
        write(c.yellow(`  not mutated: the test failed\n\n`));
        continue;
      }
      write(`${c.bold('Mutations')} ${c.dim(`(${scenario.file}: each state-changing command left out in turn)`)}\n`);
      const mutateStarted = Date.now();
      const results = await mutateScenario(scenario, {
        signal,
        onResult: (r) => write(mutationReport.formatMutation(r, c) + '\n'),
      });
      const ms = Date.now() - mutateStarted;
      mutationMs += ms;
      mutations.push(...results);
      if (results.some((r) => r.status === 'interrupted')) return undefined;
      write('  ' + mutationReport.formatMutationCount(results, ms, c) + '\n\n');
    }
    // The test totals count the tests' time, as without --mutate; the mutations have their own.
    const durationMs = tests.reduce((sum, t) => sum + t.durationMs, 0);
    reporter.end(tests, durationMs);
    write(mutationReport.formatMutationCount(mutations, mutationMs, c) + '\n');
    if (opts.report !== undefined) {
      const { junitReport } = await import('../../report/junit-test-report.js');
      await writeFile(opts.report, junitReport(tests, durationMs));
    }
    const ok = tests.every((t) => t.status === 'passed') && mutations.every((m) => m.status === 'noticed');
    return ok ? ExitCode.ok : ExitCode.failed;
  });
}
