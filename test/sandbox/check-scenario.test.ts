import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runScenario } from '../../src/run/run-scenario.js';
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
      // Step 1's `R: sysctl net.ipv4.ip_forward = 0` no longer holds: step 8 turned forwarding on.
      expect(outcome.steps.map((s) => s.supersededBy)).toEqual([8, undefined, undefined, undefined, 6, undefined, 8, undefined]);

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

describe('checkScenario on a finished Open vSwitch network (the L2 walkthrough)', () => {
  it('every step ✔, the cables step superseded by the one that moves their ends; a port down fails step 6', async () => {
    const scenario = await loadScenario('scenarios/l2-switch.md');
    let finished: Awaited<ReturnType<typeof checkScenario>> | undefined;
    let portDown: Awaited<ReturnType<typeof checkScenario>> | undefined;
    const portDownPings: string[] = [];
    // The whole walkthrough as `run --yes` runs it (Open vSwitch daemons included); the checks
    // read the network it left, before its cleanup.
    const run = await runScenario(scenario, {
      inspect: async (sandbox) => {
        finished = await checkScenario(scenario, { exec: sandbox.exec, where: 'private' });
        await setUp(sandbox, 'ip link set s-eth1 down');
        // The real exec, recording which pings it started.
        const recording: typeof sandbox.exec = (argv, options) => {
          const line = argv.join(' ');
          if (line.includes('ping')) portDownPings.push(line);
          return sandbox.exec(argv, options);
        };
        portDown = await checkScenario(scenario, { exec: recording, where: 'private' });
      },
    });
    expect(run.status).toBe('passed');
    // Step 2 checks `link H1-eth0 exists` in the root namespace; step 3 moves it into H1 and
    // checks `link H1-eth0 is absent` there: step 3 has moved past step 2.
    expect(statuses(finished!)).toEqual(Array(7).fill('done'));
    expect(finished!.ok).toBe(true);
    expect(finished!.steps.map((s) => s.supersededBy)).toEqual([undefined, 3, undefined, undefined, undefined, undefined, undefined]);
    expect(finished!.steps[1]!.items.filter((i) => !i.passed).map((i) => i.expected)).toEqual(['link H1-eth0 exists', 'link H2-eth0 exists']);

    // Nothing later says s-eth1 goes down: step 6 fails, on it and on the ping across.
    expect(statuses(portDown!)).toEqual([...Array(5).fill('done'), 'failed', 'not-reached']);
    // Step 7 is verified by its pings alone: after a failure that nothing later excuses, they are
    // not run at all (each would wait its timeout across the port that is down).
    expect(portDownPings.filter((line) => line.includes('ping -c 3 -i 0.2'))).toEqual([]);
    // Step 6's ping check did run.
    expect(portDownPings.length).toBeGreaterThan(0);
    expect(portDown!.ok).toBe(false);
    expect(portDown!.steps[5]!.items.filter((i) => !i.passed).map((i) => i.expected)).toEqual(['link s-eth1 is up', 'H1: ping 10.0.0.2 succeeds']);
  });
});

describe('checkScenario right after a run that traced the route (static routing)', () => {
  it('holds twice in a row: the traces are not cut short by the hosts\' ICMP rate limit', async () => {
    const scenario = await loadScenario('scenarios/static-routing.md');
    const outcomes: Awaited<ReturnType<typeof checkScenario>>[] = [];
    // The run's last step is itself a traceroute, so each check is the second and third in a row.
    const run = await runScenario(scenario, {
      inspect: async (sandbox) => {
        for (let i = 0; i < 2; i++) outcomes.push(await checkScenario(scenario, { exec: sandbox.exec, where: 'private' }));
      },
    });
    expect(run.status).toBe('passed');
    for (const outcome of outcomes) {
      const failed = outcome.steps.filter((s) => s.status === 'failed');
      expect(failed.map((s) => `${s.number}: ${s.items.filter((i) => !i.passed).map((i) => i.found).join('; ')}`)).toEqual([]);
      expect(outcome.ok).toBe(true);
    }
  });
});

describe('checkScenario on the finished IPv6 lesson (tester3: "0 of 10 steps hold")', () => {
  it('every step ✔ with the session\'s $ADDR and $GW: a step moved past through a later one that was moved past in turn', async () => {
    const scenario = await loadScenario('scenarios/ipv6.md');
    let finished: Awaited<ReturnType<typeof checkScenario>> | undefined;
    const run = await runScenario(scenario, {
      inspect: async (sandbox) => {
        // The values the lesson's shell computed in step 10, as a practice shell holds them.
        const read = await setUp(sandbox, "ADDR=$(ip -n red -6 -br addr show scope global | awk '{print $3}'); GW=$(ip -n R -6 -br addr show R-eth1 scope link | awk '{print $3}'); echo \"${ADDR%/64} ${GW%/64}\"");
        const [addr, gw] = read.trim().split(' ');
        const variables = { available: true as const, values: new Map([['ADDR', addr!], ['GW', gw!]]), where: 'the test' };
        finished = await checkScenario(scenario, { exec: sandbox.exec, where: 'private', variables });
      },
    });
    expect(run.status).toBe('passed');
    expect(statuses(finished!)).toEqual(Array(10).fill('done'));
    expect(finished!.ok).toBe(true);
    // Step 5's `route default via fd00:1::1` was undone by step 8's `no route default`, which step
    // 10's `route default via $GW` moved past: the RA's default route is the one the lesson meant.
    expect(finished!.steps.map((s) => s.supersededBy)).toEqual([7, undefined, 8, 7, 8, 7, 8, 10, undefined, undefined]);
  });
});
