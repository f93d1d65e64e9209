/**
 * What an egress interface leads to at layer 2: across a veth pair to its peer, from a peer
 * that is a Linux bridge port to the bridge and the peers of its other ports (ip-link(8)
 * `master`), and from a peer that is an Open vSwitch port (in the root namespace, where
 * vswitchd runs) to the peers of the bridge's other ports.
 */
import type { LinkInfo } from '../state/types.js';
import type { OvsBridge, OvsPort } from '../state/read-ovs.js';
import type { Located, Snapshot } from './snapshot.js';
import type { Finding, Ns } from './types.js';

/** The bridge a segment crosses. */
export interface SegmentBridge {
  ns: Ns;
  name: string;
  ovs: boolean;
  /** An Open vSwitch bridge on the userspace datapath (`datapath_type=netdev`). */
  netdev: boolean;
}

/** The far side of a link. */
export interface Segment {
  /** Interfaces a frame sent on the link reaches: the veth peer, a bridge and its ports' peers. */
  endpoints: Located[];
  /** Bridge ports that are down (frames do not reach past them). */
  downPorts: Located[];
  /** Veth pairs crossed, each as [sending end, receiving end] (for their MTUs). */
  pairs: Array<[Located, Located]>;
  /** Open vSwitch ports of the bridge crossed that are not attached (ofport -1, an error). */
  unattached: OvsPort[];
  /** The bridge crossed, if any. */
  bridge?: SegmentBridge;
  /** The first problem on the way, when the link leads nowhere usable. */
  problem?: Finding;
}

const EMPTY = (): Segment => ({ endpoints: [], downPorts: [], pairs: [], unattached: [] });
const broken = (problem: Finding): Segment => ({ ...EMPTY(), problem });

/**
 * The namespace a veth end was meant for, from the common `NS-ethN` naming (`R-eth1` → R),
 * when such a namespace exists.
 */
export function intendedNamespace(ifname: string, namespaces: readonly string[]): string | undefined {
  const prefix = ifname.split('-')[0];
  return prefix !== undefined && prefix !== ifname && namespaces.includes(prefix) ? prefix : undefined;
}

/** A far end whose name says it belongs in another namespace (`R-eth1` outside R). */
function misnamed(snap: Snapshot, ns: Ns, link: LinkInfo, peer: Located): Finding | undefined {
  const expected = intendedNamespace(peer.link.name, snap.namespaces);
  if (expected === undefined || expected === peer.ns) return undefined;
  return { cause: 'peer-misplaced', near: { ns, ifname: link.name }, peer: { ns: peer.ns, ifname: peer.link.name }, expected };
}

/** An end with neither address nor bridge: a port left out of its bridge, or an end never moved. */
function bare(end: Located): boolean {
  // An end that is up has an IPv6 link-local address of its own (fe80::/64): that does not count.
  const addressed = end.link.addresses.some((a) => a.scope !== 'link');
  return end.link.kind === 'veth' && !addressed && end.link.master === undefined;
}

function misplaced(snap: Snapshot, ns: Ns, link: LinkInfo, peer: Located): Finding | undefined {
  const expected = intendedNamespace(peer.link.name, snap.namespaces);
  // A bare end in the root namespace of a pair whose other end was moved: the classic "moved
  // one end only" (Open vSwitch ports and bridges were ruled out before).
  if (peer.ns === undefined && ns !== undefined && expected === undefined && bare(peer)) {
    return { cause: 'peer-misplaced', near: { ns, ifname: link.name }, peer: { ns: peer.ns, ifname: peer.link.name } };
  }
  return undefined;
}

/**
 * A bare end next to a bridge that should hold it: a Linux bridge in its namespace, or an Open
 * vSwitch bridge named like it (`s-eth2` → bridge `s`) or the only one there is.
 */
export async function detachedFrom(snap: Snapshot, end: Located): Promise<{ bridge: string; ovs: boolean } | undefined> {
  if (!bare(end)) return undefined;
  const linux = snap.links(end.ns).find((l) => l.kind === 'bridge');
  if (linux) return { bridge: linux.name, ovs: false };
  if (end.ns !== undefined) return undefined;
  const { bridges } = await snap.ovs();
  const named = bridges.find((b) => end.link.name.startsWith(`${b.name}-`)) ?? (bridges.length === 1 ? bridges[0] : undefined);
  return named ? { bridge: named.name, ovs: true } : undefined;
}

async function bridgeSegment(snap: Snapshot, bridgeNs: Ns, bridge: LinkInfo, entry: string | undefined): Promise<Segment> {
  if (!bridge.up) return broken({ cause: 'link-down', port: { ns: bridgeNs, ifname: bridge.name }, end: 'far' });
  const segment: Segment = { ...EMPTY(), endpoints: [{ ns: bridgeNs, link: bridge }], bridge: { ns: bridgeNs, name: bridge.name, ovs: false, netdev: false } };
  for (const port of snap.links(bridgeNs).filter((l) => l.master === bridge.name && l.name !== entry)) {
    const far = await snap.peer(bridgeNs, port);
    if (!port.up) segment.downPorts.push({ ns: bridgeNs, link: port });
    else if (far !== undefined && far !== 'outside') {
      segment.endpoints.push(far);
      segment.pairs.push([{ ns: bridgeNs, link: port }, far]);
    }
  }
  return segment;
}

const notAttached = (p: OvsPort): boolean => p.error !== undefined || (p.ofport !== undefined && p.ofport <= 0);

async function ovsSegment(snap: Snapshot, bridge: OvsBridge, entry: Located): Promise<Segment> {
  const device = snap.links(undefined).find((l) => l.name === bridge.name);
  if (!device) {
    return broken({ cause: 'ovs-no-datapath', bridge: bridge.name, datapathType: bridge.datapathType, available: (await snap.ovs()).datapathTypes });
  }
  const own = bridge.ports.find((p) => p.name === entry.link.name);
  if (own && notAttached(own)) return broken({ cause: 'ovs-port-unattached', bridge: bridge.name, port: own.name, ...(own.error && { error: own.error }) });
  const segment: Segment = { ...EMPTY(), bridge: { ns: undefined, name: bridge.name, ovs: true, netdev: bridge.datapathType === 'netdev' } };
  for (const port of bridge.ports) {
    if (port.name === entry.link.name) continue;
    if (port.type === 'internal') {
      if (device.addresses.length > 0) segment.endpoints.push({ ns: undefined, link: device });
      continue;
    }
    const link = snap.links(undefined).find((l) => l.name === port.name);
    if (notAttached(port) || !link) {
      segment.unattached.push(port);
      continue;
    }
    const far = await snap.peer(undefined, link);
    if (!link.up) segment.downPorts.push({ ns: undefined, link });
    else if (far !== undefined && far !== 'outside') {
      segment.endpoints.push(far);
      segment.pairs.push([{ ns: undefined, link }, far]);
    }
  }
  return segment;
}

/**
 * Follows an egress link to the interfaces its frames reach.
 * @param snap the snapshot.
 * @param ns namespace of the link.
 * @param link the egress link (already known to be up).
 * @returns endpoints, down bridge ports, veth pairs crossed, or a problem: `cannot-follow` (not
 *   a veth or bridge — a tun/tap or tunnel device, named in `device` — or a peer outside the emulation), `peer-misplaced` (cause 4), `link-down`
 *   of the far end or of the bridge (causes 3 and 10), `port-detached` (10), `ovs-no-datapath`
 *   (14), `ovs-port-unattached` (15).
 */
export async function followLink(snap: Snapshot, ns: Ns, link: LinkInfo): Promise<Segment> {
  if (link.kind === 'bridge') return bridgeSegment(snap, ns, link, undefined);
  // A tun/tap device hands the packet to a program, a tunnel (vxlan, wireguard, gre, ...) to
  // another host: what happens there is not in the emulation's state.
  if (link.kind !== undefined && link.kind !== 'veth') {
    const device = link.tunType ?? link.kind;
    return broken({ cause: 'cannot-follow', port: { ns, ifname: link.name }, kind: `a ${device} device`, device });
  }
  const peer = await snap.peer(ns, link);
  if (peer === undefined || peer === 'outside') {
    const kind = peer === 'outside' ? 'a veth whose peer is outside the named namespaces' : `a ${link.kind ?? 'plain'} device`;
    return broken({ cause: 'cannot-follow', port: { ns, ifname: link.name }, kind });
  }
  const near: Located = { ns, link };
  // Order matters when several hold: a name that says where the end belongs is the strongest
  // evidence; then a far end that is down, a plain fact; then Open vSwitch's word on the end;
  // last the guesses from a bare end (left out of a bridge, or never moved).
  const wrongName = misnamed(snap, ns, link, peer);
  if (wrongName) return broken(wrongName);
  if (!peer.link.up) return broken({ cause: 'link-down', port: { ns: peer.ns, ifname: peer.link.name }, end: 'far', other: { ns, ifname: link.name } });
  if (peer.ns === undefined && bare(peer)) {
    const ovs = (await snap.ovs()).bridges.find((b) => b.ports.some((p) => p.name === peer.link.name));
    if (ovs) {
      const segment = await ovsSegment(snap, ovs, peer);
      segment.pairs.unshift([near, peer]);
      return segment;
    }
  }
  const detached = await detachedFrom(snap, peer);
  if (detached) return broken({ cause: 'port-detached', port: { ns: peer.ns, ifname: peer.link.name }, ...detached, other: { ns, ifname: link.name } });
  const wrongPlace = misplaced(snap, ns, link, peer);
  if (wrongPlace) return broken(wrongPlace);
  const bridge = peer.link.master === undefined ? undefined : snap.links(peer.ns).find((l) => l.name === peer.link.master);
  if (bridge?.kind === 'bridge') {
    const segment = await bridgeSegment(snap, peer.ns, bridge, peer.link.name);
    segment.pairs.unshift([near, peer]);
    return segment;
  }
  return { ...EMPTY(), endpoints: [peer], pairs: [[near, peer]] };
}
