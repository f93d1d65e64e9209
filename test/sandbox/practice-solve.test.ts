import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { practiseWith } from '../helpers/practice-student.js';

/**
 * solve's output as one line per reason: the practice view wraps a long reason at 80 columns
 * with the same 4-column indent its first line has, so a continuation is a 4-space line that
 * does not open a new reason.
 */
const unwrapped = (text: string): string => text.replace(/\n {4}(?!already holds|not run)(?=\S)/g, ' ');

/** The bundled lesson `name`, as the student practises it. */
const lesson = (name: string) => loadScenario(new URL(`../../scenarios/${name}.md`, import.meta.url).pathname);

describe('solve from wherever the student got to', () => {
  it('l3-router: a namespace made, one of two veth pairs made and its end moved; then solve', async () => {
    const { printed: wrapped, outcome } = await practiseWith(await lesson('l3-router'), [
      'ip netns add H1',
      'solve',
      'echo "-- step 2"',
      'ip link add H1-eth0 type veth peer name R-eth1',
      'ip link set H1-eth0 netns H1',
      'solve',
      'echo "-- step 3"',
      'echo "prompt $__nslab_step"',
    ].join('\n'));
    const printed = unwrapped(wrapped);
    const step1 = printed.slice(0, printed.indexOf('-- step 2'));
    expect(step1).not.toContain('File exists');
    expect(step1).toContain('↷ $ ip netns add H1\n    already holds, not run again: namespace H1 exists');
    expect(step1).toMatch(/\$ ip netns add H2 {2}✔/);
    expect(step1).toContain('solve: ran 3 commands, 1 already held.');
    expect(step1).toContain('✔ step 1 solved');
    const step2 = printed.slice(printed.indexOf('-- step 2'), printed.indexOf('-- step 3'));
    expect(step2).toContain('↷ $ ip link add H1-eth0 type veth peer name R-eth1\n    already holds, not run again: veth pair H1-eth0–R-eth1 exists');
    expect(step2).toContain('↷ $ ip link set H1-eth0 netns H1\n    already holds, not run again: H1: link H1-eth0 exists');
    expect(step2).toMatch(/\$ ip link add H2-eth0 type veth peer name R-eth2 {2}✔/);
    expect(step2).toContain('solve: ran 4 commands, 2 already held.');
    expect(step2).toContain('✔ step 2 solved');
    expect(printed).toContain('prompt 3/8');
    expect(outcome.steps.slice(0, 3).map((s) => s.status)).toEqual(['solved', 'solved', 'failed']);
  });

  it('static-routing: an address already given, a default route already added; then solve', async () => {
    const { printed: wrapped, outcome } = await practiseWith(await lesson('static-routing'), [
      'solve', 'solve',
      'ip netns exec H1 ip addr add 10.0.1.2/24 dev H1-eth0',
      'ip netns exec R2 ip link set lo up',
      'echo "-- step 3"',
      'solve',
      'ip netns exec H2 ip route add default via 10.0.3.1 dev H2-eth0',
      'echo "-- step 4"',
      'solve',
      'echo "prompt $__nslab_step"',
    ].join('\n'));
    const printed = unwrapped(wrapped);
    const step3 = printed.slice(printed.indexOf('-- step 3'), printed.indexOf('-- step 4'));
    expect(step3).toContain('↷ $ ip netns exec H1 ip addr add 10.0.1.2/24 dev H1-eth0\n    already holds, not run again: H1: link H1-eth0 has address 10.0.1.2/24');
    // Idempotent commands run again: bringing lo up twice is no error.
    expect(step3).toMatch(/\$ ip netns exec R2 ip link set lo up {2}✔/);
    expect(step3).toContain('solve: ran 18 commands, 1 already held.');
    const step4 = printed.slice(printed.indexOf('-- step 4'));
    expect(step4).toContain('↷ $ ip netns exec H2 ip route add default via 10.0.3.1 dev H2-eth0\n    already holds, not run again: H2: route default via 10.0.3.1 dev H2-eth0');
    expect(step4).toContain('✔ step 4 solved');
    expect(printed).toContain('prompt 5/10');
    expect(outcome.steps.slice(0, 4).map((s) => s.status)).toEqual(['solved', 'solved', 'solved', 'solved']);
  });

  it('l2-switch: the switch built and one port added (Open vSwitch); then solve', async () => {
    const { printed: wrapped, outcome } = await practiseWith(await lesson('l2-switch'), [
      'solve', 'solve', 'solve',
      'ovs-vsctl add-br s -- set bridge s datapath_type=netdev',
      'ovs-vsctl add-port s s-eth1',
      'echo "-- step 4"',
      'solve',
    ].join('\n'));
    const printed = unwrapped(wrapped);
    const step4 = printed.slice(printed.indexOf('-- step 4'));
    expect(step4).toContain('↷ $ ovs-vsctl add-br s -- set bridge s datapath_type=netdev\n    already holds, not run again: Open vSwitch bridge s exists; bridge s datapath_type=netdev');
    expect(step4).toContain('↷ $ ovs-vsctl add-port s s-eth1\n    already holds, not run again: link s-eth1 is in bridge s');
    expect(step4).toMatch(/\$ ovs-vsctl add-port s s-eth2 {2}✔/);
    expect(step4).toContain('✔ step 4 solved');
    expect(outcome.steps[3]!.status).toBe('solved');
  });

  it('l2-switch: a bridge made without the userspace datapath is named, not taken for done', async () => {
    const { printed: wrapped, outcome } = await practiseWith(await lesson('l2-switch'), ['solve', 'solve', 'solve', 'ovs-vsctl add-br s', 'echo "-- step 4"', 'solve'].join('\n'));
    const printed = unwrapped(wrapped);
    const step4 = printed.slice(printed.indexOf('-- step 4'));
    expect(step4).toContain('✘ $ ovs-vsctl add-br s -- set bridge s datapath_type=netdev\n    not run, something else is in the way: Open vSwitch bridge s exists; bridge s has datapath_type=');
    expect(step4).toContain('(the command sets bridge s datapath_type=netdev)');
    expect(step4).not.toContain('✔ step 4 solved');
    expect(outcome.steps[3]!.status).toBe('failed');
  });

  it('l3-router: a veth pair made with the wrong peer is named, not run over; the step is not solved, and says what does not hold', async () => {
    const { printed: wrapped, outcome } = await practiseWith(await lesson('l3-router'), [
      'solve',
      'echo "-- step 2"',
      'ip link add H1-eth0 type veth peer name R-eth2',
      'solve',
    ].join('\n'));
    const printed = unwrapped(wrapped);
    const step2 = printed.slice(printed.indexOf('-- step 2'));
    expect(step2).toContain('✘ $ ip link add H1-eth0 type veth peer name R-eth1\n    not run, something else is in the way: H1-eth0 exists in the root namespace (its peer is R-eth2): not a pair H1-eth0–R-eth1');
    expect(step2).toMatch(/solve: ran \d+ commands, 2 not run \(in the way\), \d+ failed\./);
    expect(step2).toContain('solve did what it could, but step 2 still does not hold:');
    expect(step2).not.toContain('✔ step 2 solved');
    expect(outcome.steps[1]!.status).toBe('failed');
  });

  it('l3-router: a step that solve did part of, finished by the student, is solved, not done (found by the tester)', async () => {
    const { printed: wrapped, outcome } = await practiseWith(await lesson('l3-router'), [
      'solve',
      'ip link add H1-eth0 type veth peer name R-eth1',
      'ip link set R-eth1 netns H1',
      'ip link add H2-eth0 type veth peer name R-eth2',
      'ip link set H2-eth0 netns H2',
      'ip link set R-eth2 netns R',
      'solve',
      'ip -n H1 link set R-eth1 netns R',
      // As the prompt would after the student's command (the script's bash is not interactive).
      '__nslab verify 9 0',
    ].join('\n'));
    const printed = unwrapped(wrapped);
    expect(printed).toContain('solve did what it could, but step 2 still does not hold:');
    expect(printed).toContain('✔ step 2 solved');
    expect(outcome.steps[1]!.status).toBe('solved');
  });
});

/** The bundled lesson `name` with its written hints taken out (every `> Hint:` blockquote). */
function withoutHints(name: string) {
  const file = new URL(`../../scenarios/${name}.md`, import.meta.url).pathname;
  const source = readFileSync(file, 'utf8').split(/\n\n/).filter((p) => !/^> (\*\*)?Hint:/.test(p)).join('\n\n');
  const parsed = parseScenario(source, file);
  if (!parsed.ok) throw new Error(`${name} without hints does not parse`);
  expect(parsed.scenario.steps.every((s) => s.hints.length === 0)).toBe(true);
  return parsed.scenario;
}

describe('hint on a step with no written hint', () => {
  it('names the first check that does not hold, what was found, and where to look; for a ping, why', async () => {
    const { printed } = await practiseWith(withoutHints('l3-router'), [
      'solve', 'solve',
      'ip netns exec H1 ifconfig H1-eth0 10.0.1.2 netmask 255.255.255.0',
      'hint',
      'echo "-- step 8"',
      'solve', 'solve', 'solve', 'solve', 'solve',
      'ip netns exec R sysctl -qw net.ipv4.ip_forward=1',
      'ip netns exec H2 ip route del default',
      'hint',
    ].join('\n'));
    const step3 = printed.slice(0, printed.indexOf('-- step 8'));
    expect(step3).toContain('Step 3 has no written hint. What does not hold yet (and 8 more):\n  ✘ H1: link lo is up — found link lo is DOWN\n    look: ip -n H1 link show lo\n');
    expect(step3).not.toMatch(/no hints/);
    const step8 = printed.slice(printed.indexOf('-- step 8'));
    // The found and why lines wrap at words, continued under an indent of four.
    expect(step8).toMatch(/Step 8 has no written hint\. What does not hold yet[^\n]*:\n {2}✘ H1: ping 10\.0\.2\.2 succeeds — found [^\n]+(\n {4}(?!why:|look:)[^\n]*)*\n {4}why: [^\n]*(\n {4}(?!look:)[^\n]*)*\n {4}look: why H1 10\.0\.2\.2\n/);
    expect(step8.slice(step8.indexOf('why:'), step8.indexOf('look:'))).toContain('H2');
  });
});
