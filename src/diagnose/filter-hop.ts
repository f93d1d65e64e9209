/**
 * The firewall at one hop of the walk: the packet `why` follows (a ping, or a TCP connection
 * with `--tcp`) as netfilter sees it at the hooks the namespace runs (output and postrouting
 * where it starts, prerouting, forward and postrouting where it is forwarded, prerouting and
 * input where it arrives — nft(8), ADDRESS FAMILIES, IPv4), checked against the namespace's
 * nftables ruleset (iptables-nft rules included). A namespace with iptables-legacy rules, which
 * are not in that ruleset, gets a warning that names them.
 */
import type { IptablesTable } from '../state/read-iptables.js';
import { readIptablesLegacy } from '../state/read-iptables-legacy.js';
import type { NftRuleset } from '../state/read-nft-ruleset.js';
import { firewallDrop, type Hook, type PacketView } from './firewall.js';
import { ruleText } from './firewall-text.js';
import { undecidedMatches } from './nft-match.js';
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
    if (!decoded.has(ruleset)) decoded.set(ruleset, decodeXtMatches(ruleset, (table) => snap.iptablesTable(ns, table)));
    return decoded.get(ruleset)!;
  });
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
  const base = { saddr: p.source, daddr: p.target, ctState: forward ? ('new' as const) : ('established' as const), ...ifaces };
  if (p.traffic.proto === 'icmp') return { ...base, proto: 'icmp', icmpType: forward ? 'echo-request' : 'echo-reply' };
  const [sport, dport] = forward ? (['ephemeral', p.traffic.port] as const) : ([p.traffic.port, 'ephemeral'] as const);
  return { ...base, proto: 'tcp', sport, dport };
}

/** `pings (ICMP echo requests) from 10.0.1.2 to 10.0.2.2`, `TCP replies from 10.0.2.2 port 80 to 10.0.1.2`. */
export function trafficText(p: WalkedPacket): string {
  const forward = p.direction === 'forward';
  if (p.traffic.proto === 'icmp') return `${forward ? 'pings (ICMP echo requests)' : 'ping replies'} from ${p.source} to ${p.target}`;
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
  const ruleset = await firewallOf(snap, ns);
  // Rules nslab does not read: whatever it finds here is said with them named (once a namespace).
  const legacy = await legacyRulesOf(snap, ns);
  if (legacy.length > 0 && !warnings.some((w) => w.cause === 'iptables-legacy' && w.ns === ns)) warnings.push({ cause: 'iptables-legacy', ns, rules: legacy });
  if (ruleset.chains.length === 0) return undefined;
  for (const hook of hooks) {
    const drop = firewallDrop(ruleset, hook, packetView(p, ifaces));
    if (!drop) continue;
    const lines = drop.chain.family === 'ip' && drop.chain.table === 'filter' ? await snap.iptablesTable(ns, 'filter') : undefined;
    const { text, fix } = ruleText(ns, drop.chain, drop.rule, lines);
    const finding: Finding = { cause: 'firewall-drops', ns, hook, traffic: trafficText(p), rule: text, fix, certain: drop.certain };
    if (!drop.certain) {
      const other = drop.undecided && drop.undecided.rule !== drop.rule ? drop.undecided : undefined;
      const doubtful = (other ?? drop).rule;
      const matches = doubtful ? undecidedMatches(doubtful, packetView(p, ifaces)) : [];
      const otherTable = other?.chain.family === 'ip' && /^(filter|nat|mangle|raw)$/.test(other.chain.table) ? (other.chain.table as IptablesTable) : undefined;
      const otherLines = otherTable && (await snap.iptablesTable(ns, otherTable));
      finding.undecided = { matches, ...(other && { rule: ruleText(ns, other.chain, other.rule, otherLines).text }) };
    }
    if (drop.certain) return finding;
    warnings.push(finding);
    return undefined;
  }
  return undefined;
}
