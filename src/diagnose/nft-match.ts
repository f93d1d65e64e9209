/**
 * Running one packet through nftables chains (libnftables-json(5)) as netfilter does (nft(8),
 * CHAINS): each rule's matches in order, the first verdict ending the chain, `jump`/`goto` into
 * regular chains and back on `return`. The filter decision (firewall.ts) and the NAT decision
 * (nat.ts) run their hook's base chains through it.
 *
 * Conservative: only the matches nslab understands are decided (ip saddr/daddr with addresses,
 * prefixes, ranges and sets, ip protocol / meta l4proto, tcp/udp ports, icmp type, iif/oif
 * names with `*`, ct state, `fib daddr type local`). Any other match (an iptables `xt` match, a
 * named set, a limit) may or may not hold: an outcome behind one is never reported as certain.
 *
 * A packet's address may be a class of addresses (every address of a prefix, any address
 * outside one): a match then holds only when it holds for every address of the class, fails
 * when it fails for all, and is undecided otherwise — so that a check about a whole prefix
 * ("masquerades 10.0.1.0/24") holds only when no address of it escapes the rule.
 */
import type { NftChain, NftRule } from '../state/read-nft-ruleset.js';
import { isIPv6 } from 'node:net';
import { normalizeAddress, prefixContains } from '../util/cidr.js';
import { nftRuleText, valueText } from './firewall-text.js';
import { ALL_V4, complement, prefixRange, relation, v4ToNumber, type Interval } from '../util/ipv4-ranges.js';

/** A netfilter hook of the IPv4 and IPv6 paths (nft(8), ADDRESS FAMILIES). */
export type Hook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

/** Some IPv4 addresses, as intervals, named for messages (`10.0.1.0/24`, `any address`). */
export interface AddressClass {
  ranges: readonly Interval[];
  text: string;
}

/** The packet as the filter sees it at one hook. */
export interface PacketView {
  /**
   * 6 for an IPv6 packet (its addresses are IPv6 text, its `icmp` ICMPv6): `ip` tables and
   * matches do not see it, `ip6` ones do; undefined for IPv4.
   */
  family?: 6;
  /** One address, or a class of them (every address of a prefix, ...; IPv4 only). */
  saddr: string | AddressClass;
  daddr: string | AddressClass;
  proto: 'icmp' | 'tcp' | 'udp' | 'any';
  /** Ports; `ephemeral` for the client side's port (net.ipv4.ip_local_port_range, 32768-60999 by default); undefined = any. */
  sport?: number | 'ephemeral';
  dport?: number | 'ephemeral';
  /** ICMP type of a ping: `echo-request` out, `echo-reply` back; ICMPv6 neighbour discovery's solicitation and advertisement. */
  icmpType?: 'echo-request' | 'echo-reply' | 'nd-neighbor-solicit' | 'nd-neighbor-advert';
  /**
   * Connection tracking state: `new` for the first packet, `established` for the reply,
   * `untracked` for ICMPv6 neighbour discovery (nf_conntrack_proto_icmpv6: noct_valid_new).
   */
  ctState: 'new' | 'established' | 'untracked';
  /** Input and output interface names, where the hook has them; undefined = not known. */
  iif?: string;
  oif?: string;
  /** Whether daddr is an address of the namespace itself (`fib daddr type local`); undefined = not known. */
  daddrLocal?: boolean;
}

/** A prefix as an address class; undefined for text that is not an IPv4 prefix. */
export function prefixClass(prefix: string): AddressClass | undefined {
  const range = prefixRange(prefix);
  return range && { ranges: [range], text: prefix };
}

/** Any address outside a class (where a packet from it may go), or any address at all. */
export function outsideClass(inside?: AddressClass): AddressClass {
  return inside ? { ranges: complement(inside.ranges), text: `any address outside ${inside.text}` } : { ranges: ALL_V4, text: 'any address' };
}

/** A NAT statement of a rule: what it rewrites, as nft wrote it (iptables's `xt` targets without their arguments). */
export interface NatStatement {
  type: 'masquerade' | 'snat' | 'dnat' | 'redirect';
  /** The new address (`snat to`, `dnat to`); undefined when not given or not known (iptables). */
  addr?: string;
  /** The new port; undefined when the port is kept or not known. */
  port?: number;
  /** The rule is iptables's: its arguments are in `iptables -t nat -S`, not in nft's JSON. */
  xt?: boolean;
}

export type Tri = 'yes' | 'no' | 'maybe';
type Value = string | number | 'ephemeral' | AddressClass | undefined;

const EPHEMERAL: [number, number] = [32768, 60999];
const PROTOCOLS: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'ipv6-icmp' };
const ICMP_TYPES: Record<number, string> = { 0: 'echo-reply', 8: 'echo-request' };
/** ICMPv6 types by number (RFC 4443, RFC 4861); nft names them the same in JSON. */
const ICMPV6_TYPES: Record<number, string> = { 128: 'echo-request', 129: 'echo-reply', 135: 'nd-neighbor-solicit', 136: 'nd-neighbor-advert' };

/** The packet's layer 4 protocol as nft names it (`meta l4proto`): ICMP of an IPv6 packet is `ipv6-icmp`. */
function l4proto(p: PacketView): string {
  return p.family === 6 && p.proto === 'icmp' ? 'ipv6-icmp' : p.proto;
}

/** An IPv6 address the packet has, as a match's left value (an IPv6 packet's addresses are never classes). */
interface V6Address {
  v6: string;
}

/** What the packet has for a match's left side; 'absent' when the header is not there (the rule's implicit dependency fails). */
function leftValue(left: unknown, p: PacketView): Value | V6Address | 'absent' | 'unknown' {
  const l = left as { payload?: { protocol?: string; field?: string }; meta?: { key?: string }; ct?: { key?: string }; fib?: { result?: string; flags?: string[] } };
  const v6 = p.family === 6;
  if (l.payload) {
    const { protocol, field } = l.payload;
    // An `ip` match implies `meta nfproto ipv4` (in an inet table): an IPv6 packet fails it, and the reverse.
    if (protocol === 'ip') {
      if (v6) return 'absent';
      if (field === 'saddr' || field === 'daddr') return asClass(p[field]) ?? 'unknown';
      return field === 'protocol' && p.proto !== 'any' ? p.proto : 'unknown';
    }
    if (protocol === 'ip6') {
      if (!v6) return 'absent';
      if (field === 'saddr' || field === 'daddr') return typeof p[field] === 'string' ? { v6: p[field] } : 'unknown';
      return field === 'nexthdr' && p.proto !== 'any' ? l4proto(p) : 'unknown';
    }
    if (protocol === 'icmpv6') return !v6 || p.proto !== 'icmp' ? (p.proto === 'any' ? 'unknown' : 'absent') : field === 'type' ? p.icmpType : 'unknown';
    if (protocol === 'tcp' || protocol === 'udp') {
      if (p.proto === 'any') return 'unknown';
      if (protocol !== p.proto) return 'absent';
      return field === 'dport' ? p.dport : field === 'sport' ? p.sport : 'unknown';
    }
    if (protocol === 'icmp') return p.proto === 'any' ? 'unknown' : p.proto !== 'icmp' || v6 ? 'absent' : field === 'type' ? p.icmpType : 'unknown';
    return 'unknown';
  }
  if (l.meta) {
    switch (l.meta.key) {
      case 'l4proto':
        return p.proto === 'any' ? 'unknown' : l4proto(p);
      case 'protocol':
        return v6 ? 'ip6' : 'ip';
      case 'nfproto':
        return v6 ? 'ipv6' : 'ipv4';
      case 'iifname':
      case 'iif':
        return p.iif;
      case 'oifname':
      case 'oif':
        return p.oif;
    }
    return 'unknown';
  }
  if (l.ct?.key === 'state') return p.ctState;
  if (l.fib?.result === 'type' && l.fib.flags?.length === 1 && l.fib.flags[0] === 'daddr') {
    return p.daddrLocal === undefined ? 'unknown' : p.daddrLocal ? 'local' : 'unicast';
  }
  return 'unknown';
}

function asClass(address: string | AddressClass): AddressClass | undefined {
  if (typeof address !== 'string') return address;
  const n = v4ToNumber(address);
  return Number.isNaN(n) ? undefined : { ranges: [[n, n]], text: address };
}

/** The addresses a match's right side names; undefined when it names something else or a named set. */
function addressesOf(right: unknown): Interval[] | undefined {
  if (typeof right === 'string') {
    const range = prefixRange(right);
    return range ? [range] : undefined;
  }
  if (Array.isArray(right)) return unionOf(right);
  if (typeof right === 'object' && right !== null) {
    const r = right as { set?: unknown[]; prefix?: { addr: string; len: number }; range?: [unknown, unknown] };
    if (r.set) return unionOf(r.set);
    if (r.prefix) {
      const range = prefixRange(`${r.prefix.addr}/${r.prefix.len}`);
      return range ? [range] : undefined;
    }
    if (r.range && typeof r.range[0] === 'string' && typeof r.range[1] === 'string') {
      const [lo, hi] = [v4ToNumber(r.range[0]), v4ToNumber(r.range[1])];
      return Number.isNaN(lo) || Number.isNaN(hi) ? undefined : [[lo, hi]];
    }
  }
  return undefined;
}

function unionOf(items: readonly unknown[]): Interval[] | undefined {
  const parts = items.map(addressesOf);
  return parts.every((p) => p !== undefined) ? (parts as Interval[][]).flat() : undefined;
}

/** Does one element of a match's right side hold for the value? */
function elementMatches(value: Exclude<Value, undefined | AddressClass>, right: unknown): Tri {
  if (Array.isArray(right)) return anyOf(right.map((r) => elementMatches(value, r)));
  if (typeof right === 'object' && right !== null) {
    const r = right as { set?: unknown[]; range?: [unknown, unknown] };
    if (r.set) return anyOf(r.set.map((e) => elementMatches(value, e)));
    if (r.range && typeof r.range[0] === 'number' && typeof r.range[1] === 'number') {
      const [lo, hi] = r.range as [number, number];
      if (value === 'ephemeral') return hi < EPHEMERAL[0] || lo > EPHEMERAL[1] ? 'no' : 'maybe';
      return typeof value === 'number' && value >= lo && value <= hi ? 'yes' : 'no';
    }
    return 'maybe';
  }
  if (typeof right === 'string' && right.startsWith('@')) return 'maybe'; // a named set
  if (value === 'ephemeral') return typeof right === 'number' && (right < EPHEMERAL[0] || right > EPHEMERAL[1]) ? 'no' : 'maybe';
  if (typeof right === 'number' && typeof value === 'string') {
    return [PROTOCOLS[right], ICMP_TYPES[right], ICMPV6_TYPES[right]].includes(value) ? 'yes' : 'no';
  }
  if (typeof right === 'string' && typeof value === 'string' && right.endsWith('*')) return value.startsWith(right.slice(0, -1)) ? 'yes' : 'no';
  return right === value ? 'yes' : 'no';
}

function anyOf(results: Tri[]): Tri {
  return results.includes('yes') ? 'yes' : results.includes('maybe') ? 'maybe' : 'no';
}

/** Does an IPv6 address lie in what a match's right side names (an address, a prefix, a set of those)? */
function v6Matches(address: string, right: unknown): Tri {
  if (typeof right === 'string') {
    if (right.startsWith('@')) return 'maybe'; // a named set
    const [net = ''] = right.split('/');
    if (!isIPv6(net)) return 'maybe';
    return (right.includes('/') ? prefixContains(right, address) : normalizeAddress(right) === address) ? 'yes' : 'no';
  }
  if (Array.isArray(right)) return anyOf(right.map((r) => v6Matches(address, r)));
  if (typeof right === 'object' && right !== null) {
    const r = right as { set?: unknown[]; prefix?: { addr: string; len: number } };
    if (r.set) return anyOf(r.set.map((e) => v6Matches(address, e)));
    if (r.prefix && isIPv6(r.prefix.addr)) return prefixContains(`${r.prefix.addr}/${r.prefix.len}`, address) ? 'yes' : 'no';
  }
  return 'maybe';
}

function matchHolds(m: { op?: string; left?: unknown; right?: unknown }, p: PacketView): Tri {
  const value = leftValue(m.left, p);
  if (value === 'absent') return 'no';
  if (value === 'unknown' || value === undefined) return 'maybe';
  let found: Tri;
  if (typeof value === 'object' && 'v6' in value) found = v6Matches(value.v6, m.right);
  else if (typeof value === 'object') {
    const set = addressesOf(m.right);
    if (set === undefined) return 'maybe';
    const where = relation(value.ranges, set);
    found = where === 'inside' ? 'yes' : where === 'outside' ? 'no' : 'maybe';
  } else found = elementMatches(value, m.right);
  if (m.op === '==' || m.op === 'in' || m.op === undefined) return found;
  if (m.op === '!=') return found === 'yes' ? 'no' : found === 'no' ? 'yes' : 'maybe';
  return 'maybe';
}

/** What a rule does with a packet its matches hold for. */
export type Verdict =
  | { kind: 'accept' | 'drop' | 'return' | 'continue' | 'unknown' }
  | { kind: 'jump' | 'goto'; target: string }
  | { kind: 'nat'; nat: NatStatement };

const XT_NAT: Record<string, NatStatement['type']> = { MASQUERADE: 'masquerade', SNAT: 'snat', DNAT: 'dnat', REDIRECT: 'redirect' };

/** A native NAT statement (`snat to 203.0.113.1`, `dnat to 172.18.0.10:80`) from its JSON body. */
function natStatement(type: NatStatement['type'], body: Record<string, unknown> | null): NatStatement {
  const addr = typeof body?.addr === 'string' ? body.addr : undefined;
  const port = typeof body?.port === 'number' ? body.port : undefined;
  return { type, ...(addr !== undefined && { addr }), ...(port !== undefined && { port }) };
}

/**
 * Whether a rule's matches hold for the packet, and what it does then (its verdict; `continue`
 * for a rule with statements only, such as `meta mark set 1`).
 */
export function judgeRule(rule: NftRule, p: PacketView): { holds: Tri; verdict: Verdict } {
  let holds: Tri = 'yes';
  let verdict: Verdict = { kind: 'continue' };
  for (const e of rule.expr as Array<Record<string, unknown>>) {
    const [name] = Object.keys(e);
    const body = e[name!] as Record<string, unknown> | null;
    if (name === 'match') {
      const h = matchHolds(body as { op?: string }, p);
      if (h === 'no') return { holds: 'no', verdict };
      if (h === 'maybe') holds = 'maybe';
    } else if (name === 'accept' || name === 'drop' || name === 'return') verdict = { kind: name };
    else if (name === 'reject') verdict = { kind: 'drop' };
    else if (name === 'jump' || name === 'goto') verdict = { kind: name, target: String((body as { target?: string })?.target) };
    else if (name === 'masquerade' || name === 'snat' || name === 'dnat' || name === 'redirect') verdict = { kind: 'nat', nat: natStatement(name, body) };
    else if (name === 'xt') {
      const xt = body as { type?: string; name?: string };
      const natType = XT_NAT[xt.name ?? ''];
      if (xt.type === 'target' && (xt.name === 'REJECT' || xt.name === 'DROP')) verdict = { kind: 'drop' };
      else if (xt.type === 'target' && natType) verdict = { kind: 'nat', nat: { type: natType, xt: true } };
      else if (xt.type !== 'target') holds = holds === 'no' ? 'no' : 'maybe';
    } else if (name === 'limit' || name === 'quota' || name === 'queue') holds = 'maybe';
    // A verdict map (`iifname vmap @jumps`) picks its verdict by a lookup nslab does not follow.
    else if (name === 'vmap' && holds !== 'no') return { holds: 'maybe', verdict: { kind: 'unknown' } };
    // counter, log, comment and other statements decide nothing.
  }
  return { holds, verdict };
}

/**
 * Why a rule may or may not match a class of packets, one phrase per match it cannot decide for
 * all of them: `its source 10.0.1.0/25 covers only part of 10.0.1.0/24`, `it matches only
 * protocol tcp`, `it matches only destination 198.51.100.0/24`, or, for a match nslab does not
 * read, which one (`the iptables match \`-m limit --limit 5/sec\``, with its arguments when
 * xt-matches.ts found its `iptables -S` line).
 * @returns the phrases, in rule order; empty when every match is decided
 */
export function undecidedMatches(rule: NftRule, p: PacketView): string[] {
  const phrases: string[] = [];
  for (const e of rule.expr as Array<Record<string, unknown>>) {
    const [name] = Object.keys(e);
    const body = e[name!] as { op?: string; left?: unknown; right?: unknown; name?: string; type?: string; iptables?: string } | null;
    if (name === 'xt' && body?.type !== 'target') {
      phrases.push(body?.iptables !== undefined ? `the iptables match \`${body.iptables}\`, which nslab does not read` : `the iptables match ${body?.name ?? '?'}, which nslab cannot read`);
    }
    if (name === 'limit' || name === 'quota') phrases.push(`its ${name} \`${nftRuleText({ handle: 0, expr: [e] })}\`, which depends on how much traffic came before`);
    if (name !== 'match' || !body || matchHolds(body, p) !== 'maybe') continue;
    const not = body.op === '!=' ? 'not ' : '';
    const l = body.left as { payload?: { protocol?: string; field?: string }; meta?: { key?: string } };
    const field = l.payload?.field ?? l.meta?.key;
    if (l.payload?.protocol === 'ip' && (field === 'saddr' || field === 'daddr')) {
      const packet = asClass(p[field]);
      const what = field === 'saddr' ? 'source' : 'destination';
      const part = not === '' && packet && field === 'saddr';
      phrases.push(part ? `its source ${valueText(body.right)} covers only part of ${packet.text}` : `it matches only ${what} ${not}${valueText(body.right)}`);
    } else if (field === 'protocol' || field === 'l4proto') phrases.push(`it matches only protocol ${not}${valueText(body.right)}`);
    else if (l.payload) phrases.push(`it matches only ${l.payload.protocol} ${field} ${not}${valueText(body.right)}`);
    else phrases.push(`its match on ${field ?? 'a field'} ${not}${valueText(body.right)}, which nslab cannot decide`);
  }
  return phrases;
}

/** How a chain ended for the packet, and the rule that ended it (none for a fall-through or a policy). */
export type ChainEnd =
  | { end: 'fallthrough' }
  | { end: 'accept' | 'drop'; chain: NftChain; rule: NftRule }
  | { end: 'nat'; chain: NftChain; rule: NftRule; nat: NatStatement };

/** What made an outcome uncertain. */
export interface Doubt {
  /** A rule that may have matched with a verdict: later outcomes are then uncertain. */
  shaky: boolean;
  /** The first such rule (what makes a later outcome uncertain). */
  shakyBy?: { chain: NftChain; rule: NftRule };
  /** The first rule that may drop, when the packet is otherwise accepted. */
  mayDrop?: { chain: NftChain; rule: NftRule };
  /** The first rule that may translate the packet (a NAT statement behind an undecided match). */
  mayNat?: { chain: NftChain; rule: NftRule; nat: NatStatement };
}

/**
 * Runs a chain (and the chains it jumps to) for the packet.
 * @param chains every chain of the ruleset (jump targets are looked up in the chain's table).
 * @param doubt collects the rules that may have decided (their matches undecided).
 * @returns how the chain ended: a verdict with its rule, or a fall-through to the policy.
 */
export function runChain(chains: readonly NftChain[], chain: NftChain, p: PacketView, doubt: Doubt, depth = 0): ChainEnd {
  if (depth > 16) return { end: 'fallthrough' };
  for (const rule of chain.rules) {
    const { holds, verdict } = judgeRule(rule, p);
    if (holds === 'no' || verdict.kind === 'continue') continue;
    if (holds === 'maybe') {
      if (verdict.kind === 'drop') doubt.mayDrop ??= { chain, rule };
      if (verdict.kind === 'nat') doubt.mayNat ??= { chain, rule, nat: verdict.nat };
      doubt.shaky = true;
      doubt.shakyBy ??= { chain, rule };
      continue;
    }
    if (verdict.kind === 'accept' || verdict.kind === 'drop') return { end: verdict.kind, chain, rule };
    if (verdict.kind === 'nat') return { end: 'nat', chain, rule, nat: verdict.nat };
    if (verdict.kind !== 'jump' && verdict.kind !== 'goto') return { end: 'fallthrough' }; // return
    const target = chains.find((c) => c.family === chain.family && c.table === chain.table && c.name === verdict.target);
    if (!target) continue;
    const inner = runChain(chains, target, p, doubt, depth + 1);
    if (inner.end !== 'fallthrough' || verdict.kind === 'goto') return inner;
  }
  return { end: 'fallthrough' };
}

/**
 * The base chains of one hook and type that see a family's packets (`ip` and `inet` tables for
 * IPv4, `ip6` and `inet` for IPv6: nft(8), ADDRESS FAMILIES), in the order netfilter runs them
 * (ascending priority).
 */
export function baseChains(chains: readonly NftChain[], hook: Hook, type: 'filter' | 'nat', family: 4 | 6 = 4): NftChain[] {
  const own = family === 6 ? 'ip6' : 'ip';
  return chains
    .filter((c) => c.hook === hook && (c.type ?? 'filter') === type && (c.family === own || c.family === 'inet'))
    .sort((a, b) => (a.prio ?? 0) - (b.prio ?? 0));
}

/**
 * The rules of one hook's nat chains (and of the chains of their tables) that translate the
 * source (`masquerade`, `snat`, iptables's MASQUERADE/SNAT), whatever their matches: to name a
 * student's rule that exists but does not match the packet (a wrong prefix).
 */
export function sourceNatRules(chains: readonly NftChain[], hook: Hook): Array<{ chain: NftChain; rule: NftRule }> {
  const tables = new Set(baseChains(chains, hook, 'nat').map((c) => `${c.family}\0${c.table}`));
  return chains
    .filter((c) => tables.has(`${c.family}\0${c.table}`))
    .flatMap((chain) =>
      chain.rules.flatMap((rule) => {
        const { verdict } = judgeRule(rule, { saddr: outsideClass(), daddr: outsideClass(), proto: 'any', ctState: 'new' });
        return verdict.kind === 'nat' && (verdict.nat.type === 'masquerade' || verdict.nat.type === 'snat') ? [{ chain, rule }] : [];
      }),
    );
}
