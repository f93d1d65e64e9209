/**
 * The kernel's route lookup with policy routing: the rules (`ip rule`), in priority order,
 * pick the tables to search; the first table with a matching route decides (fib_rules_lookup,
 * net/core/fib_rules.c; ip-rule(8): "the rules are scanned in order of decreasing priority").
 * Tables are searched by longest-prefix match (ip-route(8)).
 */
import { formatRule } from '../state/read-rules.js';
import type { RouteInfo, RuleInfo } from '../state/types.js';
import { ipFamily, prefixContains } from '../util/cidr.js';
import { packetView, type Traffic } from './filter-hop.js';
import type { PacketView } from './nft-match.js';
import { packetMark, type MarkResult } from './packet-mark.js';
import type { Snapshot } from './snapshot.js';
import type { Ns } from './types.js';

/** The packet a lookup is for. */
export interface RouteQuery {
  /** Destination address. */
  target: string;
  /**
   * Source address when the lookup knows it: a forwarded packet's, or a reply's (sent from the
   * address the request reached). Undefined for a packet the namespace originates from an
   * unbound socket (a plain `ping`): the kernel looks the route up with source 0.0.0.0 and picks
   * the source from the route (ip_route_output_key_hash_rcu), so `from PREFIX` rules do not match it.
   */
  source?: string;
  /** Interface the packet came in on; undefined for a packet the namespace sends itself (`iif lo`). */
  iif?: string;
  /** What the packet carries, for rules with `ipproto`, `sport` or `dport`. */
  traffic?: Traffic;
  /** The packet is a reply (its source port is the traffic's port, not its destination port). */
  reply?: boolean;
  /**
   * The packet as the firewall sees it (its source even when the lookup does not use it), for
   * the mark a `fwmark` rule compares: made from the fields above when not given.
   */
  view?: PacketView;
}

/** A rule whose match nslab could not decide, and what it could not decide. */
export interface UndecidedRule {
  rule: string;
  reason: string;
}

/** What the lookup chose. */
export interface RouteChoice {
  /** The route that decides: a unicast route, or a blackhole/unreachable/prohibit one. Undefined: no route. */
  route?: RouteInfo;
  /** The table the route came from. */
  table?: string;
  /** The rule that chose that table, when it is not the ordinary `lookup main` rule (`100: from 10.0.2.2 lookup 100`). */
  rule?: string;
  /** A rule whose action rejects the packet (`unreachable`, `prohibit`, `blackhole`), when one matched first. */
  rejectedBy?: string;
  /** Every table searched, in order (main, default, and those the rules named). */
  tables: string[];
  /** Rules skipped as not matching although nslab could not decide it (a mark, a tos, a source port...). */
  undecided: UndecidedRule[];
  /** The packet's firewall mark, when a `fwmark` rule asked for it and the firewall set one. */
  mark?: { mark: number; setBy: string };
}

/** The rules every namespace starts with (ip-rule(8), "At startup time the kernel configures three rules"). */
function isStandard(rule: RuleInfo): boolean {
  return rule.from === undefined && rule.to === undefined && rule.iif === undefined && rule.oif === undefined
    && rule.fwmark === undefined && rule.selectors === undefined && !rule.not
    && ((rule.priority === 0 && rule.table === 'local') || (rule.priority === 32766 && rule.table === 'main') || (rule.priority === 32767 && rule.table === 'default'));
}

/**
 * The longest-prefix match in one table, the first listed among equals (ip lists same-prefix
 * routes by metric).
 * @param routes one family's routes (`default` or `NET/LEN`).
 * @returns the route and its prefix length, or undefined when none matches.
 */
export function longestPrefixMatch(routes: readonly RouteInfo[], dst: string): { route: RouteInfo; prefixlen: number } | undefined {
  let best: { route: RouteInfo; prefixlen: number } | undefined;
  const family = ipFamily(dst);
  for (const route of routes) {
    const prefix = route.dst === 'default' ? (family === 6 ? '::/0' : '0.0.0.0/0') : route.dst;
    const prefixlen = Number(prefix.split('/')[1]);
    if (best !== undefined && prefixlen <= best.prefixlen) continue;
    if (prefixContains(prefix, dst)) best = { route, prefixlen };
  }
  return best;
}

type Match = true | false | UndecidedRule;

/**
 * Whether a rule's selectors match the packet (fib_rule_match and fib4_rule_match /
 * fib6_rule_match), for a plain packet: tos 0, sent by root (uid 0), and the firewall mark the
 * namespace's ruleset gives it before the lookup (packet-mark.ts).
 * @param mark the packet's mark, worked out once per lookup when a rule asks for it.
 */
async function ruleMatches(rule: RuleInfo, q: RouteQuery, mark: () => Promise<MarkResult>): Promise<Match> {
  const undecided = (reason: string): UndecidedRule => ({ rule: formatRule(rule), reason });
  if (rule.detached) return false;
  let match = true;
  if (rule.from !== undefined) match &&= q.source !== undefined && prefixContains(rule.from, q.source);
  if (rule.to !== undefined) match &&= prefixContains(rule.to, q.target);
  // A packet the namespace sends itself is looked up with iif lo (flowi4_iif = LOOPBACK_IFINDEX).
  if (rule.iif !== undefined) match &&= rule.iif === (q.iif ?? 'lo');
  // Only a socket bound to a device (SO_BINDTODEVICE, `ping -I DEV`) carries an oif into the lookup.
  if (rule.oif !== undefined) match &&= false;
  if (rule.fwmark !== undefined && match) {
    const marked = await mark();
    if ('undecided' in marked) return undecided(marked.undecided);
    // fib_rule_match: (rule mark ^ packet mark) & rule mask must be 0.
    const [value = '0', mask = '0xffffffff'] = rule.fwmark.split('/');
    match &&= ((Number(value) ^ marked.mark) & Number(mask)) === 0;
  }
  for (const selector of rule.selectors ?? []) {
    // A selector that does not match settles it, whatever the ones after it are.
    if (!match) break;
    const [key = '', value = ''] = selector.split(' ');
    if (key === 'tos' || key === 'dsfield') match &&= Number(value) === 0;
    else if (key === 'uid_start') match &&= Number(value) === 0;
    else if (key === 'uid_end') match &&= true;
    else if (key === 'ipproto') {
      const proto = q.traffic?.proto;
      if (proto === undefined) return undecided(`the packet's protocol is not known`);
      match &&= value === proto || (proto === 'icmp' && value === 'ipv6-icmp' && ipFamily(q.target) === 6);
    } else if (key === 'dport' || key === 'sport') {
      const traffic = q.traffic;
      if (traffic?.proto !== 'tcp') return undecided(`${key} on a packet without ports`);
      // The walk's TCP packet goes to `port` (a reply comes from it); the other side's port is ephemeral.
      const known = key === (q.reply ? 'sport' : 'dport') ? traffic.port : undefined;
      if (known === undefined) return undecided(`the connection's ephemeral port`);
      const [low = '', high = low] = value.split('-');
      match &&= known >= Number(low) && known <= Number(high);
    } else return undecided(`nslab does not model ${key}`);
  }
  return rule.not ? !match : match;
}

const REJECT_ACTIONS = new Set(['unreachable', 'prohibit', 'blackhole']);

/**
 * Looks up the route the kernel would use for a packet leaving or crossing a namespace.
 * The `local` table is not searched: the walk has already handled the namespace's own
 * addresses. The `default` table is read only when no earlier table has a route (it is almost
 * always empty, and each table is one more `ip` process).
 * @param snap the snapshot the rules and tables are read from (memoized).
 * @param ns the namespace doing the lookup.
 * @param q the packet: destination, and source and incoming interface when known.
 * @returns the route chosen (or none), with the table and the rule that chose it.
 * @throws EnvironmentError when the state cannot be read (through the snapshot).
 */
export async function lookupRoute(snap: Snapshot, ns: Ns, q: RouteQuery): Promise<RouteChoice> {
  const family = ipFamily(q.target) ?? 4;
  const rules = await snap.rules(ns, family);
  const choice: RouteChoice = { tables: [], undecided: [] };
  let marked: Promise<MarkResult> | undefined;
  const mark = (): Promise<MarkResult> => {
    const view = q.view ?? packetView({ source: q.source ?? '0.0.0.0', target: q.target, direction: q.reply ? 'back' : 'forward', traffic: q.traffic ?? { proto: 'icmp' } }, q.iif !== undefined ? { iif: q.iif } : {});
    marked ??= packetMark(snap, ns, view, q.iif === undefined);
    return marked;
  };
  // No rules read (nft-less reads, a vanished namespace): the kernel's own three.
  const ordered = rules.length > 0 ? rules : [{ priority: 32766, family, not: false, table: 'main' }, { priority: 32767, family, not: false, table: 'default' }];
  for (let i = 0; i < ordered.length; i++) {
    const rule = ordered[i]!;
    if (rule.table === 'local' && rule.priority === 0) continue;
    const matched = await ruleMatches(rule, q, mark);
    if (matched !== true) {
      if (matched !== false) choice.undecided.push(matched);
      continue;
    }
    if (rule.goto !== undefined) {
      // Evaluation continues at the rule with that priority; an unresolved goto is skipped.
      const target = ordered.findIndex((r) => r.priority === rule.goto);
      if (target > i) i = target - 1;
      continue;
    }
    if (rule.action !== undefined && REJECT_ACTIONS.has(rule.action)) return { ...choice, rejectedBy: formatRule(rule) };
    if (rule.table === undefined) continue; // nop
    choice.tables.push(rule.table);
    const found = longestPrefixMatch(await snap.routes(ns, { table: rule.table, family }), q.target);
    if (!found || found.route.type === 'throw') continue;
    // suppress_prefixlength N: a route of prefix length N or less is ignored (fib4_rule_suppress).
    if (rule.suppressPrefixLength !== undefined && found.prefixlen <= rule.suppressPrefixLength) continue;
    const m = rule.fwmark !== undefined && marked ? await marked : undefined;
    const markNote = m && 'mark' in m && m.setBy !== undefined ? { mark: { mark: m.mark, setBy: m.setBy } } : {};
    return { ...choice, route: found.route, table: rule.table, ...(!isStandard(rule) && { rule: formatRule(rule) }), ...markNote };
  }
  return choice;
}
