/**
 * What a `--host` test left behind: the namespaces, root-namespace links and Open vSwitch
 * bridges that exist after the scenario's cleanup but did not before it ran.
 */
import { createExec } from '../sandbox/create-exec.js';
import type { Exec } from '../sandbox/types.js';

/** The host's network objects, by name. */
export interface HostSnapshot {
  namespaces: string[];
  links: string[];
  /** undefined when `ovs-vsctl` did not answer (not installed, or no daemon running). */
  bridges?: string[];
}

const TIMEOUT_MS = 5_000;

/**
 * Reads the host's namespaces (`ip netns list`), the links of its root namespace
 * (`ip -json link`) and its Open vSwitch bridges (`ovs-vsctl list-br`).
 * @param exec where to run them; the host's own by default
 */
export async function snapshotHost(exec: Exec = createExec([])): Promise<HostSnapshot> {
  const [netns, link, ovs] = await Promise.all([
    exec(['ip', 'netns', 'list'], { timeoutMs: TIMEOUT_MS }),
    exec(['ip', '-json', 'link'], { timeoutMs: TIMEOUT_MS }),
    exec(['ovs-vsctl', '--timeout=2', 'list-br'], { timeoutMs: TIMEOUT_MS }),
  ]);
  // `ip netns list` prints `NAME (id: N)` for namespaces that have an id.
  const namespaces = lines(netns.stdout).map((l) => l.split(' ')[0]!);
  const parsed = link.exitCode === 0 ? (JSON.parse(link.stdout ?? '[]') as Array<{ ifname?: string }>) : [];
  const links = parsed.flatMap((l) => (l.ifname ? [l.ifname] : []));
  return { namespaces, links, bridges: ovs.exitCode === 0 ? lines(ovs.stdout) : undefined };
}

function lines(text: string | undefined): string[] {
  return (text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
}

/**
 * What is in `after` and not in `before`.
 * @returns one entry per object, e.g. `namespace H1`, `link H1-eth0`, `bridge s`; an OVS
 *   bridge's own device is reported as the bridge, not also as a link
 */
export function leftovers(before: HostSnapshot, after: HostSnapshot): string[] {
  const added = (a: readonly string[], b: readonly string[]) => b.filter((x) => !a.includes(x));
  const bridges = before.bridges && after.bridges ? added(before.bridges, after.bridges) : [];
  return [
    ...added(before.namespaces, after.namespaces).map((n) => `namespace ${n}`),
    ...added(before.links, after.links).filter((l) => !bridges.includes(l)).map((l) => `link ${l}`),
    ...bridges.map((b) => `bridge ${b}`),
  ];
}
