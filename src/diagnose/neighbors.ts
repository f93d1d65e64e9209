/**
 * What a namespace's links connect it to, for explaining a missing route or next hop: the
 * addresses at the far ends, whether both ends agree on the subnet, and which of them could be
 * the gateway a fix should name.
 */
import type { AddressInfo, LinkInfo } from '../state/types.js';
import { cidrOf, familyOf, globalAddresses, inSubnet, moveIntoSubnet, subnetOf, type Family } from './ip-address.js';
import { detachedFrom, followLink, type SegmentBridge } from './segment.js';
import type { Located, Snapshot } from './snapshot.js';
import type { FindingOf, GatewayGuess, Ns, Port } from './types.js';

/**
 * True when the namespace has the address on any interface: it delivers a packet to it
 * whichever interface it came in on. An IPv6 address that has not passed duplicate address
 * detection does not count: the kernel neither takes packets for it nor answers for it.
 */
export function owns(snap: Snapshot, ns: Ns, address: string): boolean {
  return snap.links(ns).some((l) => l.addresses.some((a) => a.address === address && a.dad === undefined));
}

/**
 * True when the interface answers for the address on its link: for IPv4 any address of its
 * namespace (Linux answers ARP for it on all: arp_ignore=0), for IPv6 only an address of the
 * interface itself (ndisc_recv_ns looks the target up on the receiving device).
 */
export function answersFor(snap: Snapshot, end: Located, address: string): boolean {
  return familyOf(address) === 6 ? end.link.addresses.some((a) => a.address === address && a.dad === undefined) : owns(snap, end.ns, address);
}

/**
 * True when the interface answers for `address` as its link's subnet-router anycast address
 * (RFC 4291 2.6.1: the prefix with an all-zero interface identifier, which every router on the
 * link answers for): the interface forwards IPv6 (its own conf/IF/forwarding, which setting
 * conf/all/forwarding sets too) and `address` is the prefix of one of its addresses that has
 * passed DAD, of length below 127 (addrconf_join_anycast; the kernel also adds it to table local).
 */
export async function answersAsRouter(snap: Snapshot, end: Located, address: string): Promise<boolean> {
  if (familyOf(address) !== 6 || address === '::') return false;
  const prefixes = globalAddresses(end.link.addresses, 6).filter((a) => a.dad === undefined && a.prefixlen < 127 && subnetOf(a.address, a.prefixlen) === `${address}/${a.prefixlen}`);
  if (prefixes.length === 0) return false;
  return (await snap.sysctls(end.ns)).ipv6Forwarding[end.link.name] === 1;
}

/** True when the namespace takes a packet for `address` as a router's subnet-router anycast address on one of its interfaces ({@link answersAsRouter}). */
export async function ownsAsRouter(snap: Snapshot, ns: Ns, address: string): Promise<boolean> {
  if (familyOf(address) !== 6) return false;
  for (const link of snap.links(ns)) if (await answersAsRouter(snap, { ns, link }, address)) return true;
  return false;
}

/**
 * Whether an interface's copy of an IPv6 address has not passed duplicate address detection
 * (a tentative or duplicate address neither receives packets nor answers for itself).
 * @param links the interfaces to look at (a namespace's, or the far ends of a link).
 * @returns the interface and the state, or undefined when no copy there is held up.
 */
export function dadProblem(links: readonly Located[], address: string): { port: Port; dad: 'tentative' | 'failed'; prefixlen: number } | undefined {
  for (const { ns, link } of links) {
    const a = link.addresses.find((x) => x.address === address);
    if (a?.dad) return { port: { ns, ifname: link.name }, dad: a.dad, prefixlen: a.prefixlen };
  }
  return undefined;
}

/** The subnets of a family a namespace is directly on (`10.0.1.0/24`, `fd00:1::/64`), loopback and link-local left out. */
export function subnetsOf(snap: Snapshot, ns: Ns, family: Family = 4): string[] {
  return snap.links(ns).flatMap((l) => globalAddresses(l.addresses, family).map((a) => subnetOf(a.address, a.prefixlen)));
}

function agree(a: AddressInfo, b: AddressInfo): boolean {
  return a.prefixlen === b.prefixlen && inSubnet(b.address, a.address, a.prefixlen);
}

/**
 * The first link of ns (or only `only`) whose two ends have addresses of the family but none
 * that agree on subnet and prefix length (cause 5).
 * @returns the finding, naming both ends and an address for the near end in the far subnet
 *   (its host part kept: 10.0.3.2/24 vs 10.0.1.1/24 → 10.0.1.2/24).
 */
export async function addressMismatch(snap: Snapshot, ns: Ns, only?: LinkInfo, family: Family = 4): Promise<FindingOf<'address-mismatch'> | undefined> {
  for (const link of only ? [only] : snap.links(ns)) {
    const near = globalAddresses(link.addresses, family);
    if (near.length === 0 || link.kind === undefined) continue;
    const segment = await followLink(snap, ns, link);
    const far = segment.endpoints.filter((e) => e.ns !== ns).flatMap((e) => globalAddresses(e.link.addresses, family).map((a) => ({ e, a })));
    if (far.length === 0 || near.some((a) => far.some((f) => agree(a, f.a)))) continue;
    const n = near[0]!;
    const f = far[0]!;
    return {
      cause: 'address-mismatch',
      near: { ns, ifname: link.name },
      nearCidr: cidrOf(n),
      far: { ns: f.e.ns, ifname: f.e.link.name },
      farCidr: cidrOf(f.a),
      suggested: moveIntoSubnet(n.address, f.a.address, f.a.prefixlen),
    };
  }
  return undefined;
}

/**
 * The same mismatch blamed on the far end when its address is the one the packet asks for with
 * a mistyped prefix: R asks for fd00:2::2 on its fd00:2::1/64 link, where H2 has fd00:20::2/64
 * (the tester's b-ulatypo) — the far end moves into the near end's subnet, to that address.
 * @param nextHop the address the near end asks for on the link.
 * @returns the finding with its ends swapped, or undefined when the far end's host part is not the next hop's.
 */
export function typoAcross(mismatch: FindingOf<'address-mismatch'>, nextHop: string): FindingOf<'address-mismatch'> | undefined {
  const [near = '', len] = mismatch.nearCidr.split('/');
  const suggested = moveIntoSubnet(mismatch.farCidr.split('/')[0]!, near, Number(len));
  if (suggested !== `${nextHop}/${len}`) return undefined;
  return { cause: 'address-mismatch', near: mismatch.far, nearCidr: mismatch.farCidr, far: mismatch.near, farCidr: mismatch.nearCidr, suggested };
}

/**
 * A gateway to name in a fix: an address of the family at the far end of one of ns's up links,
 * on the same subnet, preferring a namespace that looks like a router (addresses on two or more links).
 */
export async function gatewayGuess(snap: Snapshot, ns: Ns, family: Family = 4): Promise<GatewayGuess | undefined> {
  let best: { guess: GatewayGuess; score: number } | undefined;
  for (const link of snap.links(ns)) {
    if (!link.up || link.kind === undefined) continue;
    const near = globalAddresses(link.addresses, family);
    for (const end of (await followLink(snap, ns, link)).endpoints) {
      if (end.ns === ns) continue;
      const address = globalAddresses(end.link.addresses, family).find((f) => near.some((a) => agree(a, f)));
      if (!address) continue;
      const score = snap.links(end.ns).filter((l) => globalAddresses(l.addresses, family).length > 0).length;
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
