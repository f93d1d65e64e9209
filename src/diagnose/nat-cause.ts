/**
 * The lesson of a NAT lab when the reply finds no way back. Mostly: the request left a router toward
 * public addresses with its private source untranslated, and no network out there has a route
 * to private addresses (RFC 1918: "routing information about private networks shall not be
 * propagated on inter-enterprise links"). The cause names that router, the interface it should
 * masquerade out of, and the fix in the form the router's packet filter already uses (nft or
 * iptables). Or: the router translated the source to an address that is not its own, and the
 * reply to that address finds nobody.
 */
import { isIPv6 } from 'node:net';
import type { NftChain, NftRule, NftRuleset } from '../state/read-nft-ruleset.js';
import { prefixRange, v4ToNumber } from '../util/ipv4-ranges.js';
import { firewallOf, iptablesLinesOf, legacyRulesOf, packetView } from './filter-hop.js';
import { nftRuleText, ruleText } from './firewall-text.js';
import { cidrOf, globalAddresses, inSubnet, subnetOf } from './ip-address.js';
import { inNs, legacyRulesFix } from './messages.js';
import { natDecision } from './nat.js';
import { iptablesLineOf } from './nat-walk.js';
import { baseChains, sourceNatRules } from './nft-match.js';
import type { Snapshot } from './snapshot.js';
import type { Finding, FindingOf, Hop, Ns } from './types.js';
import type { WalkContext } from './walk.js';

/** Address blocks no network routes to from outside (RFC 1918, RFC 6598 shared space), with the RFC that reserves them. */
const PRIVATE_V4: ReadonlyArray<[string, string]> = [
  ['10.0.0.0/8', 'RFC 1918'],
  ['172.16.0.0/12', 'RFC 1918'],
  ['192.168.0.0/16', 'RFC 1918'],
  ['100.64.0.0/10', 'RFC 6598'],
];

/**
 * Which reserved private block an address is in.
 * @returns `RFC 1918` (or `RFC 6598`, shared address space), `RFC 4193` for an IPv6 unique
 *   local address (fc00::/7), undefined for any other address.
 */
export function privateRange(address: string): string | undefined {
  if (isIPv6(address)) return /^f[cd][0-9a-f]{0,2}:/i.test(address) ? 'RFC 4193' : undefined;
  const n = v4ToNumber(address);
  return PRIVATE_V4.find(([prefix]) => {
    const [lo, hi] = prefixRange(prefix)!;
    return n >= lo && n <= hi;
  })?.[1];
}

/** iptables-nft's built-in chains: table `ip filter|nat|mangle|raw`, an upper-case hook name. */
function madeByIptables(chain: NftChain): boolean {
  return chain.family === 'ip' && /^(filter|nat|mangle|raw)$/.test(chain.table) && /^(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING)$/.test(chain.name);
}

/** The masquerade rule to add, in the form the namespace's ruleset already uses. */
function masqueradeFix(ns: Ns, ruleset: NftRuleset, prefix: string, out: string): string {
  const nftChain = baseChains(ruleset.chains, 'postrouting', 'nat').find((c) => !madeByIptables(c));
  const rule = (c: { family: string; table: string; name: string }) => inNs(ns, `nft add rule ${c.family} ${c.table} ${c.name} ip saddr ${prefix} oifname "${out}" masquerade`);
  if (nftChain) return rule(nftChain);
  if (ruleset.chains.some(madeByIptables)) return inNs(ns, `iptables -t nat -A POSTROUTING -s ${prefix} -o ${out} -j MASQUERADE`);
  return [
    inNs(ns, 'nft add table ip nat'),
    inNs(ns, "nft add chain ip nat postrouting '{ type nat hook postrouting priority srcnat; }'"),
    rule({ family: 'ip', table: 'nat', name: 'postrouting' }),
  ].join(' && ');
}

/**
 * The router on the request's way that should have translated it: the one whose hop led to
 * the namespace without a route back (else the last router crossed), when it sent the packet
 * out by an interface with a public address.
 */
function edgeRouter(snap: Snapshot, src: Ns, hops: readonly Hop[], stuck: Ns): { hop: Hop; outCidr: string } | undefined {
  const routed = hops.filter((h) => h.direction === 'forward' && h.ok && h.from !== src && h.dev !== undefined);
  const hop = routed.find((h) => h.to === stuck) ?? routed.at(-1);
  if (!hop) return undefined;
  const outside = globalAddresses(snap.links(hop.from).find((l) => l.name === hop.dev)?.addresses ?? [], 4).find((a) => privateRange(a.address) === undefined);
  return outside && { hop, outCidr: cidrOf(outside) };
}

/** The source NAT rule with the router's own address instead of `address`: `iptables -t nat -R CHAIN N ...`, or `nft replace rule ... handle N ...`. */
async function ownAddressFix(snap: Snapshot, router: Ns, c: { chain: NftChain; rule: NftRule }, address: string, own: string): Promise<string> {
  const line = await iptablesLineOf(snap, router, c.chain, c.rule);
  if (line !== undefined) {
    const replaced = line.replace(`-A ${c.chain.name} `, `-R ${c.chain.name} ${c.chain.rules.indexOf(c.rule) + 1} `).replace(`--to-source ${address}`, `--to-source ${own}`);
    return inNs(router, `iptables -t ${c.chain.table} ${replaced}`);
  }
  const rule = nftRuleText(c.rule).replace(`snat to ${address}`, `snat to ${own}`);
  return inNs(router, `nft replace rule ${c.chain.family} ${c.chain.table} ${c.chain.name} handle ${c.rule.handle} '${rule}'`);
}

/**
 * A reply that nobody takes because a router's source NAT gave the request an address that is
 * none of the router's (`snat to 203.0.113.99` where it has 203.0.113.1): the reply is sent to
 * that address, nobody answers ARP for it, and conntrack on the router never sees it (found by
 * the tester; "nobody has 203.0.113.99" with the fix "add it to someone" missed the lesson).
 * @param target the request's destination (to find the rule that translated it again).
 * @param finding what stopped the reply's walk.
 * @returns the `source-nat-foreign` finding, or undefined when the address nobody has is not
 *   one a source NAT of this walk translated to.
 */
export async function foreignSourceNat(
  snap: Snapshot, target: string, ctx: WalkContext, finding: Finding,
): Promise<FindingOf<'source-nat-foreign'> | undefined> {
  if (finding.cause !== 'address-unassigned') return undefined;
  const translation = ctx.translations.find((t) => t.kind === 'source' && t.after.address === finding.address);
  if (!translation) return undefined;
  const router = translation.ns;
  const ownLink = snap.links(router).find((l) => globalAddresses(l.addresses, 4).some((a) => inSubnet(finding.address, a.address, a.prefixlen)));
  const ownAddress = ownLink && globalAddresses(ownLink.addresses, 4).find((a) => inSubnet(finding.address, a.address, a.prefixlen));
  const request = { source: translation.before.address, target, direction: 'forward' as const, traffic: ctx.traffic };
  const decision = natDecision(await firewallOf(snap, router), 'postrouting', packetView(request, ownLink ? { oif: ownLink.name } : {}));
  const rule = decision.translated ? decision : undefined;
  const lines = rule && (await iptablesLinesOf(snap, router, rule.chain));
  return {
    cause: 'source-nat-foreign', ns: finding.ns, dev: finding.dev, address: finding.address, source: translation.before.address, router,
    ...(ownLink && ownAddress && { own: { ifname: ownLink.name, cidr: cidrOf(ownAddress) } }),
    ...(rule && { rule: ruleText(router, rule.chain, rule.rule, lines).text }),
    ...(rule && ownAddress && { fix: await ownAddressFix(snap, router, rule, finding.address, ownAddress.address) }),
  };
}

/**
 * Replaces what stopped a reply by its cause in a NAT lab: a source NAT to an address that is
 * not the router's ({@link foreignSourceNat}), or a private source that left a router for
 * public addresses without source NAT.
 * @param request where the request came from (`src`, `source`) and the address it was sent to.
 * @param hops the walk so far (forward hops, then the reply's up to the broken one).
 * @param finding what stopped the reply's walk.
 * @returns the `source-nat-foreign` or `private-source-untranslated` finding, or undefined when
 *   the finding is neither an unanswered translated address nor a missing route back to an
 *   untranslated private source behind a router with a public side.
 */
export async function untranslatedSource(
  snap: Snapshot, { src, source, target }: { src: Ns; source: string; target: string }, hops: readonly Hop[], ctx: WalkContext, finding: Finding,
): Promise<FindingOf<'private-source-untranslated' | 'source-nat-foreign'> | undefined> {
  const foreign = await foreignSourceNat(snap, target, ctx, finding);
  if (foreign) return foreign;
  if (finding.cause !== 'no-route-back' || finding.dst !== source) return undefined;
  const range = privateRange(source);
  if (range === undefined || ctx.translations.some((t) => t.kind === 'source')) return undefined;
  const edge = edgeRouter(snap, src, hops, finding.ns);
  if (!edge) return undefined;
  const router = edge.hop.from;
  const out = edge.hop.dev!;
  const own = snap.links(src).flatMap((l) => globalAddresses(l.addresses, 4)).find((a) => a.address === source);
  const prefix = own ? subnetOf(own.address, own.prefixlen) : `${source}/32`;
  const ruleset = await firewallOf(snap, router);
  const request = { source, target, direction: 'forward' as const, traffic: ctx.traffic };
  // A NAT rule for this source that would hold on some interface, undecided or not on this one.
  const anywhere = natDecision(ruleset, 'postrouting', packetView(request, {}));
  const near = anywhere.translated ? anywhere : anywhere.may;
  let rule: { text: string; certain: boolean } | undefined;
  const named = async (c: { chain: NftChain; rule: NftRule }): Promise<string> => {
    return ruleText(router, c.chain, c.rule, await iptablesLinesOf(snap, router, c.chain)).text;
  };
  if (near) {
    const here = natDecision(ruleset, 'postrouting', packetView(request, { oif: out }));
    rule = { text: await named(near), certain: !here.translated && here.may === undefined };
  } else {
    // A source NAT rule that matches this source on no interface: most often its prefix is not
    // the private network's (found by the tester: `-s 192.168.2.0/24` went unnamed).
    const other = sourceNatRules(ruleset.chains, 'postrouting')[0];
    if (other) rule = { text: await named(other), certain: true };
  }
  // The NAT may be there, in iptables-legacy's tables, which nslab does not read: then moving
  // them where nft sees them is the fix (the tester's masq-legacy: the ping worked).
  const legacy = await legacyRulesOf(snap, router);
  return {
    cause: 'private-source-untranslated', ns: finding.ns, source, range, prefix, router, out, outCidr: edge.outCidr,
    ...(rule && { rule }), fix: legacy.length > 0 ? legacyRulesFix(router, legacy) : masqueradeFix(router, ruleset, prefix, out),
    ...(legacy.length > 0 && { legacy }),
  };
}
