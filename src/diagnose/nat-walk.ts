/**
 * NAT on the path `why` walks, as netfilter applies it to one connection (nft(8), CHAINS, type
 * nat; conntrack): the first packet of the connection runs the nat chains — destination NAT
 * before routing (prerouting, or output where it is made), source NAT after (postrouting) — and
 * conntrack remembers the translation; the replies are translated back, their destination
 * before routing (prerouting), their source after (postrouting), without running any chain
 * (nf_nat_inet_fn: the hook decides which address is rewritten).
 */
import { iptablesChainLines } from '../state/read-iptables.js';
import type { NftChain, NftRule } from '../state/read-nft-ruleset.js';
import type { LinkInfo } from '../state/types.js';
import type { Traffic, WalkedPacket } from './filter-hop.js';
import { firewallOf, iptablesLinesOf, packetView } from './filter-hop.js';
import { familyOf, globalAddresses, inSubnet } from './ip-address.js';
import { natDecision, withIptablesArguments, type NatHook } from './nat.js';
import { owns } from './neighbors.js';
import type { NatStatement, PacketView } from './nft-match.js';
import type { Snapshot } from './snapshot.js';
import type { Ns } from './types.js';

/** An address, with the port when the traffic has one (TCP). */
export interface Endpoint {
  address: string;
  port?: number;
}

/** A translation the walk applied to the connection's first packet, which conntrack undoes on its replies. */
export interface Translation {
  ns: Ns;
  /** `source`: masquerade/snat at postrouting; `destination`: dnat/redirect at prerouting or output. */
  kind: 'source' | 'destination';
  before: Endpoint;
  after: Endpoint;
}

/** The packet's destination (or source) as an endpoint: the port is the TCP server port, the only one the walk knows. */
function endpointOf(address: string, traffic: Traffic): Endpoint {
  return traffic.proto === 'tcp' ? { address, port: traffic.port } : { address };
}

/** `192.168.1.2:80`, or the bare address. */
export function endpointText(e: Endpoint): string {
  return e.port === undefined ? e.address : `${e.address}:${e.port}`;
}

/**
 * A rule's `iptables -t TABLE -S` line (`ip6tables` for family `ip6`) when iptables made it
 * (the only place its NAT target's arguments are: nft's JSON leaves them out).
 */
export async function iptablesLineOf(snap: Snapshot, ns: Ns, chain: NftChain, rule: NftRule): Promise<string | undefined> {
  const lines = await iptablesLinesOf(snap, ns, chain);
  return lines && iptablesChainLines(lines, chain.name)?.[chain.rules.indexOf(rule)];
}

/** The rule that certainly translates the packet at the hook, with an iptables target's arguments filled in. */
async function certainNat(snap: Snapshot, ns: Ns, hook: NatHook, view: PacketView): Promise<NatStatement | undefined> {
  const ruleset = await firewallOf(snap, ns);
  if (!ruleset.chains.some((c) => c.type === 'nat')) return undefined;
  const decision = natDecision(ruleset, hook, view);
  // A rule behind a match nslab cannot decide is not applied: the walk then says what happens
  // without it (and the untranslated-source cause names the rule).
  if (!decision.translated || !decision.certain) return undefined;
  return withIptablesArguments(decision.nat, await iptablesLineOf(snap, ns, decision.chain, decision.rule));
}

/**
 * Destination NAT of a new connection's first packet, before routing.
 * @param hook `output` where the packet is made, `prerouting` where it comes in (on `iif`).
 * @returns the translation (not yet applied), or undefined when the packet keeps its destination.
 */
export async function destinationNat(snap: Snapshot, ns: Ns, hook: 'prerouting' | 'output', packet: WalkedPacket, iif: string | undefined): Promise<Translation | undefined> {
  const nat = await certainNat(snap, ns, hook, { ...packetView(packet, iif === undefined ? {} : { iif }), daddrLocal: owns(snap, ns, packet.target) });
  if (nat === undefined || (nat.type !== 'dnat' && nat.type !== 'redirect')) return undefined;
  const before = endpointOf(packet.target, packet.traffic);
  const family = familyOf(packet.target) ?? 4;
  // redirect: to the incoming interface's first address, or to loopback for a locally made
  // packet (nf_nat_redirect_ipv4, nf_nat_redirect_ipv6).
  const loopback = family === 6 ? '::1' : '127.0.0.1';
  const address = nat.type === 'dnat' ? nat.addr : hook === 'output' ? loopback : globalAddresses(snap.links(ns).find((l) => l.name === iif)?.addresses ?? [], family)[0]?.address;
  if (address === undefined) return undefined;
  const after: Endpoint = { address, ...(before.port !== undefined && { port: nat.port ?? before.port }) };
  return { ns, kind: 'destination', before, after };
}

/**
 * Source NAT of a new connection's first packet, after routing.
 * @param out the egress interface; `nextHop` the gateway or destination on it (masquerade takes
 *   the interface's address of the packet's family on the next hop's subnet, else its first:
 *   inet_select_addr; for IPv6 a simplification of ipv6_dev_get_saddr's choice, RFC 6724, that
 *   holds for one global address per interface).
 * @returns the translation (not yet applied), or undefined when the packet keeps its source.
 */
export async function sourceNat(snap: Snapshot, ns: Ns, packet: WalkedPacket, ifaces: { iif?: string; oif: string }, out: LinkInfo, nextHop: string): Promise<Translation | undefined> {
  const nat = await certainNat(snap, ns, 'postrouting', packetView(packet, ifaces));
  if (nat === undefined || (nat.type !== 'masquerade' && nat.type !== 'snat')) return undefined;
  const own = globalAddresses(out.addresses, familyOf(packet.source) ?? 4);
  const address = nat.type === 'snat' ? nat.addr : (own.find((a) => inSubnet(nextHop, a.address, a.prefixlen)) ?? own[0])?.address;
  if (address === undefined || address === packet.source) return undefined;
  return { ns, kind: 'source', before: { address: packet.source }, after: { address } };
}

/**
 * Conntrack for a reply entering `ns` (prerouting): the destination a source translation gave
 * the connection is turned back into the original source.
 */
export function undoSourceNat(translations: readonly Translation[], ns: Ns, packet: WalkedPacket): Translation | undefined {
  return translations.find((t) => t.kind === 'source' && t.ns === ns && t.after.address === packet.target);
}

/** Conntrack for a reply leaving `ns` (postrouting): the source a destination translation changed is put back. */
export function undoDestinationNat(translations: readonly Translation[], ns: Ns, packet: WalkedPacket): Translation | undefined {
  const from = endpointOf(packet.source, packet.traffic);
  return translations.find((t) => t.kind === 'destination' && t.ns === ns && t.after.address === from.address && t.after.port === from.port);
}
