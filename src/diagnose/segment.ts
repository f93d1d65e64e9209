/**
 * What an egress interface leads to at layer 2: across a veth pair to its peer, and from a
 * peer that is a Linux bridge port to the bridge and the peers of its other ports
 * (ip-link(8) `master`). Open vSwitch ports are not followed yet.
 */
import type { LinkInfo } from '../state/types.js';
import type { Located, Snapshot } from './snapshot.js';
import type { Finding, Ns } from './types.js';

/** The far side of a link. */
export interface Segment {
  /** Interfaces a frame sent on the link reaches: the veth peer, a bridge and its ports' peers. */
  endpoints: Located[];
  /** Bridge ports that are down (frames do not reach past them). */
  downPorts: Located[];
  /** The first problem on the way, when the link leads nowhere usable. */
  problem?: Finding;
}

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

function misplaced(snap: Snapshot, ns: Ns, link: LinkInfo, peer: Located): Finding | undefined {
  const expected = intendedNamespace(peer.link.name, snap.namespaces);
  const near = { ns, ifname: link.name };
  const far = { ns: peer.ns, ifname: peer.link.name };
  // A bare end in the root namespace (no address, no bridge) of a pair whose other end was
  // moved: the classic "moved one end only". Ports of an OVS netdev bridge look the same,
  // so this is only said when the name does not tell otherwise.
  if (peer.ns === undefined && ns !== undefined && expected === undefined && peer.link.addresses.length === 0 && !peer.link.master) {
    return { cause: 'peer-misplaced', near, peer: far };
  }
  return undefined;
}

async function bridgeSegment(snap: Snapshot, bridgeNs: Ns, bridge: LinkInfo, entry: string | undefined): Promise<Segment> {
  if (!bridge.up) return { endpoints: [], downPorts: [], problem: { cause: 'link-down', port: { ns: bridgeNs, ifname: bridge.name }, end: 'far' } };
  const segment: Segment = { endpoints: [{ ns: bridgeNs, link: bridge }], downPorts: [] };
  for (const port of snap.links(bridgeNs).filter((l) => l.master === bridge.name && l.name !== entry)) {
    const far = await snap.peer(bridgeNs, port);
    if (!port.up) segment.downPorts.push({ ns: bridgeNs, link: port });
    else if (far !== undefined && far !== 'outside') segment.endpoints.push(far);
  }
  return segment;
}

/**
 * Follows an egress link to the interfaces its frames reach.
 * @param snap the snapshot.
 * @param ns namespace of the link.
 * @param link the egress link (already known to be up).
 * @returns endpoints, down bridge ports, or a problem: `cannot-follow` (not a veth or bridge,
 *   or a peer outside the emulation), `peer-misplaced` (cause 4), `link-down` of the far end
 *   or of the bridge (causes 3 and 10).
 */
export async function followLink(snap: Snapshot, ns: Ns, link: LinkInfo): Promise<Segment> {
  const empty = { endpoints: [], downPorts: [] };
  if (link.kind === 'bridge') return bridgeSegment(snap, ns, link, undefined);
  const peer = await snap.peer(ns, link);
  if (peer === undefined || peer === 'outside') {
    const kind = peer === 'outside' ? 'a veth whose peer is outside the named namespaces' : `a ${link.kind ?? 'plain'} device`;
    return { ...empty, problem: { cause: 'cannot-follow', port: { ns, ifname: link.name }, kind } };
  }
  // Order matters when several hold: a name that says where the end belongs is the strongest
  // evidence; then a far end that is down, a plain fact; last the guess that a bare end in the
  // root namespace was never moved (an Open vSwitch port left down looks just like one).
  const wrongName = misnamed(snap, ns, link, peer);
  if (wrongName) return { ...empty, problem: wrongName };
  if (!peer.link.up) {
    return { ...empty, problem: { cause: 'link-down', port: { ns: peer.ns, ifname: peer.link.name }, end: 'far', other: { ns, ifname: link.name } } };
  }
  const wrongPlace = misplaced(snap, ns, link, peer);
  if (wrongPlace) return { ...empty, problem: wrongPlace };
  const bridge = peer.link.master === undefined ? undefined : snap.links(peer.ns).find((l) => l.name === peer.link.master);
  if (bridge?.kind === 'bridge') return bridgeSegment(snap, peer.ns, bridge, peer.link.name);
  return { endpoints: [peer], downPorts: [] };
}
