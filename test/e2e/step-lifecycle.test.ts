import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Controller } from '../../src/run/controller.js';
import type { RunEvent } from '../../src/run/events.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import type { Scenario } from '../../src/scenario/model.js';

function scenario(body: string): Scenario {
  const parsed = parseScenario(`---\ntitle: Lifecycle\n---\n${body}`, 'lifecycle.md');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
  return parsed.scenario;
}

/** Answers Run before every step, then the given choices after failures, in order. */
function scripted(afterFailure: Array<'retry' | 'continue' | 'quit'>): Controller {
  return { beforeStep: async () => 'run', afterFailure: async () => afterFailure.shift() ?? 'quit' };
}

describe('the step lifecycle in the sandbox', () => {
  it('Retry resumes at the command that failed, not at the start of the step', async () => {
    // The second command fails the first time only; the first must not run again
    // (`ip netns add` of an existing namespace fails with "File exists").
    const flag = `/tmp/nslab-retry-${randomUUID()}`;
    const s = scenario(
      `## Build\n\`\`\`sh\nip netns add RT\nif [ -e ${flag} ]; then rm ${flag}; else touch ${flag}; false; fi\n\`\`\`\n` +
        '```check\nnamespace RT exists\n```\n',
    );
    const events: RunEvent[] = [];
    const result = await runScenario(s, { controller: scripted(['retry']), onEvent: (e) => events.push(e) });
    expect(result.status).toBe('passed');
    const ran = events.filter((e) => e.kind === 'command-start').map((e) => (e.kind === 'command-start' ? e.command.line : 0));
    // Line 6 is `ip netns add RT`, line 7 the flaky command: 6, 7, then 7 again after Retry.
    expect(ran).toEqual([6, 7, 7]);
    expect(result.steps[0]).toMatchObject({ status: 'passed', attempts: 2 });
  });

  it('Retry after failing checks evaluates the checks again without running the commands', async () => {
    // The background job brings lo up 1.5 s later; the first evaluation sees it down.
    const s = scenario('## Wait\n```sh\n(sleep 1.5; ip link set lo up) &\n```\n```check\nlink nslab-none exists\n```\n');
    const events: RunEvent[] = [];
    const result = await runScenario(s, { controller: scripted(['retry', 'quit']), onEvent: (e) => events.push(e) });
    expect(result.status).toBe('failed');
    expect(events.filter((e) => e.kind === 'command-start')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'check-end')).toHaveLength(2);
  });

  it('evaluates checks in file order, so a check after a `within` one sees the state it waited for', async () => {
    const s = scenario(
      '## Later\n```sh\nip link set lo down; (sleep 0.5; ip link set lo up) &\n```\n' +
        '```check\nlink lo is up within 3s\nlink lo is down\nping 127.0.0.1 succeeds\n```\n',
    );
    const result = await runScenario(s);
    const checks = result.steps[0]!.checks.map((c) => [c.check.source, c.passed]);
    expect(checks).toEqual([
      ['link lo is up within 3s', true],
      ['link lo is down', false],
      ['ping 127.0.0.1 succeeds', true],
    ]);
  });
});
