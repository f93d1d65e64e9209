/**
 * A run's report (run-report.ts) as JUnit XML, for `run --report FILE.xml` (and check and
 * practice): the scenario is a `<testsuite>`, each step a `<testcase>`; who ran it, the mode
 * and the file's SHA-256 are `<properties>`. Built with xmlbuilder2, which escapes every
 * attribute and text.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { counts, junitTimestamp, seconds } from './junit-parts.js';
import type { ReportStep, RunReport } from './run-report.js';

/** The step's problems, one per line: unmet command expectations, then failed checks. */
function failureLines(step: ReportStep): string[] {
  const commands = step.commands
    .filter((c) => !c.ok)
    .map((c) => `line ${c.line}: $ ${c.command}: expected ${c.expected ?? '?'}, found ${c.found ?? '?'}${c.diagnosis ? ` (why: ${c.diagnosis})` : ''}`);
  const checks = step.checks
    .filter((c) => !c.ok)
    .map((c) => `line ${c.line}: ✘ ${c.expected}: found ${c.found}${c.diagnosis ? ` (why: ${c.diagnosis})` : ''}`);
  return [...commands, ...checks];
}

function addCase(suite: XMLBuilder, step: ReportStep, classname: string): void {
  const testcase = suite.ele('testcase', { name: `${step.number}. ${step.title}`, classname, time: seconds(step.durationMs) });
  if (step.status === 'failed') {
    const lines = failureLines(step);
    testcase.ele('failure', { message: lines[0] ?? `step ${step.number} failed`, type: 'failure' }).txt(lines.join('\n'));
  } else if (step.status === 'skipped' || step.status === 'not-reached') {
    testcase.ele('skipped', { message: step.status === 'skipped' ? 'skipped' : 'not reached' });
  }
  // The student's side of the step, for a grader reading the XML alone.
  const notes = [
    step.credit ? `credit: ${step.credit}${step.credit === 'done' ? " (the student's own commands)" : ''}` : '',
    step.status === 'solved' ? 'solved by nslab' : '',
    step.hintsUsed > 0 ? `hints used: ${step.hintsUsed}` : '',
    ...step.predictions.map((p) => `predicted "${p.answer}" for line ${p.line}: ${p.right ? 'right' : `wrong, it ${p.actual}`}`),
  ].filter((n) => n !== '');
  if (notes.length > 0) testcase.ele('system-out').txt(notes.join('\n'));
}

/** A step as JUnit counts it: not-reached steps did not finish, and JUnit's closest word is skipped. */
function caseState(step: ReportStep): { failed: boolean; skipped: boolean } {
  return { failed: step.status === 'failed', skipped: step.status === 'skipped' || step.status === 'not-reached' };
}

/**
 * Renders reports as one JUnit XML document.
 * @param reports one per scenario run
 * @returns the document (UTF-8 declaration, indented), ending in a newline
 */
export function junitFromReports(reports: readonly RunReport[]): string {
  const cases = reports.flatMap((r) => r.steps.map(caseState));
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'nslab',
    ...counts(cases),
    time: seconds(reports.reduce((ms, r) => ms + r.durationMs, 0)),
  });
  for (const report of reports) {
    const suite = root.ele('testsuite', {
      name: report.scenario.title,
      file: report.scenario.path,
      ...counts(report.steps.map(caseState)),
      time: seconds(report.durationMs),
      timestamp: junitTimestamp(new Date(report.started)),
    });
    const properties = suite.ele('properties');
    const props: Array<[string, string | undefined]> = [
      ['sha256', report.scenario.sha256],
      ['student', report.student],
      ['user', report.user],
      ['mode', report.mode],
      ['status', report.status],
    ];
    for (const [name, value] of props) if (value !== undefined) properties.ele('property', { name, value });
    for (const step of report.steps) addCase(suite, step, report.scenario.path);
  }
  return root.end({ prettyPrint: true }) + '\n';
}
