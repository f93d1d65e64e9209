/**
 * The topology graph and its pictures, from real namespaces, veth pairs and Open vSwitch
 * bridges in private sandboxes: after the two seed walkthroughs (run at library level), and in
 * a half-configured state.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/run/events.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { startOpenVswitch } from '../../src/sandbox/openvswitch.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { buildTopology, readTopology } from '../../src/topology/build-topology.js';
import { readNetworkState } from '../../src/topology/network-state.js';
import { diffNetworkStates, formatChange } from '../../src/topology/diff-state.js';
import type { TopologyGraph } from '../../src/topology/model.js';
import { renderTopologySvg } from '../../src/topology/render-svg.js';
import { renderTopologyText } from '../../src/topology/render-text.js';
import { ROOT } from '../helpers/run-cli.js';
import { overlaps } from '../helpers/svg-boxes.js';
import { L3_TOPOLOGY, setUp, withSandbox } from '../helpers/with-sandbox.js';

const FIXTURES = join(ROOT, 'test/fixtures/topology');

/**
 * Compares a drawing with its fixture file; `UPDATE_TOPOLOGY_FIXTURES=1` rewrites the file
 * instead (review the diff before committing it).
 */
function expectFixture(text: string, name: string): void {
  const file = join(FIXTURES, name);
  if (process.env.UPDATE_TOPOLOGY_FIXTURES) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** Runs a seed walkthrough to its end and reads the topology before its cleanup. */
async function topologyAfter(file: string, events?: RunEvent[]): Promise<TopologyGraph> {
  let graph: TopologyGraph | undefined;
  const result = await runScenario(await loadScenario(join(ROOT, 'scenarios', file)), {
    inspect: async (sandbox) => void (graph = await readTopology(sandbox)),
    ...(events && { watchState: true, onEvent: (e) => events.push(e) }),
  });
  expect(result.status).toBe('passed');
  return graph!;
}

/** The graph with node ids replaced by names, links as `NODE:IF ADDR — NODE:IF ADDR`, for readable assertions. */
function summary(graph: TopologyGraph) {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return {
    nodes: graph.nodes.map((n) => `${n.name} ${n.role}${n.defaultRoutes.map((r) => ` default ${r}`).join('')}`),
    links: graph.links.map((l) => l.ends.map((e) => `${name.get(e.node)}:${e.ifname} ${e.addresses.join(',')}`.trim()).join(' — ')),
  };
}

describe('topology of the layer-3 walkthrough', () => {
  let graph: TopologyGraph;
  const events: RunEvent[] = [];
  beforeAll(async () => {
    graph = await topologyAfter('l3-router.md', events);
  });

  it('has H1, R and H2 with their roles, links, addresses and default routes (json)', () => {
    const parsed = JSON.parse(JSON.stringify(graph)) as TopologyGraph;
    expect(summary(parsed)).toEqual({
      nodes: ['H1 host default via 10.0.1.1 dev H1-eth0', 'H2 host default via 10.0.2.1 dev H2-eth0', 'R router'],
      links: ['H1:H1-eth0 10.0.1.2/24 — R:R-eth1 10.0.1.1/24', 'H2:H2-eth0 10.0.2.2/24 — R:R-eth2 10.0.2.1/24'],
    });
    expect(parsed.faults).toEqual([]);
    // Nothing that changes from run to run: no ifindex, no MAC address.
    expect(JSON.stringify(graph)).not.toMatch(/ifindex|([0-9a-f]{2}:){5}[0-9a-f]{2}/i);
  });

  it('draws as text exactly as the fixture, within 80 columns', () => {
    const text = renderTopologyText(graph);
    expectFixture(text, 'l3-router.txt');
    expect(Math.max(...text.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  it('renders valid SVG holding every node and link', async () => {
    const svg = await renderTopologySvg(graph);
    const doc = new XMLParser({ ignoreAttributes: false, htmlEntities: true }).parse(svg) as { svg: { g: { g: Array<{ '@_class': string; title: string }> } } };
    const groups = doc.svg.g.g;
    const titles = (cls: string) => groups.filter((g) => g['@_class'] === cls).map((g) => g.title);
    expect(titles('node').sort()).toEqual(['ns:H1', 'ns:H2', 'ns:R']);
    // dot writes an undirected edge `a:p:e -- b:q:w` as the title `a:e&#45;&#45;b:w`, decoded by
    // the parser: each link from the right side of the box on its left to the left side of the next.
    expect(titles('edge').sort()).toEqual(['ns:H1:e--ns:R:w', 'ns:R:e--ns:H2:w']);
    const text = svg.replace(/&#45;/g, '-');
    for (const label of ['H1-eth0', 'R-eth1', 'R-eth2', 'H2-eth0', '10.0.1.2/24', '10.0.2.1/24']) expect(text).toContain(label);
    expect(overlaps(svg)).toEqual([]);
  });

  it('says what each step changed: the default-route step gave H1 a default route', () => {
    const states = events.filter((e): e is Extract<RunEvent, { kind: 'step-state' }> => e.kind === 'step-state');
    const changes = (title: string) => {
      const e = states.find((s) => s.step.title === title)!;
      return diffNetworkStates(e.before, e.after).map(formatChange);
    };
    expect(changes('Add default routes')).toEqual(['H1: + route default via 10.0.1.1 dev H1-eth0', 'H2: + route default via 10.0.2.1 dev H2-eth0']);
    expect(changes('Turn on forwarding')).toEqual(['R: ~ forwarding on (ip_forward 0 → 1)']);
    // Made and moved in one step: each veth end appears where it ends up.
    expect(changes('Wire the links')).toEqual(['H1: + link H1-eth0 (veth)', 'H2: + link H2-eth0 (veth)', 'R: + link R-eth1 (veth)', 'R: + link R-eth2 (veth)']);
    expect(changes('Ping across each link')).toEqual([]);
  });
});

describe('topology of the layer-2 walkthrough', () => {
  let graph: TopologyGraph;
  const events: RunEvent[] = [];
  beforeAll(async () => {
    graph = await topologyAfter('l2-switch.md', events);
  });

  it('says what each step changed: moves, the bridge and its ports, links brought up', () => {
    const changes = (title: string) => {
      const e = events.find((s): s is Extract<RunEvent, { kind: 'step-state' }> => s.kind === 'step-state' && s.step.title === title)!;
      return diffNetworkStates(e.before, e.after).map(formatChange);
    };
    expect(changes('Plug each host into its cable')).toEqual(['H1: + link H1-eth0 (moved from host)', 'H2: + link H2-eth0 (moved from host)']);
    expect(changes('Build the switch')).toEqual(['+ bridge s (Open vSwitch)', 's: + port s-eth1', 's: + port s-eth2']);
    expect(changes('Turn on the switch ports')).toEqual(['host: ~ link s-eth1 up', 'host: ~ link s-eth2 up']);
  });

  it('has H1 and H2 joined by the Open vSwitch bridge s (json)', () => {
    expect(summary(graph)).toEqual({
      nodes: ['H1 host', 'H2 host', 's switch'],
      links: ['H1:H1-eth0 10.0.0.1/8 — s:s-eth1', 'H2:H2-eth0 10.0.0.2/8 — s:s-eth2'],
    });
    expect(graph.nodes.find((n) => n.name === 's')?.bridgeType).toBe('openvswitch');
    expect(graph.faults).toEqual([]);
  });

  it('draws as text exactly as the fixture', () => {
    expectFixture(renderTopologyText(graph), 'l2-switch.txt');
  });
});

describe('a half-configured layer-3 network', () => {
  it('marks the interface that is down and the veth end never moved, in words and with dashes', async () => {
    // As the walkthrough, but H1-eth0 left down and R-eth2 left in the root namespace.
    const script = L3_TOPOLOGY.replace('ip -n H1 link set H1-eth0 up;', '')
      .replace('ip link set R-eth2 netns R', '')
      .replace('ip -n R addr add 10.0.2.1/24 dev R-eth2', 'ip addr add 10.0.2.1/24 dev R-eth2')
      .replace('ip -n R link set R-eth2 up', 'ip link set R-eth2 up');
    const graph = await withSandbox(async (sandbox) => {
      await setUp(sandbox, script);
      return readTopology(sandbox);
    });
    expect(graph.faults.map((f) => f.message)).toEqual([
      'H1-eth0 (H1) is down',
      'R-eth2 is still in the root namespace (its peer H2-eth0 is in H2)',
    ]);
    expect(summary(graph).nodes).toEqual(['H1 host', 'H2 host', 'R host', 'host root']);
    const text = renderTopologyText(graph);
    expectFixture(text, 'l3-half-configured.txt');
    expect(text).toMatch(/H1-eth0 ✘ down +R-eth1/);
    expect(text).toMatch(/R-eth2 ✘ not moved/);
    expect(text).toMatch(/┄{10,}/);
  });
});

describe('bridges on real kernels', () => {
  it('draws a Linux bridge inside a namespace as a switch, its ports on it', async () => {
    const graph = await withSandbox(async (sandbox) => {
      await setUp(sandbox, `
        ip netns add H1; ip netns add H2; ip netns add SW
        ip -n SW link add br0 type bridge; ip -n SW link set br0 up
        ip link add H1-eth0 netns H1 type veth peer name sw-p1 netns SW
        ip link add H2-eth0 netns H2 type veth peer name sw-p2 netns SW
        ip -n SW link set sw-p1 master br0; ip -n SW link set sw-p2 master br0
        ip -n SW link set sw-p1 up; ip -n SW link set sw-p2 up
        ip -n H1 link set H1-eth0 up; ip -n H2 link set H2-eth0 up`);
      return readTopology(sandbox);
    });
    expect(summary(graph)).toEqual({
      nodes: ['H1 host', 'H2 host', 'SW host', 'br0 switch'],
      links: ['H1:H1-eth0 — br0:sw-p1', 'H2:H2-eth0 — br0:sw-p2'],
    });
    expect(graph.nodes.find((n) => n.name === 'br0')).toMatchObject({ bridgeType: 'linux', namespace: 'SW' });
    expect(renderTopologyText(graph)).toMatch(/┤ switch \(Linux bridge in SW\) ├/);
  });

  it('marks an Open vSwitch port that vswitchd could not attach', async () => {
    const graph = await withSandbox(async (sandbox) => {
      await startOpenVswitch(sandbox);
      await setUp(sandbox, `
        ip netns add H1
        ip link add H1-eth0 type veth peer name s-eth1; ip link set H1-eth0 netns H1
        ovs-vsctl add-br s -- set bridge s datapath_type=netdev
        ovs-vsctl add-port s s-eth1
        ovs-vsctl add-port s s-eth9 || true`);
      return readTopology(sandbox);
    });
    expect(summary(graph).links).toEqual(['H1:H1-eth0 — s:s-eth1']);
    expect(graph.faults.map((f) => f.kind).sort()).toEqual(['down', 'down', 'not-attached']);
    expect(graph.faults.find((f) => f.kind === 'not-attached')?.message).toMatch(/^port s-eth9 of s is not attached: .*s-eth9/);
    expect(renderTopologyText(graph)).toMatch(/✘ port s-eth9 of s is not attached/);
  });
});

describe('IPv6 forwarding on real kernels (ipv6.md)', () => {
  /** red – R – blue, R's IPv6 forwarding set by `forwarding`; the roles and what a step changed. */
  const graphWith = (forwarding: string) =>
    withSandbox(async (sandbox) => {
      await setUp(sandbox, `
        ip netns add red; ip netns add blue; ip netns add R
        ip link add red-eth0 netns red type veth peer name R-eth1 netns R
        ip link add blue-eth0 netns blue type veth peer name R-eth2 netns R
        ip -n R addr add fd00:1::1/64 dev R-eth1 nodad; ip -n R addr add fd00:2::1/64 dev R-eth2 nodad
        ip netns exec R sysctl -qw net.ipv4.ip_forward=0
        ip netns exec R sysctl -qw net.ipv6.conf.all.forwarding=0`);
      const before = await readNetworkState(sandbox);
      await setUp(sandbox, forwarding);
      const after = await readNetworkState(sandbox);
      return { graph: buildTopology(after), changes: diffNetworkStates(before, after).map(formatChange) };
    });

  it('draws R as a router once net.ipv6.conf.all.forwarding is 1, and says the step switched it on', async () => {
    const { graph, changes } = await graphWith('ip netns exec R sysctl -qw net.ipv6.conf.all.forwarding=1');
    expect(summary(graph).nodes).toEqual(['blue host', 'R router', 'red host']);
    expect(changes).toEqual(['R: ~ IPv6 forwarding on (all.forwarding 0 → 1)']);
  });

  it('draws R as a host when only its interfaces forward (conf.IF.forwarding): the kernel forwards nothing then', async () => {
    const { graph } = await graphWith('ip netns exec R sysctl -qw net.ipv6.conf.R-eth1.forwarding=1 net.ipv6.conf.R-eth2.forwarding=1');
    expect(summary(graph).nodes).toEqual(['blue host', 'R host', 'red host']);
  });
});
