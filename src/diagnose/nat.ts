/**
 * Would netfilter translate this packet, and how? The `nat` base chains of one hook (nft(8),
 * CHAINS: type nat) in priority order, each run as the filter's are (nft-match.ts): the first
 * rule whose matches hold and that has a NAT statement (`masquerade`, `snat`, `dnat`,
 * `redirect`, or iptables's MASQUERADE/SNAT/DNAT/REDIRECT targets) decides the connection's
 * translation; an `accept` ends only its chain. Only a connection's first packet goes through
 * these chains: conntrack applies the same translation to the rest, and undoes it on replies.
 */
import type { NftChain, NftRule, NftRuleset } from '../state/read-nft-ruleset.js';
import { normalizeAddress } from '../util/cidr.js';
import { baseChains, runChain, type Doubt, type NatStatement, type PacketView } from './nft-match.js';

/** The hooks NAT chains sit on for a routed packet: destination NAT before routing, source NAT after. */
export type NatHook = 'prerouting' | 'postrouting' | 'output';

/** The rule that translates (or may translate) a packet. */
export interface NatMatch {
  chain: NftChain;
  rule: NftRule;
  nat: NatStatement;
}

/** What the NAT chains of one hook do with a new connection's first packet. */
export type NatDecision =
  /** Translated by this rule; certain unless a match nslab cannot decide stood before it. */
  | ({ translated: true; certain: boolean } & NatMatch)
  /** Left alone; `may` is a rule that might have translated it (its matches undecided). */
  | { translated: false; may?: NatMatch };

/**
 * Runs the nat base chains of one hook for a packet.
 * @param ruleset the namespace's ruleset (`ip` and `inet` tables).
 * @param hook prerouting (destination NAT), postrouting (source NAT) or output (locally made).
 * @param p the packet (addresses may be classes: "every address of 10.0.1.0/24").
 */
export function natDecision(ruleset: NftRuleset, hook: NatHook, p: PacketView): NatDecision {
  const doubt: Doubt = { shaky: false };
  for (const chain of baseChains(ruleset.chains, hook, 'nat', p.family ?? 4)) {
    const end = runChain(ruleset.chains, chain, p, doubt);
    if (end.end === 'nat') return { translated: true, certain: !doubt.shaky, chain: end.chain, rule: end.rule, nat: end.nat };
  }
  return { translated: false, ...(doubt.mayNat && { may: doubt.mayNat }) };
}

/**
 * Fills in an iptables NAT target's arguments from its `iptables -t nat -S` line
 * (`--to-source 203.0.113.1`, `--to-destination 172.18.0.10:80`, `--to-ports 5353`), or
 * ip6tables's (`--to-source 2001:db8::1`, `--to-destination [fd00::5]:8080`), which nft's JSON
 * leaves out (libxt_SNAT, libxt_DNAT, libxt_REDIRECT in iptables-extensions(8)). Of a range,
 * the first address and port.
 * @param line the rule's `-A CHAIN ...` line, when known.
 */
export function withIptablesArguments(nat: NatStatement, line: string | undefined): NatStatement {
  if (!nat.xt || line === undefined) return nat;
  const to = /--to-(?:source|destination) (\S+)/.exec(line)?.[1] ?? /--to-ports (\S+)/.exec(line)?.[1]?.replace(/^/, ':');
  if (to === undefined) return nat;
  const m = /^([0-9.]*)(?:-[0-9.]+)?(?::(\d+)(?:-\d+)?)?$/.exec(to) ?? /^\[([0-9a-fA-F:.]+)(?:-[0-9a-fA-F:.]+)?\](?::(\d+)(?:-\d+)?)?$/.exec(to) ?? /^([0-9a-fA-F:]*:[0-9a-fA-F:.]*)(?:-[0-9a-fA-F:.]+)?()$/.exec(to);
  if (!m) return nat;
  const addr = m[1] !== undefined && m[1] !== '' ? normalizeAddress(m[1]) : undefined;
  return { ...nat, ...(addr !== undefined && { addr }), ...(m[2] !== undefined && m[2] !== '' && { port: Number(m[2]) }) };
}
