/**
 * `firewall accepts|drops FLOW`: the namespace's filter evaluated for the flow's first packet
 * (connection tracking state new; a ping's echo request) at the hooks it passes (nft(8),
 * ADDRESS FAMILIES): output and postrouting when it comes from one of the namespace's own
 * addresses, prerouting and input when it goes to one, prerouting, forward and postrouting
 * when the namespace forwards it. Interfaces not given are found from the main routing table:
 * out by the route to TO, in by the route back to FROM. A flow that comes in (not from the
 * namespace's own addresses) to an address a destination NAT rule translates is followed to where
 * it goes: the prerouting filter sees it as written, input or forward and postrouting as
 * translated (`to 203.0.113.1 port 2222` published to 172.18.0.10:22 is judged by the filter
 * rules on 172.18.0.10:22), and found says so. Source NAT (postrouting) is not applied.
 * iptables-legacy rules, which nft does not show, make the verdict fail, named, unless nft
 * certainly drops the flow (netfilter-context.ts).
 */
import { filterDecision } from '../diagnose/firewall.js';
import { natDecision, withIptablesArguments } from '../diagnose/nat.js';
import { longestPrefixMatch } from '../diagnose/route-lookup.js';
import { outsideClass, prefixClass, undecidedMatches, type Hook, type PacketView } from '../diagnose/nft-match.js';
import type { NftChain, NftRule } from '../state/read-nft-ruleset.js';
import type { RouteInfo } from '../state/types.js';
import { describeFlow, describePlace } from './describe-check.js';
import { failedRead, type Evaluator, type Verdict } from './evaluate-context.js';
import type { Flow, Predicate } from './model.js';
import { isVerdict, readNetfilter, withoutLegacy } from './netfilter-context.js';

type Direction = 'output' | 'input' | 'forward';

const HOOKS: Record<Direction, readonly Hook[]> = {
  output: ['output', 'postrouting'],
  input: ['prerouting', 'input'],
  forward: ['prerouting', 'forward', 'postrouting'],
};

/** A single address (not a prefix) as written, or undefined. */
function single(text: string | undefined): string | undefined {
  return text !== undefined && !text.includes('/') ? text : undefined;
}

/** The packet of the flow at one hook: no input interface on the way out of the namespace, no output one on the way in (nft sees an empty name). */
function packetAt(hook: Hook, base: PacketView): PacketView {
  const noIn = hook === 'output' || (hook === 'postrouting' && base.iif === undefined);
  const noOut = hook === 'prerouting' || hook === 'input';
  return { ...base, ...(noIn && { iif: '' }), ...(noOut && { oif: '' }) };
}

/** The interface of the route to an address, or to every address of a prefix (a route at least as wide); undefined when none is. */
function routeDev(table: readonly RouteInfo[], text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const [network = '', len = '32'] = text.split('/');
  const route = longestPrefixMatch(table, network)?.route;
  const routeLen = route === undefined ? 0 : route.dst === 'default' ? 0 : Number(route.dst.split('/')[1]);
  return route !== undefined && routeLen <= Number(len) ? route.dev : undefined;
}

function addressView(text: string | undefined): PacketView['saddr'] {
  if (text === undefined) return outsideClass();
  return single(text) ?? prefixClass(text) ?? outsideClass();
}

function chainName(c: NftChain): string {
  return `${c.family} ${c.table} ${c.name}`;
}

/** `firewall accepts|drops FLOW` (see the module comment). */
export const evaluateFirewall: Evaluator<'firewall'> = async (p: Extract<Predicate, { kind: 'firewall' }>, ns, reader) => {
  const [filter, links, routes] = await Promise.all([readNetfilter(reader, ns), reader.links(ns), reader.routes(ns, 4)]);
  if (isVerdict(filter)) return filter;
  if (!links.ok) return failedRead(links);
  // Any iptables-legacy rule may change the verdict, but none can let through what nft drops.
  const said = (v: Verdict, certainDrop = false): Verdict => withoutLegacy(v, filter, ns, () => true, certainDrop && !p.accepts);
  const own = new Set(links.value.flatMap((l) => l.addresses.filter((a) => a.family === 'inet').map((a) => a.address)));
  const f: Flow = p.flow;
  const from = single(f.from);
  const to = single(f.to);
  const outgoing = from !== undefined && own.has(from);
  const table = routes.ok ? routes.value : [];
  const iif = f.in ?? (!outgoing ? routeDev(table, f.from) : undefined);
  const written: PacketView = {
    saddr: addressView(f.from), daddr: addressView(f.to), proto: f.proto, ctState: 'new', daddrLocal: to !== undefined && own.has(to),
    ...(f.proto === 'icmp' ? { icmpType: 'echo-request' as const } : { sport: 'ephemeral' as const, ...(f.port !== undefined && { dport: f.port }) }),
    ...(iif !== undefined && { iif }),
  };
  const place = describePlace(ns);
  // Destination NAT happens at prerouting, before the routing decision and the later hooks.
  const dnat = outgoing ? undefined : natDecision(filter.ruleset, 'prerouting', written);
  if (dnat?.translated && !dnat.certain) {
    return said({ passed: false, found: `${place} may translate ${describeFlow(f)}: ${await filter.name(dnat.chain, dnat.rule)} has a match nslab cannot decide for it` });
  }
  const translated = dnat?.translated ? withIptablesArguments(dnat.nat, await filter.iptablesLine(dnat.chain, dnat.rule)) : undefined;
  const after = translated?.type === 'dnat' && translated.addr !== undefined ? { addr: translated.addr, port: translated.port ?? f.port } : undefined;
  const finalTo = after?.addr ?? to;
  const direction: Direction = outgoing ? 'output' : finalTo !== undefined && own.has(finalTo) ? 'input' : 'forward';
  const oif = f.out ?? (direction !== 'input' ? routeDev(table, after?.addr ?? f.to) : undefined);
  const base: PacketView = { ...written, daddrLocal: direction === 'input', ...(oif !== undefined && { oif }) };
  const routed: PacketView = after ? { ...base, daddr: after.addr, ...(after.port !== undefined && { dport: after.port }) } : base;
  const natNote = after && dnat?.translated ? ` (after destination NAT to ${after.addr}${after.port !== undefined ? `:${after.port}` : ''} by ${await filter.name(dnat.chain, dnat.rule)})` : '';
  const flow = `${describeFlow(f)}${iif !== undefined && f.in === undefined ? ` in ${iif}` : ''}${oif !== undefined && f.out === undefined ? ` out ${oif}` : ''}${natNote}`;
  const accepted: string[] = [];
  let doubt: string | undefined;
  for (const hook of HOOKS[direction]) {
    const packet = packetAt(hook, hook === 'prerouting' ? base : routed);
    const decision = filterDecision(filter.ruleset, hook, packet);
    // Which of the rule's matches nslab cannot decide: `the iptables match \`-m limit ...\``.
    const undecided = (rule: NftRule): string => {
      const phrases = undecidedMatches(rule, packet);
      return phrases.length > 0 ? `: ${phrases.join('; ')}` : '';
    };
    if (decision.verdict === 'drop') {
      const by = decision.rule ? await filter.name(decision.chain, decision.rule) : `the policy drop of chain ${chainName(decision.chain)}`;
      if (decision.certain) return said({ passed: !p.accepts, found: `${place} drops ${flow} at the ${hook} hook: ${by}` }, true);
      // The undecided rule is the one to name: it may take the packet before the drop does.
      doubt ??= decision.undecided
        ? `${await filter.name(decision.undecided.chain, decision.undecided.rule)} (${hook} hook), before ${by}, has a match nslab cannot decide for it${undecided(decision.undecided.rule)}`
        : `${by} (${hook} hook) has a match nslab cannot decide for it${decision.rule ? undecided(decision.rule) : ''}`;
      continue;
    }
    if (decision.mayDrop) doubt ??= `${await filter.name(decision.mayDrop.chain, decision.mayDrop.rule)} (${hook} hook) has a match nslab cannot decide for it${undecided(decision.mayDrop.rule)}`;
    if (decision.by) accepted.push(`${hook}: ${decision.by.rule ? await filter.name(decision.by.chain, decision.by.rule) : `the policy accept of chain ${chainName(decision.by.chain)}`}`);
  }
  if (doubt !== undefined) return said({ passed: false, found: `${place} may drop ${flow}: ${doubt}` });
  const how = accepted.length > 0 ? accepted.join('; ') : `no filter chain on the ${HOOKS[direction].join(', ')} hooks`;
  return said({ passed: p.accepts, found: `${place} accepts ${flow} (${how})` });
};
