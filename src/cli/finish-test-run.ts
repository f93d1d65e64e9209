/**
 * The end of every `nslab test` run, with or without `--accept`.
 */
import { writeFile } from 'node:fs/promises';
import type { ScenarioTestResult } from '../test-scenario/test-scenario.js';
import { ExitCode } from './exit-codes.js';

/**
 * Ends a test run: the totals, the JUnit report when asked for, and the exit code.
 * @param started Date.now() at the start of the run
 * @param report path of the JUnit XML file to write, if any
 * @returns 0 when every scenario passed, 1 otherwise
 */
export async function finishTestRun(
  results: ScenarioTestResult[],
  started: number,
  reporter: { end(results: ScenarioTestResult[], durationMs: number): void },
  report: string | undefined,
): Promise<number> {
  const durationMs = Date.now() - started;
  reporter.end(results, durationMs);
  if (report !== undefined) {
    const { junitReport } = await import('../test-scenario/junit-report.js');
    await writeFile(report, junitReport(results, durationMs));
  }
  return results.every((r) => r.status === 'passed') ? ExitCode.ok : ExitCode.failed;
}
