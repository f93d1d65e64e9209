import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { createTestReporter } from '../../src/view/terminal/test-reporter.js';
import type { StepResult } from '../../src/run/events.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import type { ScenarioTestResult } from '../../src/test-scenario/test-scenario.js';

function scenario(title: string, file: string) {
  const parsed = parseScenario(`---\ntitle: ${title}\n---\n# T\n\n## One\n\n\`\`\`sh\ntrue\n\`\`\`\n`, file);
  if (!parsed.ok) throw new Error('fixture does not parse');
  return parsed.scenario;
}

function notRunResult(file: string): ScenarioTestResult {
  const s = scenario(`Second ${file}`, file);
  const notRun: StepResult = { step: s.steps[0]!, status: 'not-run', commands: [], checks: [], vacuous: false, fastForwarded: false, durationMs: 0, attempts: 0, resumeAt: 0 };
  return { scenario: s, status: 'interrupted', host: false, run: { scenario: s, status: 'interrupted', steps: [notRun], durationMs: 1 }, leftovers: [], startedAt: new Date(0), durationMs: 1 };
}

describe('the test reporter', () => {
  it('heads a scenario interrupted before its sandbox opened (no run-start) with its title and file', () => {
    let out = '';
    const reporter = createTestReporter({ write: (s) => (out += s), chalk: new Chalk({ level: 0 }) });
    const first = scenario('First', 'a.md');
    reporter.onEvent({ kind: 'run-start', scenario: first, sandbox: 'private', from: 1, to: 1 });
    reporter.scenarioEnd({ ...notRunResult('a.md'), scenario: first });
    reporter.scenarioEnd(notRunResult('b.md'));
    const lines = out.split('\n');
    expect(lines.filter((l) => l.startsWith('First (a.md, private sandbox)'))).toHaveLength(1);
    const second = lines.findIndex((l) => l === 'Second b.md (b.md, interrupted before its sandbox was open)');
    expect(second).toBeGreaterThan(0);
    expect(lines[second + 1]).toContain('not run');
  });
});
