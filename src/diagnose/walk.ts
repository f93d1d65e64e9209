/**
 * One direction of the path: from a namespace, hop by hop, to the namespace that owns the
 * target address — the decisions the kernel makes for a packet (ip-route(8) lookup, egress
 * device, neighbour on the link, then `ip_forward` on each router, ip-sysctl.rst). IPv4 and
 * IPv6 alike: the family is the target address's; for IPv6 the routes are `ip -6 route`'s,
 * forwarding is `net.ipv6.conf.all.forwarding`, the neighbour on the link is found by
 * neighbour discovery (a link-local gateway only on its own link) and addresses must have
 * passed duplicate address detection.
 */
import { formatRoute } from '../state/read-routes.js';
import type { LinkInfo, RouteInfo } from '../state/types.js';
import { filterDrop, neighbourDiscoveryDrop, packetView, type Traffic, type WalkedPacket } from './filter-hop.js';
import { familyOf, globalAddresses, inSubnet, isLinkLocal, pingHeaderBytes, type Family } from './ip-address.js';
import { explain } from './messages.js';
import { destinationNat, endpointText, sourceNat, undoDestinationNat, undoSourceNat, type Translation } from './nat-walk.js';
import { addressMismatch, answersAsRouter, answersFor, dadProblem, detachedPort, gatewayGuess, owns, ownsAsRouter, subnetsOf, typoAcross } from './neighbors.js';
import { lookupRoute, type RouteChoice } from './route-lookup.js';
import { followLink, type Segment } from './segment.js';
import type { Located, Snapshot } from './snapshot.js';
import type { Direction, Finding, FindingOf, Hop, Ns, Port } from './types.js';

/** What one `why` carries across both walks: the traffic, and what it noticed on the way. */
export interface WalkContext {
  traffic: Traffic;
  /** ICMP data bytes of the ping explained (`ping -s`), when known: an MTU mismatch then breaks the hop it is lost on. */
  size?: number;
  /** What may break the path although the hops hold (MTU mismatches, rules that may drop). */
  warnings: Finding[];
  /** Veth ends that send into an Open vSwitch userspace-datapath bridge (for cause 17). */
  ovsEntries: Array<{ port: Port; bridge: string }>;
  /** NAT the request got on the way (conntrack's memory), undone on the reply's way back. */
  translations: Translation[];
}

/**
 * Where a walk ended: the namespace reached (with the interface the packet came in on; none
 * for the namespace's own address), or the finding that stopped it.
 */
export type WalkEnd = { arrived: Ns; packet: WalkedPacket; arrivedOn?: string } | { finding: Finding };

/** Longest path before the walk calls it a loop (the kernel's TTL would be 64; emulations are small). */
const MAX_HOPS = 16;

/**
 * A down link of ns that took the family's routes with it: for IPv4 one that keeps its address
 * (fib_sync_down_dev deletes the routes), for IPv6 one whose far end has an IPv6 address — the
 * kernel drops a down interface's IPv6 addresses too (addrconf_ifdown, keep_addr_on_down 0).
 */
async function downLink(snap: Snapshot, ns: Ns, family: Family): Promise<LinkInfo | undefined> {
  for (const link of snap.links(ns)) {
    if (link.up || link.kind === undefined) continue;
    if (globalAddresses(link.addresses, family).length > 0) return link;
    if (family !== 6) continue;
    const far = await snap.peer(ns, link);
    if (far && far !== 'outside' && globalAddresses(far.link.addresses, 6).length > 0) return link;
  }
  return undefined;
}

async function noRoute(snap: Snapshot, ns: Ns, dst: string, direction: Direction, choice: RouteChoice, replier: Ns): Promise<Finding> {
  const family = familyOf(dst) ?? 4;
  // A down link shows up as a missing route (its routes went with it): name the link, not the route.
  const down = await downLink(snap, ns, family);
  if (down) return { cause: 'link-down', port: { ns, ifname: down.name }, end: 'near', routesGone: true };
  const mismatch = await addressMismatch(snap, ns, undefined, family);
  if (mismatch) return mismatch;
  const gateway = await gatewayGuess(snap, ns, family);
  const cause = direction === 'back' ? 'no-route-back' : 'no-route';
  // Tables beyond main and default were searched only because rules named them: say which.
  const tables = choice.tables.some((t) => t !== 'main' && t !== 'default') ? { tables: choice.tables } : {};
  // A router on the way back is not the one replying: the message names both.
  const forwarded = direction === 'back' && replier !== ns ? { replier } : {};
  return { cause, ns, dst, subnets: subnetsOf(snap, ns, family), ...(gateway && { gateway }), ...tables, ...forwarded };
}

/** Whether ns forwards the family's packets: ip_forward, or IPv6's `all` (ip6_forward looks at nothing else). */
async function forwardingOff(snap: Snapshot, ns: Ns, family: Family): Promise<Pick<FindingOf<'forwarding-disabled'>, 'family' | 'onlyOn'> | undefined> {
  const sysctls = await snap.sysctls(ns);
  if (family === 4) return sysctls.ipForward === 1 ? undefined : {};
  const { all, ...rest } = sysctls.ipv6Forwarding;
  if (all === 1) return undefined;
  const onlyOn = Object.keys(rest).filter((name) => name !== 'default' && rest[name] === 1);
  return { family: 6, ...(onlyOn.length > 0 && { onlyOn }) };
}

/** The interface across the link that answers for the next hop: its own address, else as a router (subnet-router anycast). */
async function nextHopOwner(snap: Snapshot, ns: Ns, segment: Segment, nextHop: string): Promise<Located | undefined> {
  const across = segment.endpoints.filter((e) => e.ns !== ns);
  const owner = across.find((e) => answersFor(snap, e, nextHop));
  if (owner) return owner;
  for (const e of across) if (await answersAsRouter(snap, e, nextHop)) return e;
  return undefined;
}

/**
 * Why nobody on the link answers for nextHop: its address still in (or failed) duplicate
 * address detection, a down bridge port, mismatched addresses, or
 * nobody has it — for a route's gateway, with the address across the link it was probably
 * meant to be.
 * @param route the route that chose nextHop (its gateway, when it has one, is nextHop).
 */
async function missingNextHop(snap: Snapshot, ns: Ns, dev: string, nextHop: string, segment: Segment, route: RouteInfo): Promise<Finding> {
  // Across the link the address is there, but held up by duplicate address detection.
  const dad = dadProblem(segment.endpoints.filter((e) => e.ns !== ns), nextHop);
  if (dad) return { cause: 'address-tentative', address: nextHop, ...dad, role: route.gateway === undefined ? 'destination' : 'next-hop' };
  for (const port of segment.downPorts) {
    const far = await snap.peer(port.ns, port.link);
    if (far && far !== 'outside' && owns(snap, far.ns, nextHop)) return { cause: 'link-down', port: { ns: port.ns, ifname: port.link.name }, end: 'far' };
  }
  const unattached = segment.unattached[0];
  if (unattached && segment.bridge) {
    const [moved] = snap.namespaces.flatMap((n) => snap.links(n).filter((l) => l.name === unattached.name).map((l): Located => ({ ns: n, link: l })));
    const peer = moved && (await snap.peer(moved.ns, moved.link));
    return {
      cause: 'ovs-port-unattached', bridge: segment.bridge.name, port: unattached.name,
      ...(unattached.error && { error: unattached.error }),
      ...(moved && { movedTo: { ns: moved.ns, ifname: moved.link.name } }),
      ...(peer && peer !== 'outside' && { peer: { ns: peer.ns, ifname: peer.link.name } }),
    };
  }
  const [owner] = snap.owners(nextHop);
  if (segment.bridge && owner) {
    const detached = await detachedPort(snap, owner, segment.bridge);
    if (detached) return detached;
  }
  const family = familyOf(nextHop) ?? 4;
  const link = snap.links(ns).find((l) => l.name === dev);
  const mismatch = link && (await addressMismatch(snap, ns, link, family));
  if (mismatch) return typoAcross(mismatch, nextHop) ?? mismatch;
  const far = segment.endpoints.find((e) => e.ns !== ns && e.link.kind !== 'bridge');
  const near = link ? globalAddresses(link.addresses, family) : [];
  // A link-local gateway is meant to be the far end's own link-local address.
  const farOnSubnet = far && link && (isLinkLocal(nextHop)
    ? far.link.addresses.find((f) => f.family === 'inet6' && f.scope === 'link')
    : globalAddresses(far.link.addresses, family).find((f) => near.some((a) => inSubnet(f.address, a.address, a.prefixlen))));
  const suggestion = route.gateway !== undefined && far && farOnSubnet ? { ns: far.ns, ifname: far.link.name, address: farOnSubnet.address } : undefined;
  if (owner) {
    const gatewayFix = suggestion && { routeDst: route.dst, suggestion };
    return { cause: 'next-hop-elsewhere', ns, dev, nextHop, owner: { ns: owner.ns, ifname: owner.link.name }, ...gatewayFix };
  }
  if (suggestion) return { cause: 'gateway-unassigned', ns, dev, gateway: nextHop, route: formatRoute(route), routeDst: route.dst, suggestion };
  const prefixlen = near.find((a) => inSubnet(nextHop, a.address, a.prefixlen))?.prefixlen;
  const guess = far && prefixlen !== undefined ? { ns: far.ns, ifname: far.link.name, cidr: `${nextHop}/${prefixlen}` } : undefined;
  return { cause: 'address-unassigned', ns, dev, address: nextHop, ...(guess && { guess }) };
}

/**
 * Strict reverse-path filtering at the namespace the packet entered on `iface` (ip-sysctl.rst,
 * rp_filter: "1 - Strict mode ... if the interface is not the best reverse path the packet
 * check will fail"; the value in force is max(conf/all, conf/IF)).
 */
async function reversePathDrop(snap: Snapshot, ns: Ns, iface: string | undefined, packet: WalkedPacket): Promise<Finding | undefined> {
  // rp_filter is IPv4's (IPv6 has no such sysctl: an `fib saddr` rule would do it).
  if (iface === undefined || familyOf(packet.source) !== 4) return undefined;
  const { rpFilter } = await snap.sysctls(ns);
  const all = rpFilter.all ?? 0;
  if (Math.max(all, rpFilter[iface] ?? 0) !== 1) return undefined;
  const source = packet.source;
  // fib_validate_source looks up the reverse route with the addresses swapped and iif lo.
  const { route: back } = await lookupRoute(snap, ns, { target: source, source: packet.target });
  // No route back at all is cause 7, which the reply's walk names better.
  if (!back || back.type !== 'unicast' || back.dev === undefined || back.dev === iface) return undefined;
  const key = all === 1 ? 'net.ipv4.conf.all.rp_filter' : `net.ipv4.conf.${iface}.rp_filter`;
  return { cause: 'rp-filter', ns, iface, source, routeBack: formatRoute(back), backDev: back.dev, key };
}

const portOf = (l: Located): Port => ({ ns: l.ns, ifname: l.link.name });

/** Adds a warning unless an equal one is there (both walks may meet the same rule). */
function pushOnce(warnings: Finding[], finding: Finding): void {
  if (!warnings.some((w) => JSON.stringify(w) === JSON.stringify(finding))) warnings.push(finding);
}

/**
 * MTUs of the veth pairs a hop crosses: a mismatch is a warning, or the finding when the
 * ping's size is known and its packet fits the sending end but not a receiving one (veth drops
 * frames larger than the receiving device's MTU: is_skb_forwardable, net/core/dev.c).
 */
function mtuProblem(pairs: ReadonlyArray<[Located, Located]>, ctx: WalkContext, family: Family): Finding | undefined {
  for (const [a, b] of pairs) {
    const [am, bm] = [a.link.mtu, b.link.mtu];
    if (am === undefined || bm === undefined || am === bm) continue;
    const finding: Finding = {
      cause: 'mtu-mismatch', near: portOf(a), nearMtu: am, far: portOf(b), farMtu: bm, ...(ctx.size !== undefined && { size: ctx.size }), ...(family === 6 && { family }),
    };
    const packet = ctx.size === undefined ? undefined : ctx.size + pingHeaderBytes(family);
    // The sender fragments what does not fit its own MTU (when DF is not set, as ping's default
    // here): the largest frame on the link is min(packet, am), and b drops one larger than bm.
    if (packet !== undefined && Math.min(packet, am) > bm) return finding;
    const key = (f: Finding) => JSON.stringify(f.cause === 'mtu-mismatch' ? [f.near, f.far].map((p) => `${p.ns}/${p.ifname}`).sort() : f);
    if (!ctx.warnings.some((w) => key(w) === key(finding))) ctx.warnings.push(finding);
  }
  return undefined;
}

/**
 * Walks a packet from `start` hop by hop to the namespace that owns its destination, appending
 * one {@link Hop} per namespace crossed, and applying NAT on the way: a new connection's
 * destination NAT before routing and source NAT after (recorded in `ctx.translations`), a
 * reply's translation back where conntrack undoes it (nat-walk.ts).
 * @param snap the snapshot (nothing is read twice).
 * @param start where the packet leaves from.
 * @param sent the packet: its source and destination addresses (IPv4), direction (`back`
 *   turns a missing route into cause 7, no route back) and traffic; it is not changed.
 * @param hops list the hops are appended to; the last one is ✘ when a finding is returned.
 * @returns the namespace reached with the packet as it arrived (translated), or the finding.
 */
export async function walk(snap: Snapshot, start: Ns, sent: WalkedPacket, hops: Hop[], ctx: WalkContext): Promise<WalkEnd> {
  const visited = new Set<Ns>();
  let ns = start;
  let arrivedOn: string | undefined;
  const packet: WalkedPacket = { ...sent };
  const { direction } = packet;
  const family = familyOf(packet.target) ?? 4;
  for (let n = 0; ; n++) {
    // Translations at this hop: before routing (new destination, or a reply's original source
    // restored), after routing (new source, or a reply's original destination restored).
    const notes: string[] = [];
    const before = n === 0 && direction === 'back' ? undefined : await natBeforeRouting(snap, ns, n, packet, arrivedOn, ctx);
    if (before) notes.push(before);
    const hop: Hop = { direction, from: ns, detail: `${packet.source} → ${packet.target}`, ok: false };
    const withNotes = (h: Hop): Hop => (notes.length > 0 ? { ...h, detail: [h.detail, ...notes].join(', ') } : h);
    const broken = (finding: Finding): WalkEnd => (hops.push(withNotes(hop)), { finding });
    const warned = ctx.warnings.length;
    const entering = async (): Promise<Finding | undefined> => {
      hop.detail = `${packet.source} → ${packet.target} in on ${arrivedOn}`;
      return (await reversePathDrop(snap, ns, arrivedOn, packet)) ?? (await filterDrop(snap, ns, ['prerouting', 'input'], packet, { iif: arrivedOn }, ctx.warnings));
    };
    if (owns(snap, ns, packet.target) || (await ownsAsRouter(snap, ns, packet.target))) {
      if (n > 0) {
        const dropped = await entering();
        if (dropped) return broken(dropped);
        // A rule that may drop at the destination belongs to the hop that brought the packet there.
        const last = hops[hops.length - 1];
        const late = ctx.warnings.slice(warned).map(explain);
        if (last && late.length > 0) last.warnings = [...(last.warnings ?? []), ...late];
        return { arrived: ns, packet, ...(arrivedOn !== undefined && { arrivedOn }) };
      }
      // Own address: the kernel delivers it through the loopback device (table local).
      Object.assign(hop, { to: ns, dev: 'lo', detail: `${packet.target} is ${ns ?? 'the host'}'s own` });
      if (!snap.links(ns).find((l) => l.name === 'lo')?.up) return broken({ cause: 'loopback-down', ns, address: packet.target });
      hops.push(withNotes({ ...hop, ok: true }));
      return { arrived: ns, packet };
    }
    if (visited.has(ns) || n >= MAX_HOPS) return broken({ cause: 'routing-loop', ns, dst: packet.target });
    visited.add(ns);
    // A packet this namespace sends: a new one from an unbound socket is looked up without its
    // source (so `from` rules do not apply to it); a reply is sent from the address it answers for.
    const query = {
      target: packet.target, traffic: packet.traffic, reply: direction === 'back',
      ...((n > 0 || direction === 'back') && { source: packet.source }), ...(arrivedOn !== undefined && { iif: arrivedOn }),
      view: packetView(packet, arrivedOn !== undefined ? { iif: arrivedOn } : {}),
    };
    const choice = await lookupRoute(snap, ns, query);
    for (const undecided of choice.undecided) pushOnce(ctx.warnings, { cause: 'rule-undecided', ns, ...undecided });
    const off = n > 0 ? await forwardingOff(snap, ns, family) : undefined;
    if (off) {
      hop.detail = `forwards ${packet.source} → ${packet.target}`;
      // Only "has the routes" when it has one: a router missing both must be told both.
      const noRoute = choice.route?.type === 'unicast' ? undefined : { dst: packet.target, subnets: subnetsOf(snap, ns, family) };
      return broken({ cause: 'forwarding-disabled', ns, ...off, ...(noRoute && { noRoute }) });
    }
    const reversePath = n > 0 ? await reversePathDrop(snap, ns, arrivedOn, packet) : undefined;
    if (reversePath) {
      hop.detail = `${packet.source} → ${packet.target} in on ${arrivedOn}`;
      return broken(reversePath);
    }
    if (choice.rejectedBy !== undefined) return broken({ cause: 'route-rejects', ns, dst: packet.target, route: choice.rejectedBy, byRule: true });
    const route = choice.route;
    if (!route) return broken(await noRoute(snap, ns, packet.target, direction, choice, start));
    if (route.type !== 'unicast') {
      return broken({ cause: 'route-rejects', ns, dst: packet.target, route: formatRoute(route), ...(choice.table !== 'main' && choice.table !== undefined && { table: choice.table }) });
    }
    if (choice.rule !== undefined) {
      const mark = choice.mark ? `; marked ${choice.mark.mark} by ${choice.mark.setBy}` : '';
      notes.push(`table ${choice.table} (rule ${choice.rule}${mark})`);
    }
    const link = snap.links(ns).find((l) => l.name === route.dev);
    if (!link) return broken({ cause: 'cannot-follow', port: { ns, ifname: route.dev ?? '?' }, kind: 'missing' });
    hop.dev = link.name;
    if (route.gateway !== undefined) hop.detail = `${packet.source} → gw ${route.gateway}`;
    if (!link.up) return broken({ cause: 'link-down', port: { ns, ifname: link.name }, end: 'near' });
    const nextHop = route.gateway ?? packet.target;
    const own = globalAddresses(link.addresses, family);
    // A link-local gateway is on the route's link by definition (RFC 4291 2.5.6): ip accepts it with `dev`.
    if (route.gateway !== undefined && !isLinkLocal(route.gateway) && !own.some((a) => inSubnet(nextHop, a.address, a.prefixlen))) {
      // The gateway is on the far end's subnet: the near end's address is the typo, not the route.
      const mismatch = await addressMismatch(snap, ns, link, family);
      const [farAddress = '', farLen] = mismatch?.farCidr.split('/') ?? [];
      if (mismatch && inSubnet(route.gateway, farAddress, Number(farLen))) return broken(mismatch);
      const suggestion = await gatewayGuess(snap, ns, family);
      const subnets = own.map((a) => `${a.address}/${a.prefixlen}`);
      const routeFinding = { ns, route: formatRoute(route), routeDst: route.dst, gateway: route.gateway, dev: link.name, subnets };
      return broken({ cause: 'gateway-off-subnet', ...routeFinding, ...(suggestion && { suggestion }) });
    }
    const hooks = n === 0 ? (['output', 'postrouting'] as const) : (['prerouting', 'forward', 'postrouting'] as const);
    const ifaces = { ...(n > 0 && { iif: arrivedOn }), oif: link.name };
    const dropped = await filterDrop(snap, ns, hooks, packet, ifaces, ctx.warnings);
    if (dropped) return broken(dropped);
    const after = await natAfterRouting(snap, ns, packet, ifaces, link, nextHop, ctx);
    if (after) notes.push(after);
    const segment = await followLink(snap, ns, link);
    if (segment.problem) return broken(segment.problem);
    // A copy of the next hop's address on the egress link itself (tentative, or failed DAD):
    // ndisc_recv_na takes the holder's advertisement for a duplicate of its own, never resolves it.
    const ownCopy = family === 6 ? dadProblem([{ ns, link }], nextHop) : undefined;
    if (ownCopy) return broken({ cause: 'address-tentative', address: nextHop, ...ownCopy, role: route.gateway === undefined ? 'destination' : 'next-hop' });
    const next = await nextHopOwner(snap, ns, segment, nextHop);
    if (!next) return broken(await missingNextHop(snap, ns, link.name, nextHop, segment, route));
    const nd = family === 6 ? await neighbourDiscoveryDrop(snap, { ns, link }, next, nextHop, ctx.warnings) : undefined;
    if (nd) return broken(nd);
    const mtu = mtuProblem(segment.pairs.filter(([, b], i) => i === 0 || b === next), ctx, family);
    if (mtu) return broken(mtu);
    if (segment.bridge?.netdev) ctx.ovsEntries.push({ port: { ns, ifname: link.name }, bridge: segment.bridge.name });
    const warnings = ctx.warnings.slice(warned).map(explain);
    hops.push(withNotes({ ...hop, to: next.ns, ok: true, ...(warnings.length > 0 && { warnings }) }));
    ns = next.ns;
    arrivedOn = next.link.name;
  }
}

/**
 * NAT before the route lookup, applied to `packet`: a new connection's destination NAT (output
 * hook where it is made, prerouting where it comes in), or for a reply coming in the undoing of
 * a source NAT this namespace did.
 * @returns the hop's note (`destination NAT from 203.0.113.1:8080`), or undefined.
 */
async function natBeforeRouting(snap: Snapshot, ns: Ns, n: number, packet: WalkedPacket, arrivedOn: string | undefined, ctx: WalkContext): Promise<string | undefined> {
  if (packet.direction === 'back') {
    const undo = undoSourceNat(ctx.translations, ns, packet);
    if (!undo) return undefined;
    packet.target = undo.before.address;
    return `NAT undone: was ${undo.after.address}`;
  }
  const t = await destinationNat(snap, ns, n === 0 ? 'output' : 'prerouting', packet, arrivedOn);
  if (!t) return undefined;
  ctx.translations.push(t);
  packet.target = t.after.address;
  if (t.after.port !== undefined) packet.traffic = { proto: 'tcp', port: t.after.port };
  return `destination NAT from ${endpointText(t.before)}${t.after.port !== t.before.port ? ` to port ${t.after.port}` : ''}`;
}

/**
 * NAT after the route lookup, applied to `packet`: a new connection's source NAT (postrouting),
 * or for a reply leaving the undoing of a destination NAT this namespace did.
 * @returns the hop's note (`source NAT to 203.0.113.1`), or undefined.
 */
async function natAfterRouting(
  snap: Snapshot, ns: Ns, packet: WalkedPacket, ifaces: { iif?: string; oif: string }, out: LinkInfo, nextHop: string, ctx: WalkContext,
): Promise<string | undefined> {
  if (packet.direction === 'back') {
    const undo = undoDestinationNat(ctx.translations, ns, packet);
    if (!undo) return undefined;
    packet.source = undo.before.address;
    if (undo.before.port !== undefined) packet.traffic = { proto: 'tcp', port: undo.before.port };
    return `NAT undone: sent from ${endpointText(undo.before)}`;
  }
  const t = await sourceNat(snap, ns, packet, ifaces, out, nextHop);
  if (!t) return undefined;
  ctx.translations.push(t);
  packet.source = t.after.address;
  return `source NAT to ${t.after.address}`;
}
