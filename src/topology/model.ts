/**
 * The topology graph: what `nslab topo` draws. Nodes are namespaces (hosts and routers),
 * bridges (switches) and, when it holds something of the emulation, the root namespace; links
 * are veth pairs and bridge ports. Built from a NetworkState by buildTopology; every renderer
 * (text, dot, mermaid, svg, json) reads only this.
 */

/**
 * What a node is: `router` when its namespace forwards IPv4 (net.ipv4.ip_forward = 1) or IPv6
 * (net.ipv6.conf.all.forwarding = 1), `host` otherwise; `switch` for a bridge; `root` for the
 * root namespace.
 */
export type NodeRole = 'host' | 'router' | 'switch' | 'root';

/** One box of the picture. */
export interface TopoNode {
  /** Unique: `ns:NAME`, `root`, `br:NAME` (Open vSwitch or root Linux bridge), `br:NAME@NS`. */
  id: string;
  /** What the picture shows: the namespace's or bridge's name, `host` for the root namespace. */
  name: string;
  role: NodeRole;
  /** For a switch: Linux bridge or Open vSwitch. */
  bridgeType?: 'linux' | 'openvswitch';
  /** For a Linux bridge in a named namespace: that namespace. */
  namespace?: string;
  /** Default routes as `via GATEWAY dev IF` (or `dev IF` without a gateway), in table order. */
  defaultRoutes: string[];
  /**
   * For a router that forwards one family only while its interfaces carry addresses of both:
   * that family (the box says `router (IPv4 only)`, so a dual-stack picture does not promise
   * what the router drops).
   */
  forwardsOnly?: 'IPv4' | 'IPv6';
}

/** One end of a link: an interface of a node. */
export interface LinkEnd {
  /** The node's id. */
  node: string;
  ifname: string;
  /** `address/prefixlen`, IPv4 first as ip lists them. */
  addresses: string[];
  /** Administratively up. */
  up: boolean;
  /** A veth end still in the root namespace, not attached to any bridge there (never moved). */
  notMoved: boolean;
}

/** A cable: a veth pair, or a bridge port whose interface is in another namespace (an OVS internal port). */
export interface TopoLink {
  kind: 'veth' | 'port';
  ends: [LinkEnd, LinkEnd];
}

/** Something visibly wrong in the picture. */
export type TopoFault =
  /** The interface is administratively down (`ip link set IF up` was never run). */
  | { kind: 'down'; node: string; ifname: string; message: string }
  /** The veth end is still in the root namespace: `ip link set IF netns NS` was never run. */
  | { kind: 'not-moved'; ifname: string; peer?: { node: string; ifname: string }; message: string }
  /** A port of the bridge that forwards nothing (Open vSwitch: no ofport, or an error). */
  | { kind: 'not-attached'; node: string; port: string; message: string };

/** The graph itself (`--format json` prints it as is). */
export interface TopologyGraph {
  /** Namespaces by name, then the root namespace, then bridges by name. */
  nodes: TopoNode[];
  links: TopoLink[];
  faults: TopoFault[];
}

/** A link is drawn dashed when either end is down or was never moved. */
export function isFaulty(link: TopoLink): boolean {
  return link.ends.some((e) => !e.up || e.notMoved);
}

/** The marks after an interface's name, in words: `✘ down`, `✘ not moved`. */
export function endMarks(end: LinkEnd): string[] {
  return [...(end.up ? [] : ['✘ down']), ...(end.notMoved ? ['✘ not moved'] : [])];
}

/**
 * The role as a picture shows it: `host`, `router`, `router (IPv6 only)`,
 * `switch (Open vSwitch)`, `root namespace`.
 */
export function roleLabel(node: TopoNode): string {
  if (node.role === 'root') return 'root namespace';
  if (node.role === 'router' && node.forwardsOnly !== undefined) return `router (${node.forwardsOnly} only)`;
  if (node.role !== 'switch') return node.role;
  const type = node.bridgeType === 'openvswitch' ? 'Open vSwitch' : 'Linux bridge';
  return `switch (${type}${node.namespace !== undefined ? ` in ${node.namespace}` : ''})`;
}

/**
 * A node's default routes as its box shows them: `gw 10.0.1.1` for a route through a gateway,
 * `default dev IF` for one without.
 */
export function gatewayLabels(node: TopoNode): string[] {
  return node.defaultRoutes.map((r) => {
    const via = /^via (\S+)/.exec(r);
    return via ? `gw ${via[1]}` : `default ${r}`;
  });
}
