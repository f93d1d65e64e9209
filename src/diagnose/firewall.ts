/**
 * Would the packet filter accept or drop this packet? An evaluation of a namespace's nftables
 * ruleset (libnftables-json(5)) for one packet at one hook, as netfilter runs it (nft(8),
 * CHAINS): the `filter` base chains of the hook in priority order (nft-match.ts runs each),
 * the chain's policy when no rule decided; `accept` ends only the chain it is in,
 * `drop`/`reject` end the packet.
 *
 * Conservative: a drop behind a match nslab cannot decide (an iptables `xt` match, a named set,
 * a limit) is reported as "may drop", never as certain.
 */
import type { NftChain, NftRule, NftRuleset } from '../state/read-nft-ruleset.js';
import { baseChains, runChain, type Doubt, type Hook, type PacketView } from './nft-match.js';

export type { Hook, PacketView } from './nft-match.js';

/** Where the filter drops the packet: the rule, or the chain's policy when `rule` is undefined. */
export interface FirewallDrop {
  chain: NftChain;
  rule?: NftRule;
  /** False when a match nslab cannot decide stands in the way: the packet may or may not be dropped. */
  certain: boolean;
  /** When not certain: the first rule whose match nslab cannot decide (it may have taken the packet first). */
  undecided?: { chain: NftChain; rule: NftRule };
}

/** What the filter of one hook does with the packet. */
export type FilterDecision =
  | ({ verdict: 'drop' } & FirewallDrop)
  | {
      verdict: 'accept';
      /** The last rule (or policy, rule undefined) that accepted it; undefined when no filter chain is on the hook. */
      by?: { chain: NftChain; rule?: NftRule };
      /** The first rule that may drop it, behind a match nslab cannot decide. */
      mayDrop?: { chain: NftChain; rule: NftRule };
    };

/**
 * Evaluates the filter base chains of one hook for one packet.
 * @param ruleset the namespace's ruleset (`ip` and `inet` tables for IPv4, `ip6` and `inet` for IPv6).
 * @param hook where the packet is.
 * @param p the packet.
 * @returns drop (with the rule or policy, certain or not), or accept (with what accepted it).
 */
export function filterDecision(ruleset: NftRuleset, hook: Hook, p: PacketView): FilterDecision {
  const doubt: Doubt = { shaky: false };
  let by: { chain: NftChain; rule?: NftRule } | undefined;
  for (const chain of baseChains(ruleset.chains, hook, 'filter', p.family ?? 4)) {
    const end = runChain(ruleset.chains, chain, p, doubt);
    const undecided = doubt.shakyBy && { undecided: doubt.shakyBy };
    if (end.end === 'drop') return { verdict: 'drop', chain: end.chain, rule: end.rule, certain: !doubt.shaky, ...undecided };
    if (end.end === 'accept') by = { chain: end.chain, rule: end.rule };
    else if (chain.policy === 'drop') return { verdict: 'drop', chain, certain: !doubt.shaky, ...undecided };
    else by = { chain };
  }
  return { verdict: 'accept', ...(by && { by }), ...(doubt.mayDrop && { mayDrop: doubt.mayDrop }) };
}

/**
 * Evaluates the filter base chains of one hook for one packet.
 * @param ruleset the namespace's ruleset (`ip` and `inet` tables for IPv4, `ip6` and `inet` for IPv6).
 * @param hook where the packet is.
 * @param p the packet.
 * @returns where it is dropped (certain or not), or undefined when it passes.
 */
export function firewallDrop(ruleset: NftRuleset, hook: Hook, p: PacketView): FirewallDrop | undefined {
  const decision = filterDecision(ruleset, hook, p);
  if (decision.verdict === 'drop') {
    const { verdict: _verdict, ...drop } = decision;
    return drop;
  }
  return decision.mayDrop ? { ...decision.mayDrop, certain: false } : undefined;
}
