/**
 * `nat masquerades|translates ...` and `nat forwards ...`: the namespace's NAT rules evaluated
 * for the connections the check describes (src/diagnose/nat.ts), never the commands that made
 * them. A source NAT check is about every packet from the prefix (leaving by the interface):
 * a rule that covers only some of them — narrower addresses, one protocol, one destination —
 * does not make it hold, and found names the rule. iptables-legacy nat rules, which nft does not
 * show, make any verdict fail, named (netfilter-context.ts).
 */
import { natDecision, withIptablesArguments, type NatDecision } from '../diagnose/nat.js';
import { outsideClass, prefixClass, undecidedMatches, type NatStatement, type PacketView } from '../diagnose/nft-match.js';
import type { LinkInfo } from '../state/types.js';
import { describePlace } from './describe-check.js';
import { failedRead, type Evaluator, type Verdict } from './evaluate-context.js';
import type { Predicate } from './model.js';
import { isVerdict, readNetfilter, withoutLegacy, type Netfilter } from './netfilter-context.js';

/** `masquerade`, `snat to 203.0.113.1`, `dnat to 172.18.0.10:80`. */
function natText(nat: NatStatement): string {
  const to = `${nat.addr ?? ''}${nat.port !== undefined ? `:${nat.port}` : ''}`;
  return to === '' ? nat.type : `${nat.type} to ${to}`;
}

/** The failing verdict for a decision that is not certain, or that translates nothing. */
async function notTranslated(filter: Netfilter, decision: NatDecision, packet: PacketView, subject: string, hint: string): Promise<Verdict> {
  const uncertain = decision.translated ? decision : decision.may;
  if (uncertain) {
    const why = undecidedMatches(uncertain.rule, packet);
    const because = why.length > 0 ? `covers only some of them: ${why.join('; ')}` : 'has a match nslab cannot decide for all of them';
    return { passed: false, found: `${subject} may or may not be translated: ${await filter.name(uncertain.chain, uncertain.rule)} (${natText(uncertain.nat)}) ${because}${hint}` };
  }
  return { passed: false, found: `${subject} are not translated${hint}` };
}

/** The NAT rules of a hook's nat chains, named, for a found text. */
async function natRules(filter: Netfilter, hook: string): Promise<string> {
  const chains = filter.ruleset.chains.filter((c) => c.type === 'nat' && c.hook === hook && (c.family === 'ip' || c.family === 'inet'));
  if (chains.length === 0) return `; there is no nat chain on the ${hook} hook`;
  const rules = chains.flatMap((c) => c.rules.filter((r) => r.expr.some((e) => isNatExpression(e))).map((r) => ({ c, r })));
  if (rules.length === 0) return `; the nat chains on the ${hook} hook have no NAT rule`;
  const named = await Promise.all(rules.map(({ c, r }) => filter.name(c, r)));
  return `; the NAT rules on the ${hook} hook: ${named.join('; ')}`;
}

function isNatExpression(e: unknown): boolean {
  const o = e as Record<string, { type?: string; name?: string } | null>;
  if (['masquerade', 'snat', 'dnat', 'redirect'].some((k) => k in o)) return true;
  return o.xt?.type === 'target' && /^(MASQUERADE|SNAT|DNAT|REDIRECT)$/.test(o.xt.name ?? '');
}

function addressOn(links: readonly LinkInfo[], ifname: string | undefined, address: string | undefined): boolean {
  return ifname !== undefined && address !== undefined && links.some((l) => l.name === ifname && l.addresses.some((a) => a.address === address));
}

/** The rules of iptables-legacy's nat table, which may translate what nft's rules do not (or first). */
const isLegacyNat = (line: string): boolean => line.startsWith('-t nat ');

/** `nat masquerades PREFIX [out IF]`, `nat translates PREFIX [out IF] to ADDR`. */
export const evaluateSourceNat: Evaluator<'source-nat'> = async (p, ns, reader) => {
  const [filter, links] = await Promise.all([readNetfilter(reader, ns), reader.links(ns)]);
  if (isVerdict(filter)) return filter;
  if (!links.ok) return failedRead(links);
  return withoutLegacy(await sourceNatVerdict(p, ns, filter, links.value), filter, ns, isLegacyNat);
};

async function sourceNatVerdict(p: Extract<Predicate, { kind: 'source-nat' }>, ns: string | undefined, filter: Netfilter, links: readonly LinkInfo[]): Promise<Verdict> {
  const source = prefixClass(p.source)!;
  const packet: PacketView = { saddr: source, daddr: outsideClass(source), proto: 'any', ctState: 'new', ...(p.out !== undefined && { oif: p.out }) };
  const decision = natDecision(filter.ruleset, 'postrouting', packet);
  const subject = `packets from ${p.source}${p.out !== undefined ? ` leaving by ${p.out}` : ''} in ${describePlace(ns)}`;
  if (!decision.translated || !decision.certain) {
    const hint = p.out === undefined ? ' (such as the interface they leave by: name it with "out IF")' : '';
    const failed = await notTranslated(filter, decision, packet, subject, decision.translated || decision.may ? hint : '');
    return decision.translated || decision.may ? failed : { passed: false, found: failed.found + (await natRules(filter, 'postrouting')) };
  }
  const nat = withIptablesArguments(decision.nat, await filter.iptablesLine(decision.chain, decision.rule));
  const by = await filter.name(decision.chain, decision.rule);
  // snat to the outgoing interface's own address is what masquerade does (with a fixed address).
  const passed = p.to === undefined
    ? nat.type === 'masquerade' || (nat.type === 'snat' && addressOn(links, p.out, nat.addr))
    : (nat.type === 'snat' && nat.addr === p.to) || (nat.type === 'masquerade' && addressOn(links, p.out, p.to));
  const what = nat.type === 'masquerade' && p.out !== undefined ? `masquerade (to the address of ${p.out})` : natText(nat);
  // The tester's finding c: an snat to an address nobody here has loses every reply.
  const foreign = nat.type === 'snat' && nat.addr !== undefined && !links.some((l) => l.addresses.some((a) => a.address === nat.addr));
  const lost = foreign ? `; ${nat.addr} is none of ${describePlace(ns)}'s addresses, so the replies to it reach nobody` : '';
  return { passed, found: `${subject} get ${what}: ${by}${lost}` };
}

/** `nat forwards tcp|udp ADDR:PORT [in IF] to ADDR[:PORT]`. */
export const evaluateDestinationNat: Evaluator<'destination-nat'> = async (p, ns, reader) => {
  const [filter, links] = await Promise.all([readNetfilter(reader, ns), reader.links(ns)]);
  if (isVerdict(filter)) return filter;
  if (!links.ok) return failedRead(links);
  return withoutLegacy(await destinationNatVerdict(p, ns, filter, links.value), filter, ns, isLegacyNat);
};

async function destinationNatVerdict(p: Extract<Predicate, { kind: 'destination-nat' }>, ns: string | undefined, filter: Netfilter, links: readonly LinkInfo[]): Promise<Verdict> {
  // Where connections for the published address come in: the interface carrying it, unless told.
  const owner = links.find((l) => l.addresses.some((a) => a.address === p.address));
  const iif = p.in ?? owner?.name;
  const packet: PacketView = {
    saddr: outsideClass(), daddr: p.address, proto: p.proto, sport: 'ephemeral', dport: p.port, ctState: 'new',
    daddrLocal: owner !== undefined, ...(iif !== undefined && { iif }),
  };
  const decision = natDecision(filter.ruleset, 'prerouting', packet);
  const subject = `${p.proto} connections to ${p.address}:${p.port}${iif !== undefined ? ` coming in by ${iif}` : ''} in ${describePlace(ns)}`;
  if (!decision.translated || !decision.certain) {
    const hint = iif === undefined ? ' (such as the interface they come in by: name it with "in IF")' : '';
    const failed = await notTranslated(filter, decision, packet, subject, decision.translated || decision.may ? hint : '');
    return decision.translated || decision.may ? failed : { passed: false, found: failed.found + (await natRules(filter, 'prerouting')) };
  }
  const nat = withIptablesArguments(decision.nat, await filter.iptablesLine(decision.chain, decision.rule));
  const by = await filter.name(decision.chain, decision.rule);
  const passed = nat.type === 'dnat' && nat.addr === p.to && (nat.port ?? p.port) === (p.toPort ?? p.port);
  const goes = nat.type === 'dnat' && nat.addr !== undefined ? `go to ${nat.addr}:${nat.port ?? p.port}` : `get ${natText(nat)}`;
  return { passed, found: `${subject} ${goes}: ${by}` };
}
