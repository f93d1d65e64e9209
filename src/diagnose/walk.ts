/**
 * One direction of the path: from a namespace, hop by hop, to the namespace that owns the
 * target address — the decisions the kernel makes for a packet (ip-route(8) lookup, egress
 * device, neighbour on the link, then `ip_forward` on each router, ip-sysctl.rst).
 */
import { formatRoute } from '../state/read-routes.js';
import { globalV4, inSubnet, longestMatch } from './ipv4.js';
import { addressMismatch, gatewayGuess, owns, subnetsOf } from './neighbors.js';
import { followLink, type Segment } from './segment.js';
import type { Snapshot } from './snapshot.js';
import type { Direction, Finding, Hop, Ns } from './types.js';

/** Where a walk ended: the namespace reached, or the finding that stopped it. */
export type WalkEnd = { arrived: Ns } | { finding: Finding };

/** Longest path before the walk calls it a loop (the kernel's TTL would be 64; emulations are small). */
const MAX_HOPS = 16;

async function noRoute(snap: Snapshot, ns: Ns, dst: string, direction: Direction): Promise<Finding> {
  // The kernel deletes the routes of a link that goes down (fib_sync_down_dev), so a down link
  // with an address shows up as a missing route: name the link, not the route.
  const down = snap.links(ns).find((l) => !l.up && l.kind !== undefined && globalV4(l.addresses).length > 0);
  if (down) return { cause: 'link-down', port: { ns, ifname: down.name }, end: 'near', routesGone: true };
  const mismatch = await addressMismatch(snap, ns);
  if (mismatch) return mismatch;
  const gateway = await gatewayGuess(snap, ns);
  const cause = direction === 'back' ? 'no-route-back' : 'no-route';
  return { cause, ns, dst, subnets: subnetsOf(snap, ns), ...(gateway && { gateway }) };
}

/** Why nobody on the link answers for nextHop: a down bridge port, mismatched addresses, or nobody has it. */
async function missingNextHop(snap: Snapshot, ns: Ns, dev: string, nextHop: string, segment: Segment): Promise<Finding> {
  for (const port of segment.downPorts) {
    const far = await snap.peer(port.ns, port.link);
    if (far && far !== 'outside' && owns(snap, far.ns, nextHop)) return { cause: 'link-down', port: { ns: port.ns, ifname: port.link.name }, end: 'far' };
  }
  const link = snap.links(ns).find((l) => l.name === dev);
  const mismatch = link && (await addressMismatch(snap, ns, link));
  if (mismatch) return mismatch;
  const [owner] = snap.owners(nextHop);
  if (owner) return { cause: 'next-hop-elsewhere', ns, dev, nextHop, owner: { ns: owner.ns, ifname: owner.link.name } };
  const far = segment.endpoints.find((e) => e.ns !== ns && e.link.kind !== 'bridge');
  const prefixlen = link && globalV4(link.addresses).find((a) => inSubnet(nextHop, a.address, a.prefixlen))?.prefixlen;
  const guess = far && prefixlen !== undefined ? { ns: far.ns, ifname: far.link.name, cidr: `${nextHop}/${prefixlen}` } : undefined;
  return { cause: 'address-unassigned', ns, dev, address: nextHop, ...(guess && { guess }) };
}

/**
 * Walks from `start` towards `target`, appending one {@link Hop} per namespace crossed.
 * @param snap the snapshot (nothing is read twice).
 * @param start where the packet leaves from.
 * @param target destination address (IPv4).
 * @param source the packet's source address, for the hop texts.
 * @param direction `back` turns a missing route into cause 7 (no route back).
 * @param hops list the hops are appended to; the last one is ✘ when a finding is returned.
 */
export async function walk(snap: Snapshot, start: Ns, target: string, source: string, direction: Direction, hops: Hop[]): Promise<WalkEnd> {
  const visited = new Set<Ns>();
  let ns = start;
  for (let n = 0; ; n++) {
    const hop: Hop = { direction, from: ns, detail: `${source} → ${target}`, ok: false };
    const broken = (finding: Finding): WalkEnd => (hops.push(hop), { finding });
    if (owns(snap, ns, target)) {
      if (n > 0) return { arrived: ns };
      // Own address: the kernel delivers it through the loopback device (table local).
      Object.assign(hop, { to: ns, dev: 'lo', detail: `${target} is ${ns ?? 'the host'}'s own` });
      if (!snap.links(ns).find((l) => l.name === 'lo')?.up) return broken({ cause: 'loopback-down', ns, address: target });
      hops.push({ ...hop, ok: true });
      return { arrived: ns };
    }
    if (visited.has(ns) || n >= MAX_HOPS) return broken({ cause: 'routing-loop', ns, dst: target });
    visited.add(ns);
    if (n > 0 && (await snap.sysctls(ns)).ipForward !== 1) {
      hop.detail = `forwards ${source} → ${target}`;
      return broken({ cause: 'forwarding-disabled', ns });
    }
    const route = longestMatch(await snap.routes(ns), target);
    if (!route) return broken(await noRoute(snap, ns, target, direction));
    if (route.type !== 'unicast') return broken({ cause: 'route-rejects', ns, dst: target, route: formatRoute(route) });
    const link = snap.links(ns).find((l) => l.name === route.dev);
    if (!link) return broken({ cause: 'cannot-follow', port: { ns, ifname: route.dev ?? '?' }, kind: 'missing' });
    hop.dev = link.name;
    if (route.gateway !== undefined) hop.detail = `${source} → gw ${route.gateway}`;
    if (!link.up) return broken({ cause: 'link-down', port: { ns, ifname: link.name }, end: 'near' });
    const nextHop = route.gateway ?? target;
    const onLink = globalV4(link.addresses).filter((a) => inSubnet(nextHop, a.address, a.prefixlen));
    if (route.gateway !== undefined && onLink.length === 0) {
      const suggestion = await gatewayGuess(snap, ns);
      const subnets = globalV4(link.addresses).map((a) => `${a.address}/${a.prefixlen}`);
      const routeFinding = { ns, route: formatRoute(route), routeDst: route.dst, gateway: route.gateway, dev: link.name, subnets };
      return broken({ cause: 'gateway-off-subnet', ...routeFinding, ...(suggestion && { suggestion }) });
    }
    const segment = await followLink(snap, ns, link);
    if (segment.problem) return broken(segment.problem);
    const next = segment.endpoints.find((e) => e.ns !== ns && owns(snap, e.ns, nextHop));
    if (!next) return broken(await missingNextHop(snap, ns, link.name, nextHop, segment));
    hops.push({ ...hop, to: next.ns, ok: true });
    ns = next.ns;
  }
}
