/**
 * The firewall at one hop of the walk: the packet `why` follows (a ping, or a TCP connection
 * with `--tcp`) as netfilter sees it at the hooks the namespace runs (output and postrouting
 * where it starts, prerouting, forward and postrouting where it is forwarded, prerouting and
 * input where it arrives — nft(8), ADDRESS FAMILIES, IPv4 and IPv6), checked against the
 * namespace's nftables ruleset (iptables-nft rules included). For IPv6 also the neighbour
 * discovery each link needs (RFC 4861), which a filter with a drop policy easily drops. A
 * namespace with iptables-legacy rules, which are not in that ruleset, gets a warning that
 * names them.
 */
import { iptablesTableOf } from '../state/read-iptables.js';
import { readIptablesLegacy } from '../state/read-iptables-legacy.js';
import type { NftChain, NftRuleset } from '../state/read-nft-ruleset.js';
import { firewallDrop, type Hook, type PacketView } from './firewall.js';
import { isIptablesChain, ruleText } from './firewall-text.js';
import { fromBigInt, toBigInt } from '../util/cidr.js';
import { familyOf } from './ip-address.js';
import { inNs } from './messages.js';
import { undecidedMatches } from './nft-match.js';
import type { Located } from './snapshot.js';
import type { Snapshot } from './snapshot.js';
import type { Direction, Finding, Ns } from './types.js';
import { decodeXtMatches } from './xt-matches.js';

/** What `why` sends: a ping (ICMP echo), or a TCP connection to a port. */
export type Traffic = { proto: 'icmp' } | { proto: 'tcp'; port: number };

const decoded = new WeakMap<NftRuleset, Promise<NftRuleset>>();

/**
 * A namespace's ruleset as the walk judges it: the snapshot's, with iptables's `xt` matches
 * decoded from `iptables -t TABLE -S` (xt-matches.ts; read only when there are some). Decoded
 * once per snapshot read: the same ruleset object gives the same promise.
 */
export function firewallOf(snap: Snapshot, ns: Ns): Promise<NftRuleset> {
  return snap.firewall(ns).then((ruleset) => {
    if (!decoded.has(ruleset)) decoded.set(ruleset, decodeXtMatches(ruleset, (table, family) => snap.iptablesTable(ns, table, family)));
    return decoded.get(ruleset)!;
  });
}

/**
 * `iptables -t TABLE -S` (`ip6tables` for a chain of family `ip6`) of the table a chain is in,
 * when iptables-nft may have made it: what names its rules as the student typed them.
 * @returns the lines, or undefined for a chain of another table or family.
 */
export async function iptablesLinesOf(snap: Snapshot, ns: Ns, chain: NftChain): Promise<string[] | undefined> {
  const made = iptablesTableOf(chain);
  return made && snap.iptablesTable(ns, made.table, made.family);
}

const legacyRead = new WeakMap<Snapshot, Map<Ns, Promise<string[]>>>();

/**
 * A namespace's iptables-legacy rules (read-iptables-legacy.ts): read only when its ruleset
 * read found a legacy table, once per snapshot; [] when there are none or they cannot be read.
 */
export async function legacyRulesOf(snap: Snapshot, ns: Ns): Promise<string[]> {
  if (!(await snap.firewall(ns)).legacy) return [];
  if (!legacyRead.has(snap)) legacyRead.set(snap, new Map());
  const reads = legacyRead.get(snap)!;
  if (!reads.has(ns)) reads.set(ns, readIptablesLegacy(snap.exec, ns).then((r) => (r.ok ? r.value : [])));
  return reads.get(ns)!;
}

/** One direction's packet: from `source` to `target`, the reply when direction is `back`. */
export interface WalkedPacket {
  source: string;
  target: string;
  direction: Direction;
  traffic: Traffic;
}

/** The packet as the filter sees it; the reply is an established connection's. */
export function packetView(p: WalkedPacket, ifaces: { iif?: string; oif?: string }): PacketView {
  const forward = p.direction === 'forward';
  const base = {
    ...(familyOf(p.target) === 6 && { family: 6 as const }),
    saddr: p.source, daddr: p.target, ctState: forward ? ('new' as const) : ('established' as const), ...ifaces,
  };
  if (p.traffic.proto === 'icmp') return { ...base, proto: 'icmp', icmpType: forward ? 'echo-request' : 'echo-reply' };
  const [sport, dport] = forward ? (['ephemeral', p.traffic.port] as const) : ([p.traffic.port, 'ephemeral'] as const);
  return { ...base, proto: 'tcp', sport, dport };
}

/** `pings (ICMP echo requests) from 10.0.1.2 to 10.0.2.2`, `TCP replies from 10.0.2.2 port 80 to 10.0.1.2`. */
export function trafficText(p: WalkedPacket): string {
  const forward = p.direction === 'forward';
  const icmp = familyOf(p.target) === 6 ? 'ICMPv6' : 'ICMP';
  if (p.traffic.proto === 'icmp') return `${forward ? `pings (${icmp} echo requests)` : 'ping replies'} from ${p.source} to ${p.target}`;
  return forward ? `TCP from ${p.source} to ${p.target} port ${p.traffic.port}` : `TCP replies from ${p.source} port ${p.traffic.port} to ${p.target}`;
}

/**
 * Checks the hooks of one hop, in order.
 * @param warnings where a rule that only may drop the packet is noted (the hop still holds).
 * @returns the finding (cause 9) when a rule or policy certainly drops it, else undefined.
 */
export async function filterDrop(
  snap: Snapshot, ns: Ns, hooks: readonly Hook[], p: WalkedPacket, ifaces: { iif?: string; oif?: string }, warnings: Finding[],
): Promise<Finding | undefined> {
  return viewDrop(snap, ns, hooks, packetView(p, ifaces), trafficText(p), warnings);
}

/** {@link filterDrop} for a packet given as the filter sees it, named `traffic` in the finding. */
async function viewDrop(
  snap: Snapshot, ns: Ns, hooks: readonly Hook[], view: PacketView, traffic: string, warnings: Finding[], neighbourDiscovery?: { peer: Ns },
): Promise<Finding | undefined> {
  const ruleset = await firewallOf(snap, ns);
  // Rules nslab does not read: whatever it finds here is said with them named (once a namespace).
  const legacy = await legacyRulesOf(snap, ns);
  if (legacy.length > 0 && !warnings.some((w) => w.cause === 'iptables-legacy' && w.ns === ns)) warnings.push({ cause: 'iptables-legacy', ns, rules: legacy });
  if (ruleset.chains.length === 0) return undefined;
  for (const hook of hooks) {
    const drop = firewallDrop(ruleset, hook, view);
    if (!drop) continue;
    const named = ruleText(ns, drop.chain, drop.rule, await iptablesLinesOf(snap, ns, drop.chain));
    // The lesson is to let neighbour discovery through, not to drop the whole policy.
    const fix = neighbourDiscovery ? neighbourDiscoveryFix(ns, drop.chain) : named.fix;
    const finding: Finding = {
      cause: 'firewall-drops', ns, hook, traffic, rule: named.text, fix, certain: drop.certain, ...(neighbourDiscovery && { neighbourDiscovery }),
    };
    if (!drop.certain) {
      const other = drop.undecided && drop.undecided.rule !== drop.rule ? drop.undecided : undefined;
      const doubtful = (other ?? drop).rule;
      const matches = doubtful ? undecidedMatches(doubtful, view) : [];
      const otherLines = other && (await iptablesLinesOf(snap, ns, other.chain));
      finding.undecided = { matches, ...(other && { rule: ruleText(ns, other.chain, other.rule, otherLines).text }) };
    }
    if (drop.certain) return finding;
    warnings.push(finding);
    return undefined;
  }
  return undefined;
}

/** The rules that let neighbour discovery through a chain, in the syntax of the tool that made it. */
function neighbourDiscoveryFix(ns: Ns, chain: NftChain): string {
  if (isIptablesChain(chain)) {
    const accept = (type: string) => inNs(ns, `ip6tables -I ${chain.name} -p ipv6-icmp -m icmp6 --icmpv6-type ${type} -j ACCEPT`);
    return `${accept('neighbour-solicitation')} && ${accept('neighbour-advertisement')}`;
  }
  return inNs(ns, `nft insert rule ${chain.family} ${chain.table} ${chain.name} icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept`);
}

/** The address an interface sends neighbour discovery from: its link-local one (RFC 4861 4.3; the kernel prefers it), else its first IPv6 one. */
function ndSource(end: Located): string | undefined {
  const v6 = end.link.addresses.filter((a) => a.family === 'inet6');
  return (v6.find((a) => a.scope === 'link') ?? v6[0])?.address;
}

/**
 * Whether the firewalls at the two ends of an IPv6 link let neighbour discovery through: `near`
 * solicits `nextHop` (output there, input at `far`), `far` advertises back (output there, input
 * at `near`). Neighbour discovery is not tracked by conntrack (ct state untracked), so a filter
 * that accepts only `established,related` and pings drops it, and the link carries nothing.
 * @returns the finding (cause 9, `neighbourDiscovery` set) for a certain drop; a possible one goes to `warnings`.
 */
export async function neighbourDiscoveryDrop(snap: Snapshot, near: Located, far: Located, nextHop: string, warnings: Finding[]): Promise<Finding | undefined> {
  const [from, to] = [ndSource(near), ndSource(far)];
  if (from === undefined || to === undefined) return undefined;
  const base = { family: 6 as const, proto: 'icmp' as const, ctState: 'untracked' as const };
  // A solicitation goes to the next hop's solicited-node multicast address (RFC 4291 2.7.1).
  const solicited = fromBigInt(0xff02_0000_0000_0000_0000_0001_ff00_0000n | (toBigInt(nextHop, 6) & 0xff_ffffn), 6);
  const solicit: PacketView = { ...base, saddr: from, daddr: solicited, icmpType: 'nd-neighbor-solicit' };
  const advert: PacketView = { ...base, saddr: nextHop, daddr: from, icmpType: 'nd-neighbor-advert' };
  const solicitText = `IPv6 neighbour solicitations from ${from} for ${nextHop}`;
  const advertText = `IPv6 neighbour advertisements from ${nextHop} to ${from}`;
  return (
    (await viewDrop(snap, near.ns, ['output'], { ...solicit, oif: near.link.name }, solicitText, warnings, { peer: far.ns })) ??
    (await viewDrop(snap, far.ns, ['input'], { ...solicit, iif: far.link.name }, solicitText, warnings, { peer: near.ns })) ??
    (await viewDrop(snap, far.ns, ['output'], { ...advert, oif: far.link.name }, advertText, warnings, { peer: near.ns })) ??
    (await viewDrop(snap, near.ns, ['input'], { ...advert, iif: near.link.name }, advertText, warnings, { peer: far.ns }))
  );
}
