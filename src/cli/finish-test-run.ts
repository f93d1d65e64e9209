/**
 * The end of every `nslab test` run, with or without `--accept`.
 */
import type { RecordedStates } from '../report/html/record-step-states.js';
import type { ReportFormat } from '../report/write-report.js';
import type { ScenarioTestResult } from '../test-scenario/test-scenario.js';
import { ExitCode } from './exit-codes.js';

/** `--report FILE` of `nslab test`, with its format. */
export interface TestReportFile {
  file: string;
  format: ReportFormat;
}

/**
 * The JSON or HTML report of a test of one scenario (see docs/reports.md), mode `test`: the end
 * of any session (finish-session.ts), without recording progress (a test is not a student's).
 */
async function writeRunReport(result: ScenarioTestResult, file: string, format: 'json' | 'html', stepStates?: RecordedStates): Promise<void> {
  const [{ finishSession }, { fileIdentity }, { userName }] = await Promise.all([
    import('./finish-session.js'),
    import('../util/file-identity.js'),
    import('../util/user-name.js'),
  ]);
  await finishSession(result.run, {
    identity: await fileIdentity(result.scenario.file),
    mode: 'test',
    sandbox: result.host ? 'host' : 'private',
    user: userName(),
    started: result.startedAt,
    finished: new Date(result.startedAt.getTime() + result.durationMs),
    progress: false,
    report: { file, format },
    stepStates,
  });
}

/**
 * Ends a test run: the totals, the report when asked for (JUnit XML, or JSON or HTML for one
 * scenario), and the exit code.
 * @param started Date.now() at the start of the run
 * @param report the report file to write, if any
 * @param stepStates for an HTML report: the states the run recorded (changes and pictures)
 * @returns 0 when every scenario passed, 1 otherwise
 */
export async function finishTestRun(
  results: ScenarioTestResult[],
  started: number,
  reporter: { end(results: ScenarioTestResult[], durationMs: number): void },
  report: TestReportFile | undefined,
  stepStates?: RecordedStates,
): Promise<number> {
  const durationMs = Date.now() - started;
  reporter.end(results, durationMs);
  if (report?.format === 'junit') {
    const [{ junitReport }, { writeRequestedFile }] = await Promise.all([import('../report/junit-test-report.js'), import('../report/write-report.js')]);
    await writeRequestedFile(report.file, junitReport(results, durationMs));
  } else if (report && results[0]) {
    await writeRunReport(results[0], report.file, report.format, stepStates);
  }
  return results.every((r) => r.status === 'passed') ? ExitCode.ok : ExitCode.failed;
}
