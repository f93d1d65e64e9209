/**
 * The `--accept` branch of `nslab test`: each scenario is tested as usual; where a
 * transcript's output differed, the change is shown and, when accepted, written into the file,
 * and the scenario is tested again. The totals at the end are those of each scenario's last run.
 */
import type { ChalkInstance } from 'chalk';
import type { Scenario } from '../../scenario/model.js';
import type { Confirm } from '../../view/terminal/accept-review.js';
import type { ScenarioTestResult } from '../../test-scenario/test-scenario.js';
import { ExitCode } from '../exit-codes.js';
import { withInterrupts } from '../with-interrupts.js';
import { finishTestRun, type TestReportFile } from '../finish-test-run.js';

/** The options of `nslab test` that `--accept` uses. */
export interface AcceptCliOptions {
  host?: boolean;
  report?: TestReportFile;
  /** Accept every change without asking. */
  yes?: boolean;
}

/** Thrown out of a prompt cancelled with Ctrl-C (enquirer rejects then; raw mode swallowed the signal). */
class PromptCancelled extends Error {}

/** An enquirer yes/no question, default No. */
async function createConfirm(): Promise<Confirm> {
  const { default: enquirer } = await import('enquirer');
  return async (message) => {
    try {
      const answer = (await enquirer.prompt({ type: 'confirm', name: 'ok', message, initial: false })) as { ok: boolean };
      // enquirer leaves the cursor after the answer; what follows starts on its own line.
      process.stdout.write('\n');
      return answer.ok;
    } catch {
      throw new PromptCancelled();
    }
  };
}

/**
 * Tests each scenario and accepts transcript output.
 * @param scenarios loaded and linted, in the order to test them
 * @returns the exit code: 0 when every scenario passes as the files now are, 1 when not,
 *   130 when a prompt was cancelled, 128 + N when interrupted by a signal
 */
export async function testAndAccept(scenarios: readonly Scenario[], opts: AcceptCliOptions, c: ChalkInstance): Promise<number> {
  const [{ testScenario }, { acceptScenario }, { createTestReporter }, { loadLintedScenario }] = await Promise.all([
    import('../../test-scenario/test-scenario.js'),
    import('../accept-session.js'),
    import('../../view/terminal/test-reporter.js'),
    import('../../lint/load-linted-scenario.js'),
  ]);
  const write = (s: string) => process.stdout.write(s);
  const reporter = createTestReporter({ write, chalk: c });
  // Asked only at a terminal; --yes needs no answers.
  const confirm = !opts.yes && process.stdin.isTTY === true ? await createConfirm() : undefined;
  return withInterrupts(async (signal) => {
    const started = Date.now();
    const results: ScenarioTestResult[] = [];
    for (const scenario of scenarios) {
      let interrupted = false;
      const test = async (s: Scenario) => {
        const result = await testScenario(s, { host: opts.host, onEvent: reporter.onEvent, signal });
        reporter.scenarioEnd(result);
        interrupted = result.status === 'interrupted';
        return result;
      };
      try {
        const { result } = await acceptScenario(scenario, {
          test,
          reload: async (file) => (await loadLintedScenario(file)).scenario,
          yes: opts.yes === true,
          confirm,
          write,
          chalk: c,
        });
        if (interrupted) return undefined;
        results.push(result);
      } catch (error) {
        if (error instanceof PromptCancelled) return ExitCode.interrupted;
        throw error;
      }
    }
    return finishTestRun(results, started, reporter, opts.report);
  });
}
