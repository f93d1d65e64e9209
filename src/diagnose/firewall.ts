/**
 * Would the packet filter drop this packet? An evaluation of a namespace's nftables ruleset
 * (libnftables-json(5)) for one packet at one hook, as netfilter runs it (nft(8), CHAINS):
 * the `filter` base chains of the hook in priority order, each rule's matches in order, the
 * first verdict ending the chain, the chain's policy when no rule decided; `accept` ends only
 * the chain it is in, `drop`/`reject` end the packet.
 *
 * Conservative: only the matches nslab understands are decided (ip saddr/daddr with prefixes
 * and sets, ip protocol / meta l4proto, tcp/udp ports, icmp type, iif/oif names with `*`,
 * ct state). Any other match (an iptables `xt` match, a named set, a limit) may or may not
 * hold: a drop behind one is reported as "may drop", never as certain.
 */
import type { NftChain, NftRule, NftRuleset } from '../state/read-nft-ruleset.js';
import { inSubnet } from './ipv4.js';

/** A netfilter hook of the IPv4 path (nft(8), ADDRESS FAMILIES). */
export type Hook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

/** The packet as the filter sees it at one hook. */
export interface PacketView {
  saddr: string;
  daddr: string;
  proto: 'icmp' | 'tcp';
  /** TCP ports; `ephemeral` for the client side's port (net.ipv4.ip_local_port_range, 32768-60999 by default). */
  sport?: number | 'ephemeral';
  dport?: number | 'ephemeral';
  /** ICMP type of a ping: `echo-request` out, `echo-reply` back. */
  icmpType?: 'echo-request' | 'echo-reply';
  /** Connection tracking state: `new` for the first packet, `established` for the reply. */
  ctState: 'new' | 'established';
  /** Input and output interface names, where the hook has them. */
  iif?: string;
  oif?: string;
}

/** Where the filter drops the packet: the rule, or the chain's policy when `rule` is undefined. */
export interface FirewallDrop {
  chain: NftChain;
  rule?: NftRule;
  /** False when a match nslab cannot decide stands in the way: the packet may or may not be dropped. */
  certain: boolean;
}

type Tri = 'yes' | 'no' | 'maybe';
type Value = string | number | 'ephemeral' | undefined;

const EPHEMERAL: [number, number] = [32768, 60999];
const PROTOCOLS: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp' };
const ICMP_TYPES: Record<number, string> = { 0: 'echo-reply', 8: 'echo-request' };

/** What the packet has for a match's left side; 'absent' when the header is not there (the rule's implicit dependency fails). */
function leftValue(left: unknown, p: PacketView): Value | 'absent' | 'unknown' {
  const l = left as { payload?: { protocol?: string; field?: string }; meta?: { key?: string }; ct?: { key?: string } };
  if (l.payload) {
    const { protocol, field } = l.payload;
    if (protocol === 'ip') return field === 'saddr' ? p.saddr : field === 'daddr' ? p.daddr : field === 'protocol' ? p.proto : 'unknown';
    if (protocol === 'tcp' || protocol === 'udp') {
      if (protocol !== p.proto) return 'absent';
      return field === 'dport' ? p.dport : field === 'sport' ? p.sport : 'unknown';
    }
    if (protocol === 'icmp') return p.proto !== 'icmp' ? 'absent' : field === 'type' ? p.icmpType : 'unknown';
    if (protocol === 'ip6' || protocol === 'icmpv6') return 'absent';
    return 'unknown';
  }
  if (l.meta) {
    switch (l.meta.key) {
      case 'l4proto':
      case 'protocol':
        return l.meta.key === 'l4proto' ? p.proto : 'ip';
      case 'nfproto':
        return 'ipv4';
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
  return 'unknown';
}

/** Does one element of a match's right side hold for the value? */
function elementMatches(value: Exclude<Value, undefined>, right: unknown): Tri {
  if (Array.isArray(right)) return anyOf(right.map((r) => elementMatches(value, r)));
  if (typeof right === 'object' && right !== null) {
    const r = right as { set?: unknown[]; prefix?: { addr: string; len: number }; range?: [unknown, unknown] };
    if (r.set) return anyOf(r.set.map((e) => elementMatches(value, e)));
    if (r.prefix && typeof value === 'string') return inSubnet(value, r.prefix.addr, r.prefix.len) ? 'yes' : 'no';
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
    return (PROTOCOLS[right] ?? ICMP_TYPES[right]) === value ? 'yes' : 'no';
  }
  if (typeof right === 'string' && typeof value === 'string' && right.endsWith('*')) return value.startsWith(right.slice(0, -1)) ? 'yes' : 'no';
  return right === value ? 'yes' : 'no';
}

function anyOf(results: Tri[]): Tri {
  return results.includes('yes') ? 'yes' : results.includes('maybe') ? 'maybe' : 'no';
}

function matchHolds(m: { op?: string; left?: unknown; right?: unknown }, p: PacketView): Tri {
  const value = leftValue(m.left, p);
  if (value === 'absent') return 'no';
  if (value === 'unknown' || value === undefined) return 'maybe';
  const found = elementMatches(value, m.right);
  if (m.op === '==' || m.op === 'in' || m.op === undefined) return found;
  if (m.op === '!=') return found === 'yes' ? 'no' : found === 'no' ? 'yes' : 'maybe';
  return 'maybe';
}

type Verdict = { kind: 'accept' } | { kind: 'drop' } | { kind: 'return' } | { kind: 'continue' } | { kind: 'jump' | 'goto'; target: string };

/** The rule's verdict and whether its matches hold. */
function judgeRule(rule: NftRule, p: PacketView): { holds: Tri; verdict: Verdict } {
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
    else if (name === 'xt') {
      const xt = body as { type?: string; name?: string };
      if (xt.type === 'target' && (xt.name === 'REJECT' || xt.name === 'DROP')) verdict = { kind: 'drop' };
      else if (xt.type !== 'target') holds = holds === 'no' ? 'no' : 'maybe';
    } else if (name === 'limit' || name === 'quota' || name === 'queue') holds = 'maybe';
    // counter, log, comment and other statements decide nothing.
  }
  return { holds, verdict };
}

type ChainEnd = { end: 'accept' | 'fallthrough' } | { end: 'drop'; chain: NftChain; rule?: NftRule };

interface Doubt {
  /** A rule that may have matched with a verdict: later outcomes are then uncertain. */
  shaky: boolean;
  /** The first rule that may drop, when the packet is otherwise accepted. */
  mayDrop?: { chain: NftChain; rule: NftRule };
}

function runChain(chains: readonly NftChain[], chain: NftChain, p: PacketView, doubt: Doubt, depth: number): ChainEnd {
  if (depth > 16) return { end: 'fallthrough' };
  for (const rule of chain.rules) {
    const { holds, verdict } = judgeRule(rule, p);
    if (holds === 'no' || verdict.kind === 'continue') continue;
    if (holds === 'maybe') {
      if (verdict.kind === 'drop') doubt.mayDrop ??= { chain, rule };
      doubt.shaky = true;
      continue;
    }
    if (verdict.kind === 'accept') return { end: 'accept' };
    if (verdict.kind === 'drop') return { end: 'drop', chain, rule };
    if (verdict.kind === 'return') return { end: 'fallthrough' };
    const target = chains.find((c) => c.family === chain.family && c.table === chain.table && c.name === verdict.target);
    if (!target) continue;
    const inner = runChain(chains, target, p, doubt, depth + 1);
    if (inner.end !== 'fallthrough' || verdict.kind === 'goto') return inner;
  }
  return { end: 'fallthrough' };
}

/**
 * Evaluates the filter base chains of one hook for one IPv4 packet.
 * @param ruleset the namespace's ruleset (`ip` and `inet` tables are looked at).
 * @param hook where the packet is.
 * @param p the packet.
 * @returns where it is dropped (certain or not), or undefined when it passes.
 */
export function firewallDrop(ruleset: NftRuleset, hook: Hook, p: PacketView): FirewallDrop | undefined {
  const bases = ruleset.chains
    .filter((c) => c.hook === hook && (c.type ?? 'filter') === 'filter' && (c.family === 'ip' || c.family === 'inet'))
    .sort((a, b) => (a.prio ?? 0) - (b.prio ?? 0));
  const doubt: Doubt = { shaky: false };
  for (const chain of bases) {
    const end = runChain(ruleset.chains, chain, p, doubt, 0);
    if (end.end === 'drop') return { chain: end.chain, ...(end.rule && { rule: end.rule }), certain: !doubt.shaky };
    if (end.end === 'fallthrough' && chain.policy === 'drop') return { chain, certain: !doubt.shaky };
  }
  return doubt.mayDrop ? { ...doubt.mayDrop, certain: false } : undefined;
}
