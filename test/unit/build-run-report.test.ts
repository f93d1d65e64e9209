import { describe, expect, it } from 'vitest';
import { buildRunReport } from '../../src/report/build-run-report.js';
import { junitFromReports } from '../../src/report/junit-run-report.js';
import type { StepResult } from '../../src/run/events.js';
import { stepCommands } from '../../src/run/step-commands.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { XMLParser } from 'fast-xml-parser';

const parsed = parseScenario(
  '---\ntitle: Practice <lab> & "more"\n---\n# P\n\n## Read\n\nText.\n\n## Build\n\n```sh\nip netns add A\n```\n\n## Route\n\n```sh\nip -n A route add default via 10.0.0.1\n```\n',
  'p.md',
);
if (!parsed.ok) throw new Error('fixture does not parse');
const scenario = parsed.scenario;

function passed(n: number): StepResult {
  return { step: scenario.steps[n - 1]!, status: 'passed', commands: [], checks: [], vacuous: false, fastForwarded: false, durationMs: 12.6, attempts: 1, resumeAt: 0 };
}

const context = {
  identity: { path: '/abs/p.md', sha256: 'f'.repeat(64) },
  mode: 'practice' as const,
  sandbox: 'private' as const,
  user: 'ada',
  started: new Date('2024-05-01T10:00:00Z'),
  finished: new Date('2024-05-01T10:02:00Z'),
};

describe('buildRunReport', () => {
  it('marks solved steps, counts hints, reads prose-only steps as reading, and rounds times', () => {
    const result = { scenario, status: 'passed' as const, steps: [passed(1), passed(2), passed(3)], durationMs: 120_000 };
    const report = buildRunReport(result, { ...context, solved: new Set([3]), hintsUsed: new Map([[3, 2]]) });
    expect(report.steps.map((s) => [s.status, s.hintsUsed, s.durationMs])).toEqual([
      ['reading', 0, 13],
      ['done', 0, 13],
      ['solved', 2, 13],
    ]);
    expect(report.totals).toMatchObject({ reading: 1, done: 1, solved: 1, hintsUsed: 2 });
    expect(report.durationMs).toBe(120_000);
    expect(report).not.toHaveProperty('student');
  });

  it('says how many times a step ran when a Retry ran it again, and nothing for one attempt', () => {
    const retried = { ...passed(2), attempts: 3 };
    const result = { scenario, status: 'passed' as const, steps: [passed(1), retried, passed(3)], durationMs: 1000 };
    const report = buildRunReport(result, context);
    expect(report.steps.map((s) => s.attempts)).toEqual([undefined, 3, undefined]);
    expect(report.steps[0]).not.toHaveProperty('attempts');
  });

  it('JUnit: escapes the title, notes solved steps and hints in system-out', () => {
    const result = { scenario, status: 'passed' as const, steps: [passed(1), passed(2), passed(3)], durationMs: 1 };
    const xml = junitFromReports([buildRunReport(result, { ...context, solved: new Set([3]), hintsUsed: new Map([[3, 2]]) })]);
    const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites.testsuite;
    expect(suite.name).toBe('Practice <lab> & "more"');
    expect(suite.testcase[2]['system-out']).toBe('credit: solved\nsolved by nslab\nhints used: 2');
    expect(suite.testcase[0]['system-out']).toBe('credit: read');
  });
});

describe('a failed command in the report', () => {
  it('says what it found once when both its exit status and its output are wrong', () => {
    const tail = '1 packets transmitted, 0 received, 100% packet loss';
    const step = scenario.steps[1]!;
    const command = stepCommands(step)[0]!.command;
    const failed: StepResult = {
      ...passed(2),
      status: 'failed',
      commands: [
        {
          command,
          result: { exitCode: 1, output: `PING 10.0.2.2\n${tail}\n`, durationMs: 1000, timedOut: false, interrupted: false },
          failures: [
            { expected: 'exit status 2', found: `exit status 1; output: PING 10.0.2.2\n${tail}` },
            { expected: 'output contains "Network is unreachable"', found: `PING 10.0.2.2\n${tail}` },
            { expected: 'output without "100%"', found: tail },
          ],
          attempts: 1,
        },
      ],
    };
    const report = buildRunReport({ scenario, status: 'failed', steps: [passed(1), failed, passed(3)], durationMs: 1000 }, context);
    const found = report.steps[1]!.commands[0]!.found!;
    expect(found).toBe(`exit status 1; output: PING 10.0.2.2\n${tail}`);
    expect(found.split(tail)).toHaveLength(2);
    expect(report.steps[1]!.commands[0]!.expected).toBe('exit status 2; output contains "Network is unreachable"; output without "100%"');
  });
});
