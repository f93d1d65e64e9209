/**
 * From the state of the emulation to the graph `nslab topo` draws: who is connected to whom,
 * through which interfaces, and what is visibly wrong (an interface down, a veth end never
 * moved out of the root namespace, a bridge port that is not attached).
 */
import { formatRoute } from '../state/read-routes.js';
import type { LinkEnd, TopoFault, TopoLink, TopologyGraph, TopoNode } from './model.js';
import { namespaceLabel, readNetworkState, type StateSource, type BridgeInfo, type InterfaceState, type NamespaceState, type NetworkState } from './network-state.js';

const ROOT_ID = 'root';

function nsId(ns: string | undefined): string {
  return ns === undefined ? ROOT_ID : `ns:${ns}`;
}

function bridgeId(bridge: BridgeInfo): string {
  return bridge.namespace === undefined ? `br:${bridge.name}` : `br:${bridge.name}@${bridge.namespace}`;
}

/** `ns\0ifname`: NUL cannot occur in names. */
function key(ns: string | undefined, ifname: string): string {
  return `${ns ?? ''}\0${ifname}`;
}

/** The one family a namespace forwards while it has addresses of both; undefined otherwise. */
function forwardsOnly(ns: NamespaceState): 'IPv4' | 'IPv6' | undefined {
  if (ns.ipForward === ns.ipv6Forward) return undefined;
  const addresses = ns.interfaces.filter((i) => i.name !== 'lo').flatMap((i) => i.addresses);
  const dualStack = addresses.some((a) => a.includes(':')) && addresses.some((a) => !a.includes(':'));
  return dualStack ? (ns.ipForward ? 'IPv4' : 'IPv6') : undefined;
}

/**
 * Builds the graph.
 * @param state one read of the emulation (readNetworkState).
 * @returns nodes, links and faults in a deterministic order (names, not ifindexes).
 */
export function buildTopology(state: NetworkState): TopologyGraph {
  const nsByName = new Map<string | undefined, NamespaceState>(state.namespaces.map((n) => [n.name, n]));
  const ifaceAt = (ns: string | undefined, ifname: string) => nsByName.get(ns)?.interfaces.find((i) => i.name === ifname);
  const nodeName = new Map<string, string>();
  const faults: TopoFault[] = [];
  const links: TopoLink[] = [];

  // Which bridge owns an interface: a Linux bridge's ports are in its namespace; an Open
  // vSwitch port is a kernel interface in the root namespace (where vswitchd runs), or an
  // internal port moved into a namespace, which is then a cable of its own.
  const owner = new Map<string, string>();
  const movedPorts: Array<{ bridge: string; port: string; ns: string }> = [];
  const bridgeNodes: TopoNode[] = state.bridges.map((b) => {
    const id = bridgeId(b);
    nodeName.set(id, b.name);
    for (const port of b.ports) {
      if (!port.attached) {
        faults.push({ kind: 'not-attached', node: b.name, port: port.name, message: `port ${port.name} of ${b.name} is not attached${port.problem ? `: ${port.problem}` : ''}` });
      }
      if (b.type === 'linux' || ifaceAt(undefined, port.name)) owner.set(key(b.namespace, port.name), id);
      else {
        const home = state.namespaces.find((n) => n.name !== undefined && n.interfaces.some((i) => i.name === port.name));
        if (home?.name !== undefined) movedPorts.push({ bridge: id, port: port.name, ns: home.name });
      }
    }
    return { id, name: b.name, role: 'switch', bridgeType: b.type, ...(b.namespace !== undefined && { namespace: b.namespace }), defaultRoutes: [] };
  });
  for (const ns of state.namespaces) nodeName.set(nsId(ns.name), namespaceLabel(ns));

  const endOf = (ns: string | undefined, iface: InterfaceState): LinkEnd => {
    const node = owner.get(key(ns, iface.name)) ?? nsId(ns);
    const notMoved = node === ROOT_ID && iface.kind === 'veth';
    if (!iface.up) faults.push({ kind: 'down', node: nodeName.get(node)!, ifname: iface.name, message: `${iface.name} (${nodeName.get(node)}) is down` });
    return { node, ifname: iface.name, addresses: iface.addresses, up: iface.up, notMoved };
  };

  const seen = new Set<string>();
  for (const ns of state.namespaces) {
    for (const iface of ns.interfaces) {
      if (iface.kind !== 'veth' || iface.peer === undefined || iface.peer === 'outside' || seen.has(key(ns.name, iface.name))) continue;
      const peer = ifaceAt(iface.peer.namespace, iface.peer.ifname);
      if (!peer) continue;
      seen.add(key(ns.name, iface.name)).add(key(iface.peer.namespace, peer.name));
      links.push({ kind: 'veth', ends: [endOf(ns.name, iface), endOf(iface.peer.namespace, peer)] });
    }
  }
  for (const { bridge, port, ns } of movedPorts) {
    const iface = ifaceAt(ns, port)!;
    const bridgeEnd: LinkEnd = { node: bridge, ifname: port, addresses: [], up: true, notMoved: false };
    links.push({ kind: 'port', ends: [bridgeEnd, endOf(ns, iface)] });
  }
  for (const link of links) {
    for (const [i, end] of link.ends.entries()) {
      if (!end.notMoved) continue;
      const other = link.ends[1 - i]!;
      const peer = { node: nodeName.get(other.node)!, ifname: other.ifname };
      faults.push({ kind: 'not-moved', ifname: end.ifname, peer, message: `${end.ifname} is still in the root namespace (its peer ${peer.ifname} is in ${peer.node})` });
    }
  }

  const used = new Set(links.flatMap((l) => l.ends.map((e) => e.node)));
  const nsNodes: TopoNode[] = state.namespaces
    .filter((ns) => ns.name !== undefined || used.has(ROOT_ID))
    .map((ns) => {
      const only = forwardsOnly(ns);
      return {
        id: nsId(ns.name),
        name: namespaceLabel(ns),
        role: ns.name === undefined ? 'root' : ns.ipForward || ns.ipv6Forward ? 'router' : 'host',
        defaultRoutes: ns.routes.filter((r) => r.dst === 'default').map((r) => formatRoute(r).replace(/^default /, '')),
        ...(ns.name !== undefined && only !== undefined && { forwardsOnly: only }),
      };
    });
  const named = nsNodes.filter((n) => n.role !== 'root').sort((a, b) => a.name.localeCompare(b.name));
  const nodes = [...named, ...nsNodes.filter((n) => n.role === 'root'), ...bridgeNodes];
  const order = new Map(nodes.map((n, i) => [n.id, i]));
  const rank = (e: LinkEnd) => `${String(order.get(e.node)).padStart(6, '0')}\0${e.ifname}`;
  for (const link of links) link.ends.sort((a, b) => rank(a).localeCompare(rank(b)));
  links.sort((a, b) => rank(a.ends[0]).localeCompare(rank(b.ends[0])));
  return { nodes, links, faults: faults.sort((a, b) => a.message.localeCompare(b.message)) };
}

/**
 * Reads the live state and builds its graph: what `nslab topo` and the `t` choice at a guided
 * pause draw.
 * @param source where the emulation is: a Sandbox (private or host), or its Exec.
 * @throws EnvironmentError when the root namespace cannot be read.
 */
export async function readTopology(source: StateSource): Promise<TopologyGraph> {
  return buildTopology(await readNetworkState(source));
}

