/**
 * The topology graph, its renderers and the state diff on hand-made states (pure functions;
 * the same functions on real namespaces: test/sandbox/topology.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../src/topology/build-topology.js';
import { diffNetworkStates, formatChange } from '../../src/topology/diff-state.js';
import type { InterfaceState, NamespaceState, NetworkState } from '../../src/topology/network-state.js';
import { arrange } from '../../src/topology/arrange.js';
import { renderTopologyDot } from '../../src/topology/render-dot.js';
import { renderTopologyMermaid } from '../../src/topology/render-mermaid.js';
import { renderTopologySvg } from '../../src/topology/render-svg.js';
import { renderTopologyText } from '../../src/topology/render-text.js';
import { roleLabel } from '../../src/topology/model.js';
import { EnvironmentError } from '../../src/util/errors.js';
import { overlaps, svgBoxes } from '../helpers/svg-boxes.js';

const lo: InterfaceState = { name: 'lo', up: true, operstate: 'UNKNOWN', addresses: ['127.0.0.1/8'] };

/** A veth end; `peer` is `NS/IF` (`/IF` for the root namespace). */
function veth(name: string, peer: string, extra: Partial<InterfaceState> = {}): InterfaceState {
  const [ns, ifname] = peer.split('/') as [string, string];
  return { name, kind: 'veth', up: true, operstate: 'UP', addresses: [], peer: { ...(ns !== '' && { namespace: ns }), ifname }, ...extra };
}

function ns(name: string | undefined, interfaces: InterfaceState[], extra: Partial<NamespaceState> = {}): NamespaceState {
  return { ...(name !== undefined && { name }), interfaces: [lo, ...interfaces], routes: [], ipForward: false, ipv6Forward: false, ...extra };
}

/** H1, H2 (and more) on an Open vSwitch bridge s, its ports in the root namespace. */
function star(hosts: string[], port: Partial<InterfaceState> = {}): NetworkState {
  return {
    namespaces: [
      ns(undefined, hosts.map((h, i) => veth(`s-eth${i + 1}`, `${h}/${h}-eth0`, port))),
      ...hosts.map((h, i) => ns(h, [veth(`${h}-eth0`, `/s-eth${i + 1}`, { addresses: [`10.0.0.${i + 1}/24`] })])),
    ],
    bridges: [{ name: 's', type: 'openvswitch', ports: hosts.map((_, i) => ({ name: `s-eth${i + 1}`, attached: true })) }],
  };
}

/** H1 – R – H2 as the router walkthrough leaves it: a /24 on each link, default routes, R forwarding. */
function routed(): NetworkState {
  const host = (h: string, k: number) =>
    ns(h, [veth(`${h}-eth0`, `R/R-eth${k}`, { addresses: [`10.0.${k}.2/24`] })], { routes: [{ dst: 'default', gateway: `10.0.${k}.1`, dev: `${h}-eth0`, type: 'unicast' }] });
  const r = ns('R', [1, 2].map((k) => veth(`R-eth${k}`, `H${k}/H${k}-eth0`, { addresses: [`10.0.${k}.1/24`] })), { ipForward: true });
  return { namespaces: [ns(undefined, []), host('H1', 1), host('H2', 2), r], bridges: [] };
}

/**
 * policy-routing.md's ring: server S with an uplink to each of R1 and R2, both routers linked
 * to the client C. S's default route goes through R1.
 */
function policyRing(): NetworkState {
  const link = (a: string, b: string, net: string, extra: Partial<InterfaceState> = {}): [string, InterfaceState, string, InterfaceState] => {
    const [na, ia] = a.split('/') as [string, string];
    const [nb, ib] = b.split('/') as [string, string];
    return [na, veth(ia, b, { addresses: [`${net}.2/24`], ...extra }), nb, veth(ib, a, { addresses: [`${net}.1/24`] })];
  };
  const links = [
    link('S/S-eth1', 'R1/R1-eth0', '10.0.1'),
    link('S/S-eth2', 'R2/R2-eth0', '10.0.2'),
    link('C/C-eth1', 'R1/R1-eth1', '198.51.100'),
    link('C/C-eth2', 'R2/R2-eth1', '203.0.113'),
  ];
  const of = (name: string) => links.flatMap(([na, ia, nb, ib]) => [...(na === name ? [ia] : []), ...(nb === name ? [ib] : [])]);
  const routes = { S: [{ dst: 'default', gateway: '10.0.1.1', dev: 'S-eth1', type: 'unicast' }] } as Record<string, NamespaceState['routes']>;
  return {
    namespaces: [ns(undefined, []), ...['C', 'R1', 'R2', 'S'].map((n) => ns(n, of(n), { ipForward: n.startsWith('R'), routes: routes[n] ?? [] }))],
    bridges: [],
  };
}

/** The widest line of a text, in columns. */
const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('buildTopology', () => {
  it('puts a bridge port on the bridge, not on the root namespace, which then is no node', () => {
    const graph = buildTopology(star(['H1', 'H2']));
    expect(graph.nodes.map((n) => `${n.id} ${n.role}`)).toEqual(['ns:H1 host', 'ns:H2 host', 'br:s switch']);
    expect(graph.links.map((l) => l.ends.map((e) => `${e.node}:${e.ifname}`))).toEqual([
      ['ns:H1:H1-eth0', 'br:s:s-eth1'],
      ['ns:H2:H2-eth0', 'br:s:s-eth2'],
    ]);
    expect(graph.faults).toEqual([]);
  });

  it('names a port Open vSwitch could not attach, and a port down', () => {
    const state = star(['H1'], { up: false });
    state.bridges[0]!.ports[0] = { name: 's-eth1', attached: false, problem: 'could not open network device s-eth1 (No such device)' };
    expect(buildTopology(state).faults.map((f) => f.message)).toEqual([
      'port s-eth1 of s is not attached: could not open network device s-eth1 (No such device)',
      's-eth1 (s) is down',
    ]);
  });

  it('draws an internal port moved into a namespace as a port link, and a forwarding namespace as a router', () => {
    const state: NetworkState = {
      namespaces: [ns(undefined, []), ns('R', [{ name: 'p1', kind: 'openvswitch', up: true, operstate: 'UP', addresses: ['10.0.0.254/24'] }], { ipForward: true })],
      bridges: [{ name: 's', type: 'openvswitch', ports: [{ name: 'p1', attached: true }] }],
    };
    const graph = buildTopology(state);
    expect(graph.nodes.map((n) => `${n.name} ${n.role}`)).toEqual(['R router', 's switch']);
    expect(graph.links).toEqual([
      {
        kind: 'port',
        ends: [
          { node: 'ns:R', ifname: 'p1', addresses: ['10.0.0.254/24'], up: true, notMoved: false },
          { node: 'br:s', ifname: 'p1', addresses: [], up: true, notMoved: false },
        ],
      },
    ]);
  });
});

describe('buildTopology: which namespace is a router', () => {
  /** red – R – blue on IPv6 /64s (ipv6.md), R's forwarding as given. */
  const v6 = (forwarding: Partial<NamespaceState>, extraAddresses: string[] = []) => {
    const state: NetworkState = {
      namespaces: [
        ns(undefined, []),
        ns('R', [
          veth('R-eth1', 'red/red-eth0', { addresses: ['fd00:1::1/64', ...extraAddresses] }),
          veth('R-eth2', 'blue/blue-eth0', { addresses: ['fd00:2::1/64'] }),
        ], forwarding),
        ns('blue', [veth('blue-eth0', 'R/R-eth2', { addresses: ['fd00:2::2/64'] })]),
        ns('red', [veth('red-eth0', 'R/R-eth1', { addresses: ['fd00:1::2/64'] })]),
      ],
      bridges: [],
    };
    return buildTopology(state).nodes.find((n) => n.name === 'R')!;
  };

  it('a namespace that forwards IPv6 (net.ipv6.conf.all.forwarding = 1) is a router', () => {
    const r = v6({ ipv6Forward: true });
    expect(r.role).toBe('router');
    expect(v6({ ipv6Forward: false }).role).toBe('host');
  });

  it('says which family a dual-stack router forwards when it forwards only one', () => {
    expect(roleLabel(v6({ ipv6Forward: true }))).toBe('router');
    expect(roleLabel(v6({ ipv6Forward: true }, ['10.0.1.1/24']))).toBe('router (IPv6 only)');
    expect(roleLabel(v6({ ipForward: true }, ['10.0.1.1/24']))).toBe('router (IPv4 only)');
    expect(roleLabel(v6({ ipForward: true, ipv6Forward: true }, ['10.0.1.1/24']))).toBe('router');
  });
});

describe('renderTopologyText', () => {
  it('falls back to an adjacency listing for a switch with three hosts', () => {
    const text = renderTopologyText(buildTopology(star(['H1', 'H2', 'H3'])));
    expect(text).toBe(
      [
        'H1 (host)',
        '  H1-eth0 10.0.0.1/24 ── s-eth1 (s)',
        'H2 (host)',
        '  H2-eth0 10.0.0.2/24 ── s-eth2 (s)',
        'H3 (host)',
        '  H3-eth0 10.0.0.3/24 ── s-eth3 (s)',
        's (switch (Open vSwitch))',
        '  s-eth1 ── H1-eth0 10.0.0.1/24 (H1)',
        '  s-eth2 ── H2-eth0 10.0.0.2/24 (H2)',
        '  s-eth3 ── H3-eth0 10.0.0.3/24 (H3)',
        '',
      ].join('\n'),
    );
  });

  it('draws a chain in a row, each link followed to its far end, labels between the boxes when they fit', () => {
    const graph = buildTopology(star(['H1', 'H2']));
    // The chain goes H1 → s → H2.
    expect(renderTopologyText(graph).split('\n')[1]).toMatch(/^│ H1 +│ H1-eth0 +s-eth1 │ s +│ s-eth2 +H2-eth0 │ H2 +│$/);
  });

  it('draws the router between its hosts with each end labelled beside its box when both ends together do not fit 80 columns', () => {
    const graph = buildTopology(routed());
    expect(renderTopologyText(graph, { width: 100 }).split('\n')[3]).toBe('│ gw 10.0.1.1 │ 10.0.1.2/24  10.0.1.1/24 └────────┘ 10.0.2.1/24  10.0.2.2/24 │ gw 10.0.2.1 │');
    const text = renderTopologyText(graph);
    expect(text).toBe(
      [
        '┌─────────────┐ H1-eth0     ┌────────┐ R-eth2      ┌─────────────┐',
        '│ H1          │ 10.0.1.2/24 │ R      │ 10.0.2.1/24 │ H2          │',
        '│ host        ├─────────────┤ router ├─────────────┤ host        │',
        '│ gw 10.0.1.1 │      R-eth1 └────────┘     H2-eth0 │ gw 10.0.2.1 │',
        '└─────────────┘ 10.0.1.1/24            10.0.2.2/24 └─────────────┘',
        '',
      ].join('\n'),
    );
  });

  it('stacks the chain in a column, the labels beside each link, when no row fits', () => {
    const state = routed();
    state.namespaces.find((n) => n.name === 'H1')!.interfaces[1]!.up = false;
    const text = renderTopologyText(buildTopology(state), { width: 40 });
    expect(widest(text)).toBeLessThanOrEqual(40);
    expect(text.split('\n').slice(0, 15)).toEqual([
      '┌─────────────┐',
      '│ H1          │',
      '│ host        │',
      '│ gw 10.0.1.1 │',
      '└──┬──────────┘',
      '   ┆ H1-eth0 ✘ down 10.0.1.2/24',
      '   ┆',
      '   ┆ R-eth1         10.0.1.1/24',
      '┌──┴─────┐',
      '│ R      │',
      '│ router │',
      '└──┬─────┘',
      '   │ R-eth2  10.0.2.1/24',
      '   │',
      '   │ H2-eth0 10.0.2.2/24',
    ]);
    expect(text).toContain('\n✘ H1-eth0 (H1) is down\n');
  });

  it('draws a ring between its two hosts, one way above the other (policy-routing.md)', () => {
    const text = renderTopologyText(buildTopology(policyRing()));
    expect(text).toBe(
      [
        '┌─────────────┐ S-eth1      ┌────────┐ R1-eth1         ┌──────┐',
        '│ S           │ 10.0.1.2/24 │ R1     │ 198.51.100.1/24 │ C    │',
        '│ host        ├─────────────┤ router ├─────────────────┤ host │',
        '│ gw 10.0.1.1 │     R1-eth0 └────────┘          C-eth1 │      │',
        '│             │ 10.0.1.1/24            198.51.100.2/24 │      │',
        '│             │                                        │      │',
        '│             │ S-eth2      ┌────────┐ R2-eth1         │      │',
        '│             │ 10.0.2.2/24 │ R2     │ 203.0.113.1/24  │      │',
        '│             ├─────────────┤ router ├─────────────────┤      │',
        '└─────────────┘     R2-eth0 └────────┘          C-eth2 └──────┘',
        '                10.0.2.1/24             203.0.113.2/24',
        '',
      ].join('\n'),
    );
  });

  it('draws a triangle and two namespaces joined twice as rings; a ring too wide is listed', () => {
    const triangle: NetworkState = {
      namespaces: [
        ns(undefined, []),
        ns('A', [veth('a1', 'B/b1'), veth('a2', 'C/c2')]),
        ns('B', [veth('b1', 'A/a1'), veth('b2', 'C/c1')]),
        ns('C', [veth('c1', 'B/b2'), veth('c2', 'A/a2')]),
      ],
      bridges: [],
    };
    expect(renderTopologyText(buildTopology(triangle))).toBe(
      [
        '┌──────┐                        ┌──────┐',
        '│ A    │ a1                  b1 │ B    │',
        '│ host ├────────────────────────┤ host │',
        '│      │                        │      │',
        '│      │        ┌──────┐        │      │',
        '│      │ a2  c2 │ C    │ c1  b2 │      │',
        '│      ├────────┤ host ├────────┤      │',
        '└──────┘        └──────┘        └──────┘',
        '',
      ].join('\n'),
    );
    const twice: NetworkState = {
      namespaces: [ns(undefined, []), ns('A', [veth('a1', 'B/b1'), veth('a2', 'B/b2')]), ns('B', [veth('b1', 'A/a1'), veth('b2', 'A/a2')])],
      bridges: [],
    };
    expect(renderTopologyText(buildTopology(twice))).toMatch(/^┌.*\n.*\n│ host ├─+┤ host │\n(.*\n){2,}.*├─+┤/);
    expect(renderTopologyText(buildTopology(policyRing()), { width: 50 })).toMatch(/^C \(host\)\n/);
  });

  it('folds the adjacency listing and the faults to the width', () => {
    const state = star(['H1', 'H2', 'H3']);
    state.bridges[0]!.ports[0] = { name: 's-eth1', attached: false, problem: 'could not open network device s-eth1 (No such device)' };
    const text = renderTopologyText(buildTopology(state), { width: 30 });
    expect(widest(text)).toBeLessThanOrEqual(30);
    expect(text).toContain('\n  H1-eth0 10.0.0.1/24 ──\n      s-eth1 (s)\n');
    expect(text).toContain('\n✘ port s-eth1 of s is not\n  attached: could not open\n');
  });

  it('says so for an empty emulation', () => {
    expect(renderTopologyText(buildTopology({ namespaces: [ns(undefined, [])], bridges: [] }))).toBe('(no namespaces, links or bridges)\n');
  });
});

describe('dot and mermaid', () => {
  const graph = buildTopology(star(['H1', 'H2"']));
  graph.links[0]!.ends[1].up = false;

  it('dot: one box per node with a cell (port) per interface, one edge per link from cell to cell, a faulty link dashed, quotes escaped', () => {
    const dot = renderTopologyDot(graph);
    expect(dot).toMatch(/^graph topology \{/);
    expect(dot).toContain('"ns:H1":i0:e -- "br:s":i0:w [style=dashed];');
    // H2" on the other side of the switch: the link leaves the switch's right side.
    expect(dot).toContain('"br:s":i1:e -- "ns:H2\\"":i0:w;');
    expect(dot).toContain('<TD PORT="i0" BALIGN="LEFT">s-eth1 ✘ down</TD>');
    expect(dot).toContain('<B>H2&quot;</B><BR/>host');
    expect(dot).not.toMatch(/headlabel|taillabel/);
  });

  it('mermaid: flowchart LR, dashed -.- for a fault, quotes as entity codes', () => {
    const mermaid = renderTopologyMermaid(graph);
    expect(mermaid.split('\n')).toEqual([
      'flowchart LR',
      '  n0["H1<br/>host"]',
      '  n1["H2#34;<br/>host"]',
      '  n2("s<br/>switch (Open vSwitch)")',
      '  n0 -.-|"H1-eth0 10.0.0.1/24 — s-eth1 ✘ down"| n2',
      '  n1 ---|"H2#34;-eth0 10.0.0.2/24 — s-eth2"| n2',
      '',
    ]);
  });

  it('svg: names the Debian package when Graphviz is missing', async () => {
    const error = await renderTopologySvg(graph, '/nonexistent/dot').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toContain('apt-get install graphviz');
  });
});

/** A chain H1 – R1 – … – Rn – H2, as `nslab generate chain n` builds it. */
function chain(n: number): NetworkState {
  const names = ['H1', ...Array.from({ length: n }, (_, i) => `R${i + 1}`), 'H2'];
  const left = (k: number) => (k === 0 ? 'H1-eth0' : `R${k}-eth1`);
  const right = (k: number) => (k === n ? 'H2-eth0' : `R${k + 1}-eth0`);
  const interfaces = new Map<string, InterfaceState[]>(names.map((name) => [name, []]));
  for (let k = 0; k <= n; k++) {
    interfaces.get(names[k]!)!.push(veth(left(k), `${names[k + 1]}/${right(k)}`, { addresses: [`10.0.${k}.1/24`] }));
    interfaces.get(names[k + 1]!)!.push(veth(right(k), `${names[k]}/${left(k)}`, { addresses: [`10.0.${k}.2/24`] }));
  }
  return { namespaces: [ns(undefined, []), ...names.map((name) => ns(name, interfaces.get(name)!, { ipForward: name.startsWith('R') }))], bridges: [] };
}

describe('arrange: left to right as a person draws it', () => {
  const columns = (state: NetworkState) => {
    const graph = buildTopology(state);
    const { column } = arrange(graph);
    return Object.fromEntries(graph.nodes.map((n) => [n.name, column.get(n.id)]));
  };

  it('puts the router between its hosts, and a chain in its order', () => {
    expect(columns(routed())).toEqual({ H1: -1, H2: 1, R: 0 });
    const c = columns(chain(4));
    expect(['H1', 'R1', 'R2', 'R3', 'R4', 'H2'].map((n) => c[n])).toEqual([-2, -1, 0, 1, 2, 3]);
  });

  it('puts a ring between its poles, the two routers on its two ways in one column', () => {
    expect(columns(policyRing())).toEqual({ S: -1, R1: 0, R2: 0, C: 1 });
  });

  it('puts the hosts of a switch on both sides of it, and the first of two nodes on the left', () => {
    expect(columns(star(['H1', 'H2', 'H3']))).toEqual({ H1: -1, H2: 1, H3: -1, s: 0 });
    expect(columns(star(['H1']))).toEqual({ H1: 0, s: 1 });
  });
});

describe('the SVG picture (Graphviz dot)', () => {
  const cases: Array<[string, NetworkState]> = [
    ['the router between two hosts', routed()],
    ['a switch with three hosts', star(['H1', 'H2', 'H3'])],
    ['a chain of five routers', chain(5)],
    ['a ring of two hosts and two routers', policyRing()],
    ['a switch whose port is down and not attached', (() => {
      const state = star(['H1', 'H2'], { up: false });
      state.bridges[0]!.ports[0] = { name: 's-eth1', attached: false, problem: 'could not open network device s-eth1 (No such device)' };
      return state;
    })()],
  ];

  it.each(cases)('%s: no label on another label or on a box, every label inside its own box', async (_, state) => {
    const svg = await renderTopologySvg(buildTopology(state));
    expect(overlaps(svg)).toEqual([]);
    expect(svgBoxes(svg).texts.length).toBeGreaterThan(4);
  });

  it('draws H1, R and H2 from left to right, and the chain in its order', async () => {
    const x = async (state: NetworkState) => {
      const { nodes } = svgBoxes(await renderTopologySvg(buildTopology(state)));
      return (id: string) => (nodes.get(id)!.x1 + nodes.get(id)!.x2) / 2;
    };
    const routedX = await x(routed());
    expect(routedX('ns:H1')).toBeLessThan(routedX('ns:R'));
    expect(routedX('ns:R')).toBeLessThan(routedX('ns:H2'));
    const chainX = await x(chain(3));
    const order = ['ns:H1', 'ns:R1', 'ns:R2', 'ns:R3', 'ns:H2'].map(chainX);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});

describe('diffNetworkStates', () => {
  const before: NetworkState = { namespaces: [ns(undefined, [veth('a', 'H1/b', { up: true, addresses: ['10.0.0.1/24'] })]), ns('H1', [veth('b', '/a')])], bridges: [] };

  it('finds a move, with what moving did (down, addresses gone), and a new namespace as one line', () => {
    const after: NetworkState = {
      namespaces: [ns(undefined, []), ns('H1', [veth('b', 'R/a'), ]), ns('R', [veth('a', 'H1/b', { up: false })], { ipForward: true })],
      bridges: [],
    };
    after.namespaces[2]!.interfaces[0] = { ...lo, up: false, addresses: [] };
    expect(diffNetworkStates(before, after).map(formatChange)).toEqual([
      '+ namespace R',
      'R: + link a (moved from host)',
      'R: ~ link a down',
      'R: - address 10.0.0.1/24 on a',
      'R: ~ forwarding on (ip_forward 0 → 1)',
    ]);
  });

  it('lists removed links and namespaces, routes and bridge ports, and nothing for no change', () => {
    const withRoutes: NetworkState = {
      namespaces: [ns(undefined, []), ns('H1', [], { routes: [{ dst: 'default', gateway: '10.0.0.254', dev: 'b', type: 'unicast' }] })],
      bridges: [{ name: 'br0', type: 'linux', ports: [{ name: 'x', attached: true }] }],
    };
    expect(diffNetworkStates(before, before)).toEqual([]);
    expect(diffNetworkStates(before, withRoutes).map(formatChange)).toEqual([
      '+ bridge br0 (Linux bridge)',
      'host: - link a (veth)',
      'H1: - link b (veth)',
      'H1: + route default via 10.0.0.254 dev b',
      'br0: + port x',
    ]);
    expect(diffNetworkStates(withRoutes, { namespaces: [ns(undefined, [])], bridges: [] }).map(formatChange)).toEqual(['- namespace H1', '- bridge br0 (Linux bridge)']);
  });

  it('says when IPv6 forwarding is switched on or off, apart from IPv4 forwarding', () => {
    const off: NetworkState = { namespaces: [ns(undefined, []), ns('R', [])], bridges: [] };
    const on: NetworkState = { namespaces: [ns(undefined, []), ns('R', [], { ipv6Forward: true })], bridges: [] };
    expect(diffNetworkStates(off, on).map(formatChange)).toEqual(['R: ~ IPv6 forwarding on (all.forwarding 0 → 1)']);
    expect(diffNetworkStates(on, off).map(formatChange)).toEqual(['R: ~ IPv6 forwarding off (all.forwarding 1 → 0)']);
  });
});
