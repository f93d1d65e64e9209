import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { stepCommands } from '../../src/run/step-commands.js';
import type { Scenario } from '../../src/scenario/model.js';
import { checkScenario } from '../../src/verify/check-scenario.js';
import { setUp, withSandbox } from '../helpers/with-sandbox.js';

/** The commands of steps 1..n of the scenario, as one script (what a student would have typed). */
function commandsUpTo(scenario: Scenario, n: number): string {
  return scenario.steps.slice(0, n).flatMap((s) => stepCommands(s).map((c) => c.command.text)).join('\n');
}

const statuses = (o: Awaited<ReturnType<typeof checkScenario>>) => o.steps.map((s) => s.status);

describe('checkScenario on a private sandbox (the router walkthrough)', () => {
  it('finished by hand: every step holds, the two observation steps superseded by the step after them', async () => {
    const scenario = await loadScenario('scenarios/l3-router.md');
    await withSandbox(async (sandbox) => {
      // The failing pings of steps 5 and 7 are part of the walkthrough: `|| true` keeps the setup going.
      await setUp(sandbox, commandsUpTo(scenario, 8).split('\n').map((c) => `${c} >/dev/null 2>&1 || true`).join('\n'));
      const outcome = await checkScenario(scenario, { exec: sandbox.exec, where: 'private' });
      expect(statuses(outcome)).toEqual(Array(8).fill('done'));
      expect(outcome.ok).toBe(true);
      expect(outcome.steps.map((s) => s.supersededBy)).toEqual([undefined, undefined, undefined, undefined, 6, undefined, 8, undefined]);

      // Undoing forwarding: step 8 fails with the diagnosis; step 7 (packets lost) holds again.
      await setUp(sandbox, 'ip netns exec R sysctl -qw net.ipv4.ip_forward=0');
      const undone = await checkScenario(scenario, { exec: sandbox.exec, where: 'private' });
      expect(statuses(undone)).toEqual([...Array(7).fill('done'), 'failed']);
      expect(undone.ok).toBe(false);
      expect(undone.steps[6]!.supersededBy).toBeUndefined();
      const failedItems = undone.steps[7]!.items.filter((i) => !i.passed);
      expect(failedItems.map((i) => [i.expected, i.found.split(':')[0]])).toEqual([
        ['R: sysctl net.ipv4.ip_forward = 1', 'net.ipv4.ip_forward = 0'],
        ['H1: ping 10.0.2.2 succeeds', 'ping exited 1'],
        ['H2: ping 10.0.1.2 succeeds', 'ping exited 1'],
      ]);
      expect(failedItems[1]!.diagnosis).toMatch(/forward/);
    });
  });

  it('half done: the first step that does not hold fails, the ones after it are not reached', async () => {
    const scenario = await loadScenario('scenarios/l3-router.md');
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, commandsUpTo(scenario, 3));
      // A probe step that fails (and has nothing later to excuse it) carries the why diagnosis.
      await setUp(sandbox, 'ip -n H1 link set H1-eth0 down');
      const outcome = await checkScenario(scenario, { exec: sandbox.exec, where: 'private' });
      expect(statuses(outcome)).toEqual(['done', 'done', 'failed', 'not-reached', 'not-reached', 'not-reached', 'not-reached', 'not-reached']);
      expect(outcome.steps[2]!.items.filter((i) => !i.passed).map((i) => i.expected)).toEqual(['H1: link H1-eth0 is up']);

      await setUp(sandbox, 'ip -n H1 link set H1-eth0 up');
      const further = await checkScenario(scenario, { exec: sandbox.exec, where: 'private' });
      // Steps 4 and 5 hold as they are (H1 reaches R, and not H2); step 6's routes are missing.
      expect(statuses(further)).toEqual(['done', 'done', 'done', 'done', 'done', 'failed', 'not-reached', 'not-reached']);
      expect(further.steps[4]!.verifiedBy).toBe('probes');
    });
  });
});
