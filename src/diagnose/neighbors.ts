/**
 * What a namespace's links connect it to, for explaining a missing route or next hop: the
 * addresses at the far ends, whether both ends agree on the subnet, and which of them could be
 * the gateway a fix should name.
 */
import type { AddressInfo, LinkInfo } from '../state/types.js';
import { cidrOf, globalV4, inSubnet, subnetOf } from './ipv4.js';
import { detachedFrom, followLink, type SegmentBridge } from './segment.js';
import type { Located, Snapshot } from './snapshot.js';
import type { FindingOf, GatewayGuess, Ns } from './types.js';

/** True when the namespace has the IPv4 address on any interface (Linux answers for it on all: arp_ignore=0). */
export function owns(snap: Snapshot, ns: Ns, address: string): boolean {
  return snap.links(ns).some((l) => l.addresses.some((a) => a.family === 'inet' && a.address === address));
}

/** The IPv4 subnets a namespace is directly on (`10.0.1.0/24`), loopback left out. */
export function subnetsOf(snap: Snapshot, ns: Ns): string[] {
  return snap.links(ns).flatMap((l) => globalV4(l.addresses).map((a) => subnetOf(a.address, a.prefixlen)));
}

function agree(a: AddressInfo, b: AddressInfo): boolean {
  return a.prefixlen === b.prefixlen && inSubnet(b.address, a.address, a.prefixlen);
}

/** The near address moved into the far end's subnet, keeping its host part: 10.0.3.2/24 vs 10.0.1.1/24 → 10.0.1.2/24. */
function suggest(near: AddressInfo, far: AddressInfo): string {
  const host = near.address.split('.').map(Number);
  const net = subnetOf(far.address, far.prefixlen).split('/')[0]!.split('.').map(Number);
  const bits = far.prefixlen;
  const merged = net.map((octet, i) => {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    const m = keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    return (octet & m) | (host[i]! & ~m & 0xff);
  });
  return `${merged.join('.')}/${far.prefixlen}`;
}

/**
 * The first link of ns (or only `only`) whose two ends have IPv4 addresses but none that agree
 * on subnet and prefix length (cause 5).
 * @returns the finding, naming both ends and an address for the near end in the far subnet.
 */
export async function addressMismatch(snap: Snapshot, ns: Ns, only?: LinkInfo): Promise<FindingOf<'address-mismatch'> | undefined> {
  for (const link of only ? [only] : snap.links(ns)) {
    const near = globalV4(link.addresses);
    if (near.length === 0 || link.kind === undefined) continue;
    const segment = await followLink(snap, ns, link);
    const far = segment.endpoints.filter((e) => e.ns !== ns).flatMap((e) => globalV4(e.link.addresses).map((a) => ({ e, a })));
    if (far.length === 0 || near.some((a) => far.some((f) => agree(a, f.a)))) continue;
    const n = near[0]!;
    const f = far[0]!;
    return {
      cause: 'address-mismatch',
      near: { ns, ifname: link.name },
      nearCidr: cidrOf(n),
      far: { ns: f.e.ns, ifname: f.e.link.name },
      farCidr: cidrOf(f.a),
      suggested: suggest(n, f.a),
    };
  }
  return undefined;
}

/**
 * A gateway to name in a fix: an address at the far end of one of ns's up links, on the same
 * subnet, preferring a namespace that looks like a router (IPv4 addresses on two or more links).
 */
export async function gatewayGuess(snap: Snapshot, ns: Ns): Promise<GatewayGuess | undefined> {
  let best: { guess: GatewayGuess; score: number } | undefined;
  for (const link of snap.links(ns)) {
    if (!link.up || link.kind === undefined) continue;
    const near = globalV4(link.addresses);
    for (const end of (await followLink(snap, ns, link)).endpoints) {
      if (end.ns === ns) continue;
      const address = globalV4(end.link.addresses).find((f) => near.some((a) => agree(a, f)));
      if (!address) continue;
      const score = snap.links(end.ns).filter((l) => globalV4(l.addresses).length > 0).length;
      if (!best || score > best.score) best = { guess: { address: address.address, dev: link.name }, score };
    }
  }
  return best?.guess;
}

/**
 * Cause 10 seen from the bridge: the interface that has the next hop is a veth whose other
 * end sits bare beside the bridge the packet crossed, never made one of its ports.
 * @param owner the interface holding the next hop's address.
 * @param bridge the bridge the walk crossed.
 */
export async function detachedPort(snap: Snapshot, owner: Located, bridge: SegmentBridge): Promise<FindingOf<'port-detached'> | undefined> {
  const peer = await snap.peer(owner.ns, owner.link);
  if (peer === undefined || peer === 'outside' || peer.ns !== bridge.ns) return undefined;
  const detached = await detachedFrom(snap, peer);
  if (detached?.bridge !== bridge.name) return undefined;
  return { cause: 'port-detached', port: { ns: peer.ns, ifname: peer.link.name }, ...detached, other: { ns: owner.ns, ifname: owner.link.name } };
}
