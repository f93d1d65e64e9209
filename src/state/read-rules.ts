/**
 * Policy routing rules, as `ip -N -json rule show` prints them (ip-rule(8)): tables by number
 * (`-N`), since a name is only what /etc/iproute2/rt_tables says of a number (read-table-names.ts).
 */
import type { Exec } from '../sandbox/types.js';
import { normalizeDestination } from '../util/cidr.js';
import { describeTable, tableOf, type TableNames } from './read-table-names.js';
import { ipArgv, readJson } from './run-ip.js';
import type { RuleInfo, StateResult } from './types.js';

interface IpRuleJson {
  priority: number;
  not?: null;
  src?: string;
  srclen?: number;
  dst?: string;
  dstlen?: number;
  iif?: string;
  oif?: string;
  fwmark?: string;
  fwmask?: string;
  table?: string;
  action?: string;
  goto?: number;
  tos?: string;
  uid_start?: number;
  uid_end?: number;
  ipproto?: string;
  sport?: number | string;
  dport?: number | string;
  suppress_prefixlen?: number;
  iif_detached?: null;
  oif_detached?: null;
  [other: string]: unknown;
}

/** Keys of `ip -json rule` that are read into a RuleInfo field (the rest are kept as `selectors`). */
const READ_KEYS = new Set([
  'priority', 'not', 'src', 'srclen', 'dst', 'dstlen', 'iif', 'oif', 'fwmark', 'fwmask', 'table', 'action', 'goto',
  'suppress_prefixlen', 'iif_detached', 'oif_detached', 'protocol', 'flags',
]);

/**
 * The actions `ip -N` prints by number (`"action":"8"`): FR_ACT_BLACKHOLE, FR_ACT_UNREACHABLE,
 * FR_ACT_PROHIBIT (linux/fib_rules.h), by the names `ip rule` takes.
 */
const ACTIONS: Readonly<Record<string, string>> = { 6: 'blackhole', 7: 'unreachable', 8: 'prohibit' };

/** `10.0.2.2` + 32 → `10.0.2.2/32`; `all` or absent → undefined (matches every address). */
function prefix(address: string | undefined, length: number | undefined, family: 4 | 6): string | undefined {
  if (address === undefined || address === 'all') return undefined;
  return normalizeDestination(`${address}/${length ?? (family === 4 ? 32 : 128)}`);
}

/**
 * Reads the rules of one family in a namespace, in priority order.
 * @param exec runs `ip [-n NS] [-6] -N -json rule show`
 * @param ns namespace; undefined = root namespace
 * @param family 4 or 6: each family has its own rules
 */
export async function readRules(exec: Exec, ns: string | undefined, family: 4 | 6): Promise<StateResult<RuleInfo[]>> {
  const read = await readJson(exec, ipArgv(ns, [...(family === 6 ? ['-6'] : []), '-N', '-json', 'rule', 'show']), ns);
  if (!read.ok) return read;
  return { ok: true, value: parseRules(read.value, family) };
}

/**
 * The rules in `ip -N -json rule show` output (iproute2 ip/iprule.c), in the order printed
 * (priority order).
 * @param json the parsed output (an array of rule objects).
 * @param family the family the rules were read for (`ip -6 rule` for 6).
 */
export function parseRules(json: unknown, family: 4 | 6): RuleInfo[] {
  return (json as IpRuleJson[]).map((r) => {
    const from = prefix(r.src, r.srclen, family);
    const to = prefix(r.dst, r.dstlen, family);
    const fwmark = r.fwmark === undefined ? undefined : r.fwmask !== undefined && r.fwmask !== '0xffffffff' ? `${r.fwmark}/${r.fwmask}` : r.fwmark;
    // Selectors nslab does not model (tos, uidrange, ipproto, ports, l3mdev, tun_id, ...), as
    // `ip rule` prints them, so a lookup can say which one it could not decide.
    const selectors = Object.entries(r)
      .filter(([key]) => !READ_KEYS.has(key))
      // -N prints a protocol by number, as `ipproto-6`; `ip rule add ipproto 6` takes the number.
      .map(([key, value]) => (value === null ? key : `${key} ${key === 'ipproto' ? String(value).replace(/^ipproto-/, '') : String(value)}`));
    return {
      priority: r.priority, family, not: r.not !== undefined,
      ...(from !== undefined && { from }), ...(to !== undefined && { to }),
      ...(r.iif !== undefined && { iif: r.iif }), ...(r.oif !== undefined && { oif: r.oif }),
      ...((r.iif_detached !== undefined || r.oif_detached !== undefined) && { detached: true }),
      ...(fwmark !== undefined && { fwmark }),
      ...(r.table !== undefined && { table: tableOf(r.table) }), ...(r.action !== undefined && { action: ACTIONS[r.action] ?? r.action }),
      ...(r.goto !== undefined && { goto: r.goto }),
      ...(r.suppress_prefixlen !== undefined && { suppressPrefixLength: r.suppress_prefixlen }),
      ...(selectors.length > 0 && { selectors }),
    };
  });
}

/**
 * A rule as `ip rule` shows it: `100: from 10.0.2.2 lookup 100`; with `names`, a named table
 * shows both, `lookup 100 (rt2)`.
 */
export function formatRule(rule: RuleInfo, names?: TableNames): string {
  const parts = [
    `${rule.priority}:`, ...(rule.not ? ['not'] : []), `from ${rule.from ?? 'all'}`,
    ...(rule.to !== undefined ? [`to ${rule.to}`] : []), ...(rule.fwmark !== undefined ? [`fwmark ${rule.fwmark}`] : []),
    ...(rule.iif !== undefined ? [`iif ${rule.iif}`] : []), ...(rule.oif !== undefined ? [`oif ${rule.oif}`] : []),
    ...(rule.selectors ?? []),
    rule.table !== undefined ? `lookup ${describeTable(rule.table, names)}` : rule.goto !== undefined ? `goto ${rule.goto}` : (rule.action ?? ''),
    ...(rule.suppressPrefixLength !== undefined ? [`suppress_prefixlength ${rule.suppressPrefixLength}`] : []),
  ];
  return parts.filter((p) => p !== '').join(' ');
}
