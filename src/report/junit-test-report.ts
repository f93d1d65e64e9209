/**
 * `nslab test --report FILE`: the results as JUnit XML, the format CI systems show as test
 * results. A scenario is a `<testsuite>`, a step a `<testcase>`. Built with xmlbuilder2, which
 * escapes every attribute and text (command output can hold `<`, `&` and quotes).
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { StepResult } from '../run/events.js';
import { counts, junitTimestamp, seconds } from '../report/junit-parts.js';
import { stepFailureReasons } from '../test-scenario/step-failure.js';
import type { ScenarioTestResult } from '../test-scenario/test-scenario.js';

/** A testcase's outcome: a step's, or the leftover check's of a `--host` test. */
interface CaseOutcome {
  name: string;
  time: number;
  failed: boolean;
  skipped: boolean;
  /** For a failure: message and full text. */
  failure?: { message: string; text: string };
}

function stepCase(result: StepResult, file: string): CaseOutcome {
  const reasons = stepFailureReasons(result, file);
  const failed = result.status === 'failed';
  return {
    name: `${result.step.number}. ${result.step.title}`,
    time: result.durationMs,
    failed,
    // Interrupted and not-run steps did not finish: JUnit's closest word is skipped.
    skipped: !failed && result.status !== 'passed',
    failure: failed
      ? {
          message: reasons[0]?.message ?? `step ${result.step.number} failed`,
          text: reasons.map((r) => [r.message, ...r.details].join('\n')).join('\n\n'),
        }
      : undefined,
  };
}

function leftoverCase(result: ScenarioTestResult): CaseOutcome {
  const failed = result.leftovers.length > 0;
  return {
    name: 'cleanup leaves nothing on the host',
    time: 0,
    failed,
    skipped: false,
    failure: failed
      ? { message: `left on the host after cleanup: ${result.leftovers.join(', ')}`, text: result.leftovers.join('\n') }
      : undefined,
  };
}

/** A scenario's testcases: its steps, and with `--host` the leftover check. */
function casesOf(result: ScenarioTestResult): CaseOutcome[] {
  const cases = result.run.steps.map((s) => stepCase(s, result.scenario.file));
  if (result.host) cases.push(leftoverCase(result));
  return cases;
}

function addSuite(parent: XMLBuilder, result: ScenarioTestResult, cases: readonly CaseOutcome[]): void {
  const { scenario } = result;
  const suite = parent.ele('testsuite', {
    name: scenario.meta.title,
    file: scenario.file,
    ...counts(cases),
    time: seconds(result.durationMs),
    timestamp: junitTimestamp(result.startedAt),
  });
  for (const c of cases) {
    const testcase = suite.ele('testcase', { name: c.name, classname: scenario.file, time: seconds(c.time) });
    if (c.failure) testcase.ele('failure', { message: c.failure.message, type: 'failure' }).txt(c.failure.text);
    else if (c.skipped) testcase.ele('skipped', { message: 'not run: an earlier step failed' });
  }
}

/**
 * Renders test results as a JUnit XML document.
 * @param results one per scenario, in the order tested
 * @param durationMs wall time of the whole test run
 * @returns the document (UTF-8 declaration, indented)
 */
export function junitReport(results: readonly ScenarioTestResult[], durationMs: number): string {
  const cases = results.map(casesOf);
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'nslab test',
    ...counts(cases.flat()),
    time: seconds(durationMs),
  });
  results.forEach((result, i) => addSuite(root, result, cases[i]!));
  return root.end({ prettyPrint: true }) + '\n';
}
