/**
 * A reply that left a multi-homed destination by another interface than its request came in
 * on (it answered by its main table's default route), when that reply then breaks on the way
 * back: the classic that policy routing fixes (a table per uplink, a rule per address; LARTC
 * 4.2, "Routing for multiple uplinks/providers"). Also reads the rules the student already
 * wrote there, says why each did not send the reply back the way it came, and mends them
 * rather than adding a second table.
 */
import { formatRule } from '../state/read-rules.js';
import { STANDARD_TABLES } from '../state/read-table-names.js';
import type { RuleInfo } from '../state/types.js';
import { prefixContains } from '../util/cidr.js';
import { familyOf, globalAddresses, inSubnet, type Family } from './ip-address.js';
import { inNs } from './messages.js';
import { longestPrefixMatch } from './route-lookup.js';
import type { Snapshot } from './snapshot.js';
import type { Asymmetry, Finding, Hop, Ns } from './types.js';

/** The priority of the rule that looks up main (ip-rule(8)): a rule after it comes too late for what main routes. */
const MAIN_PRIORITY = 32766;

/** local, main and default: the tables every namespace starts with (rules read with `ip -N` name them back). */
const STANDARD_NAMES = new Set(STANDARD_TABLES.values());

/** Where the request arrived: the namespace, the interface, and its source and destination there. */
export interface Arrival {
  arrived: Ns;
  arrivedOn?: string;
  /** The request as it arrived (after NAT): its source is where the reply goes. */
  packet: { source: string; target: string };
}

/**
 * The finding with the asymmetry named (`asymmetric`), when the reply's way back broke because
 * the destination sent it out by another interface than the request came in on.
 * @param finding the back walk's finding; only `no-route-back` and `rp-filter` are concerned.
 * @param hops the walk's hops, forward then back.
 * @returns the finding, with `asymmetric` set when it applies.
 */
export async function withAsymmetry(snap: Snapshot, finding: Finding, hops: readonly Hop[], there: Arrival): Promise<Finding> {
  if ((finding.cause !== 'no-route-back' && finding.cause !== 'rp-filter') || there.arrivedOn === undefined) return finding;
  const cameIn = there.arrivedOn;
  const leaving = hops.find((h) => h.direction === 'back' && h.from === there.arrived);
  if (leaving?.dev === undefined || leaving.dev === cameIn) return finding;
  const ns = there.arrived;
  const family = familyOf(there.packet.target) ?? 4;
  const gateway = neighbourOnLink(snap, hops, ns, cameIn, family);
  const asymmetric: Asymmetry = { ns, address: there.packet.target, cameIn, leftBy: leaving.dev, ...(gateway !== undefined && { gateway }) };
  if (gateway !== undefined) Object.assign(asymmetric, await mend(snap, ns, family, { ...asymmetric, gateway }, there.packet.source));
  return { ...finding, asymmetric };
}

/** The address of the namespace that handed the request in on `cameIn`, on that link's subnet. */
function neighbourOnLink(snap: Snapshot, hops: readonly Hop[], ns: Ns, cameIn: string, family: Family): string | undefined {
  const handedIn = hops.find((h) => h.direction === 'forward' && h.ok && h.to === ns && h.from !== ns);
  if (handedIn?.dev === undefined) return undefined;
  const inLink = snap.links(ns).find((l) => l.name === cameIn);
  const theirs = globalAddresses(snap.links(handedIn.from).find((l) => l.name === handedIn.dev)?.addresses ?? [], family);
  return theirs.find((t) => globalAddresses(inLink?.addresses ?? [], family).some((a) => inSubnet(t.address, a.address, a.prefixlen)))?.address;
}

/**
 * Why each of the student's own rules did not send the reply back by `cameIn`, and the fix that
 * builds on them: a rule that picks a table without the route gets the route, a table with
 * the right route gets a right rule, and otherwise a new table (a number no rule names and
 * that has no routes) and rule.
 * @param replyTo the reply's destination (the request's source).
 */
async function mend(
  snap: Snapshot, ns: Ns, family: Family, a: Asymmetry & { gateway: string }, replyTo: string,
): Promise<Pick<Asymmetry, 'rules' | 'fix' | 'table'>> {
  const own = (await snap.rules(ns, family)).filter((r) => r.table !== undefined && !STANDARD_NAMES.has(r.table));
  const tableGoesBack = async (table: string): Promise<boolean> => {
    const found = longestPrefixMatch(await snap.routes(ns, { table, family }), replyTo);
    return found !== undefined && found.route.type === 'unicast' && found.route.dev === a.cameIn;
  };
  const notes: string[] = [];
  let goodTable: string | undefined;
  let ruleWithEmptyTable: RuleInfo | undefined;
  for (const rule of own) {
    const text = `\`${formatRule(rule)}\``;
    const fromMatches = rule.from === undefined || prefixContains(rule.from, a.address);
    const backs = await tableGoesBack(rule.table!);
    if (backs) goodTable ??= rule.table;
    if (rule.from === undefined && rule.to !== undefined && prefixContains(rule.to, a.address)) {
      notes.push(`${text} matches packets to ${a.address}, not the reply from it (\`from ${a.address}\`)`);
    } else if (!fromMatches) notes.push(`${text} does not match the reply: ${a.address} is not in ${rule.from}`);
    else if (rule.priority > MAIN_PRIORITY) notes.push(`${text} comes after main (${MAIN_PRIORITY}), whose default route answers first`);
    else if (!backs) {
      notes.push(`${text} picks table ${rule.table}, which has no route back by ${a.cameIn} to ${replyTo}, so the lookup went on`);
      if (fromMatches && rule.from !== undefined) ruleWithEmptyTable ??= rule;
    }
  }
  const rules = notes.length > 0 ? { rules: notes } : {};
  if (ruleWithEmptyTable) {
    return { ...rules, table: ruleWithEmptyTable.table!, fix: [inNs(ns, `ip ${family === 6 ? '-6 ' : ''}route add default via ${a.gateway} dev ${a.cameIn} table ${ruleWithEmptyTable.table}`)] };
  }
  if (goodTable !== undefined) return { ...rules, table: goodTable, fix: [inNs(ns, `ip ${family === 6 ? '-6 ' : ''}rule add from ${a.address} lookup ${goodTable}`)] };
  const used = new Set(own.map((r) => r.table));
  let table = 100;
  while (used.has(String(table)) || (await snap.routes(ns, { table: String(table), family })).length > 0) table++;
  const ip = `ip ${family === 6 ? '-6 ' : ''}`;
  return {
    ...rules, table: String(table),
    fix: [inNs(ns, `${ip}route add default via ${a.gateway} dev ${a.cameIn} table ${table}`), inNs(ns, `${ip}rule add from ${a.address} lookup ${table}`)],
  };
}
