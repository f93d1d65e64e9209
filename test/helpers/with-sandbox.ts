/**
 * Helpers for tests on real kernel objects: open a private sandbox, set up state in it with a
 * script, build checks without the parser.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { evaluateCheckWithin } from '../../src/check/evaluate-check.js';
import type { Check, CheckResult, Predicate } from '../../src/check/model.js';
import { parseCheck } from '../../src/check/parse-check.js';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import type { Exec, Sandbox } from '../../src/sandbox/types.js';

/** Runs fn with a fresh private sandbox, closed afterwards whatever happens. */
export async function withSandbox<T>(fn: (sandbox: Sandbox) => Promise<T>): Promise<T> {
  const sandbox = await openPrivateSandbox();
  try {
    return await fn(sandbox);
  } finally {
    await sandbox.close();
  }
}

/** Runs a bash script inside the sandbox (fresh process); throws with its output if it fails. */
export async function setUp(sandbox: Sandbox, script: string): Promise<string> {
  const result = await sandbox.exec(['bash', '-ec', script], { timeoutMs: 20_000 });
  if (result.exitCode !== 0) throw new Error(`setup failed (${result.exitCode}):\n${script}\n---\n${result.output}`);
  return result.output;
}

/** An Exec into the sandbox that records each argv it runs (joined by spaces) in `calls`. */
export function recordingExec(sandbox: Sandbox): { exec: Exec; calls: string[] } {
  const calls: string[] = [];
  const exec: Exec = (argv, options) => {
    calls.push(argv.join(' '));
    return sandbox.exec(argv, options);
  };
  return { exec, calls };
}

/** A Check as the parser would make it. */
export function check(predicate: Predicate, namespace?: string, withinMs?: number): Check {
  return {
    source: '(test)',
    line: 1,
    predicate,
    ...(namespace !== undefined && { namespace }),
    ...(withinMs !== undefined && { withinMs }),
  };
}

/**
 * Evaluates a check line as a scenario writes it (`R: route default via 10.0.1.1`), `within`
 * waited for; throws when the line does not parse.
 */
export async function evaluateLine(exec: Exec, text: string): Promise<CheckResult> {
  const parsed = parseCheck(text, 1);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return evaluateCheckWithin(parsed.check, exec);
}

/** The sandbox's PID namespace as `pid:[INODE]`, to find its processes from the host. */
export async function pidNamespaceOf(sandbox: Sandbox): Promise<string> {
  return (await sandbox.exec(['readlink', '/proc/self/ns/pid'])).output.trim();
}

/** Host pids of the processes living in a PID namespace (`pid:[INODE]`). */
export function processesInPidNamespace(ns: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/pid`) === ns) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or a kernel thread
    }
  }
  return pids;
}

/** The L3 topology of the seed scenario: H1 — R — H2, forwarding off, no default routes. */
export const L3_TOPOLOGY = `
ip netns add H1; ip netns add H2; ip netns add R
ip netns exec R sysctl -qw net.ipv4.ip_forward=0
ip link add H1-eth0 type veth peer name R-eth1
ip link add H2-eth0 type veth peer name R-eth2
ip link set H1-eth0 netns H1; ip link set H2-eth0 netns H2
ip link set R-eth1 netns R; ip link set R-eth2 netns R
ip -n H1 addr add 10.0.1.2/24 dev H1-eth0; ip -n H1 link set H1-eth0 up; ip -n H1 link set lo up
ip -n H2 addr add 10.0.2.2/24 dev H2-eth0; ip -n H2 link set H2-eth0 up; ip -n H2 link set lo up
ip -n R addr add 10.0.1.1/24 dev R-eth1; ip -n R addr add 10.0.2.1/24 dev R-eth2
ip -n R link set R-eth1 up; ip -n R link set R-eth2 up
`;

/** H1 and H2 on one LAN through Linux bridge br0 in namespace S (ports S-H1, S-H2). */
export const BRIDGE_LAN = `
ip netns add H1; ip netns add H2; ip netns add S
ip -n S link add br0 type bridge; ip -n S link set br0 up
for h in H1 H2; do
  ip link add $h-eth0 type veth peer name S-$h; ip link set $h-eth0 netns $h; ip link set S-$h netns S
  ip -n S link set S-$h master br0; ip -n S link set S-$h up; ip -n $h link set $h-eth0 up; ip -n $h link set lo up
done
ip -n H1 addr add 10.0.0.1/24 dev H1-eth0; ip -n H2 addr add 10.0.0.2/24 dev H2-eth0
`;
