/**
 * The rule that excuses a step the tutorial moved past, over parsed steps and verifications
 * as `verifyStep` returns them (which checks held is the data here; the sandbox tests read it
 * from real namespaces).
 */
import { describe, expect, it } from 'vitest';
import { checksOf } from '../../src/run/run-step.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import type { Step } from '../../src/scenario/model.js';
import type { StepVerification } from '../../src/verify/outcome.js';
import { supersedingSteps } from '../../src/verify/superseded.js';

/** A scenario of steps, each given as its check lines (or a probe command: `$ ...`). */
function steps(...bodies: string[][]): Step[] {
  const text = bodies
    .map((lines, i) => {
      const probe = lines[0]?.startsWith('$ ');
      return `## Step ${i + 1}\n\n${probe ? `\`\`\`sh {exit=2}\n${lines[0]!.slice(2)}\n\`\`\`` : `\`\`\`check\n${lines.join('\n')}\n\`\`\``}\n`;
    })
    .join('\n');
  const parsed = parseScenario(`---\ntitle: T\n---\n\n${text}`, 't.md');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.scenario.steps;
}

/** The verification of each step, given the check lines that fail now (a probe step: `$` fails it). */
function verify(all: Step[], failing: string[]): StepVerification[] {
  return all.map((step) => {
    const checks = checksOf(step);
    if (checks.length === 0) {
      const holds = !failing.includes('$');
      const item = { source: 'probe' as const, line: step.line + 3, text: 'ping', passed: holds, expected: 'exit status 2', found: '', durationMs: 1 };
      return { by: 'probes', holds, items: [item], durationMs: 1 };
    }
    const items = checks.map((c) => ({ source: 'check' as const, line: c.line, text: c.source, passed: !failing.includes(c.source), expected: c.source, found: '', durationMs: 1 }));
    return { by: 'checks', holds: items.every((i) => i.passed), items, durationMs: 1 };
  });
}

describe('supersedingSteps', () => {
  // The L2 walkthrough: the cables are made in the root namespace, then their host ends move.
  const l2 = steps(
    ['namespace H1 exists'],
    ['link H1-eth0 exists', 'link s-eth1 exists'],
    ['H1: link H1-eth0 exists', 'link H1-eth0 is absent'],
    ['link s-eth1 is up', 'H1: ping 10.0.0.2 succeeds'],
  );

  it('excuses a failing check that a later step that holds contradicts: step 2 of a finished L2 network', () => {
    expect(supersedingSteps(l2, verify(l2, ['link H1-eth0 exists']))).toEqual([undefined, 3, undefined, undefined]);
  });

  it('does not excuse a failing check that nothing later contradicts', () => {
    // s-eth1 was never made: nothing later says it is gone.
    expect(supersedingSteps(l2, verify(l2, ['link H1-eth0 exists', 'link s-eth1 exists']))[1]).toBeUndefined();
    // Port down at the end: step 4 fails, and there is no step after it.
    expect(supersedingSteps(l2, verify(l2, ['link H1-eth0 exists', 'link s-eth1 is up', 'H1: ping 10.0.0.2 succeeds']))).toEqual([undefined, 3, undefined, undefined]);
  });

  it('does not excuse it when the contradicting check does not hold, or its step is not done', () => {
    // The end never moved: the root still has it, H1 does not.
    expect(supersedingSteps(l2, verify(l2, ['H1: link H1-eth0 exists']))).toEqual([undefined, undefined, undefined, undefined]);
    // Step 3's own check holds, but step 3 fails on another one that nothing contradicts.
    expect(supersedingSteps(l2, verify(l2, ['link H1-eth0 exists', 'H1: link H1-eth0 exists']))[1]).toBeUndefined();
  });

  it('a contradicting step that is itself excused is done: the step before it is excused too', () => {
    // vlans.md: step 3 has H4 at 10.0.10.4 and pings across; step 4 splits the VLANs; step 5
    // moves the address, and its ping failure is then routed across by step 6.
    const vlans = steps(
      ['H4: link H4-eth0 has address 10.0.10.4/24', 'H1: ping 10.0.10.4 succeeds'],
      ['H1: ping 10.0.10.4 fails'],
      ['H4: link H4-eth0 lacks address 10.0.10.4/24', 'H4: ping 10.0.10.1 fails with "Network is unreachable"'],
      ['H4: ping 10.0.10.1 succeeds'],
    );
    const finished = verify(vlans, ['H4: link H4-eth0 has address 10.0.10.4/24', 'H1: ping 10.0.10.4 succeeds', 'H4: ping 10.0.10.1 fails with "Network is unreachable"']);
    // Step 1's address and its ping's target were both taken away by step 3, which is itself
    // moved past by step 4 (the failure it showed is a success now).
    expect(supersedingSteps(vlans, finished)).toEqual([3, undefined, 4, undefined]);
    // Routing broken at the end: step 4 fails, so step 3 is not done, and step 1's address is not excused.
    const broken = verify(vlans, ['H4: link H4-eth0 has address 10.0.10.4/24', 'H1: ping 10.0.10.4 succeeds', 'H4: ping 10.0.10.1 fails with "Network is unreachable"', 'H4: ping 10.0.10.1 succeeds']);
    expect(supersedingSteps(vlans, broken)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('never excuses a ping that succeeded by a later one that fails: a network nobody built fails it too', () => {
    // Step 2 brings the cable up (its ping succeeds); step 3 makes B drop pings. Skipping step 2
    // leaves the cable down, and step 3's `fails` holds all the same.
    const firewall = steps(['A: link A-eth0 has address 10.9.0.1/24'], ['A: ping 10.9.0.2 succeeds'], ['A: ping 10.9.0.2 fails']);
    expect(supersedingSteps(firewall, verify(firewall, ['A: ping 10.9.0.2 succeeds']))).toEqual([undefined, undefined, undefined]);
    // Nor a tcp connection that was accepted by a later refusal.
    const server = steps(['H1: tcp 10.0.0.2:80 accepts'], ['H1: tcp 10.0.0.2:80 refuses']);
    expect(supersedingSteps(server, verify(server, ['H1: tcp 10.0.0.2:80 accepts']))).toEqual([undefined, undefined]);
  });

  it('chains configuration: a check moved past by one that is itself moved past; a template compared expanded (tester3, ipv6.md)', () => {
    // ipv6.md: a static default route, taken away, then the router advertisement's via $GW.
    const v6 = steps(['red: route default via fd00:1::1'], ['red: no route default'], ['red: route default via $GW dev red-eth0']);
    const variables = { available: true as const, values: new Map([['GW', 'fe80::1']]), where: 'the test' };
    expect(supersedingSteps(v6, verify(v6, ['red: route default via fd00:1::1', 'red: no route default']), variables)).toEqual([2, 3, undefined]);
    // Without $GW's value step 3 states nothing, and fails: neither earlier step is excused.
    const unknown = verify(v6, ['red: route default via fd00:1::1', 'red: no route default', 'red: route default via $GW dev red-eth0']);
    expect(supersedingSteps(v6, unknown)).toEqual([undefined, undefined, undefined]);
  });

  it('does not chain a probe: an address taken away and given back excuses no ping to it', () => {
    const back = steps(['A: ping 10.9.0.2 succeeds'], ['B: link B-eth0 lacks address 10.9.0.2/24'], ['B: link B-eth0 has address 10.9.0.2/24']);
    expect(supersedingSteps(back, verify(back, ['A: ping 10.9.0.2 succeeds', 'B: link B-eth0 lacks address 10.9.0.2/24']))).toEqual([undefined, 3, undefined]);
  });

  it('a probe step is excused by the first later step verified by checks that holds', () => {
    const l3 = steps(['$ ip netns exec H1 ping -c 1 -W 1 10.0.2.2'], ['H1: route default via 10.0.1.1'], ['R: sysctl net.ipv4.ip_forward = 1']);
    expect(supersedingSteps(l3, verify(l3, ['$']))).toEqual([2, undefined, undefined]);
    expect(supersedingSteps(l3, verify(l3, ['$', 'H1: route default via 10.0.1.1', 'R: sysctl net.ipv4.ip_forward = 1']))).toEqual([undefined, undefined, undefined]);
  });
});
