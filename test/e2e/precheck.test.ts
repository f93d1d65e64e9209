import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/run/events.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import type { Scenario } from '../../src/scenario/model.js';
import { testController } from '../../src/test-scenario/test-controller.js';

function scenario(body: string): Scenario {
  const parsed = parseScenario(`---\ntitle: Precheck\n---\n${body}`, 'precheck.md');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
  return parsed.scenario;
}

describe('runScenario with precheck', () => {
  it('fails a step whose checks held before it, still runs it, and exempts a step without checks', async () => {
    const s = scenario(
      '## Add\n```sh\nip link add pa type veth peer name pb\n```\n```check\nlink pa exists\n```\n' +
        '## Again\n```sh\nip link set pa up\n```\n```check\nlink pa exists\nlink pb exists\n```\n' +
        '## Nothing to check\n```sh\ntrue\n```\n',
    );
    const events: RunEvent[] = [];
    const result = await runScenario(s, { precheck: true, controller: testController, onEvent: (e) => events.push(e) });
    expect(result.status).toBe('failed');
    expect(result.steps.map((r) => [r.status, r.vacuous])).toEqual([
      ['passed', false],
      ['failed', true],
      ['passed', false],
    ]);
    expect(result.steps[0]!.precheck?.map((c) => c.passed)).toEqual([false]);
    expect(result.steps[1]!.precheck?.map((c) => c.passed)).toEqual([true, true]);
    // The vacuous step ran its commands and its checks after them, which held.
    expect(result.steps[1]!.commands).toHaveLength(1);
    expect(result.steps[1]!.checks.every((c) => c.passed)).toBe(true);
    expect(result.steps[2]!.precheck).toBeUndefined();
    const prechecks = events.flatMap((e) => (e.kind === 'precheck-end' ? [[e.step.number, e.vacuous]] : []));
    expect(prechecks).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('evaluates each check once before the step, without waiting for its `within`', async () => {
    const s = scenario('## Wait\n```sh\nip link add pa type veth peer name pb\n```\n```check\nlink pa exists within 5s\n```\n');
    const events: RunEvent[] = [];
    const result = await runScenario(s, { precheck: true, onEvent: (e) => events.push(e) });
    expect(result.status).toBe('passed');
    const precheck = events.find((e) => e.kind === 'precheck-end');
    expect(precheck?.kind === 'precheck-end' && precheck.results[0]!.durationMs).toBeLessThan(1000);
  });
});

describe('observation steps (issue 17, item 7)', () => {
  it('a step that changes no state may carry checks that held before it; a state-changing one may not', async () => {
    const s = scenario(
      '## Add\n```sh\nip link add pa type veth peer name pb\n```\n```check\nlink pa exists\n```\n' +
        '## Watch it\n```sh {exit=2 output="Network is unreachable"}\nping -c 1 -W 1 10.9.9.9\n```\n```sh\necho "no route: the packet never left"\n```\n```check\nping 10.9.9.9 fails with "Network is unreachable"\nno route 10.9.9.0/24\n```\n' +
        '## Only checks\n```check\nlink pb exists\n```\n' +
        '## Changes state but checks nothing new\n```sh\nip link set pa up\n```\n```check\nlink pb exists\n```\n',
    );
    const result = await runScenario(s, { precheck: true, controller: testController });
    expect(result.steps.map((r) => [r.status, r.vacuous])).toEqual([
      ['passed', false],
      ['passed', false],
      ['passed', false],
      ['failed', true],
    ]);
    expect(result.steps[1]!.precheck?.map((c) => c.passed)).toEqual([true, true]);
  });
});
