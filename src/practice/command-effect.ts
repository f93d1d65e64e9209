/**
 * What a state-creating command of a lesson leaves behind, read from its text without running
 * it, so that `solve` can tell a command whose effect already holds (the student typed it)
 * from one still to run. Only commands that fail when run a second time need this (`ip netns
 * add H1` twice: "File exists"); idempotent ones (`ip link set X up`, `sysctl -w`, `ifconfig X
 * ADDR netmask M`, `ip link set X master B`) simply run again.
 *
 * Recognised (ip(8), ip-link(8), ip-address(8), ip-route(8), ovs-vsctl(8)), optionally behind
 * `ip netns exec NS` or `ip -n NS`:
 *
 * | command | its effect |
 * |---|---|
 * | `ip netns add X` / `ip netns del X` | namespace X exists / is absent |
 * | `ip link add A ... type veth peer name B` | the veth pair A–B exists, each end wherever it is now |
 * | `ip link add A ...` (other types) | link A exists |
 * | `ip link del [dev] A` | link A is absent |
 * | `ip link set [dev] A netns N` | N: link A exists |
 * | `ip addr add|del ADDR/LEN dev A` | A has / lacks that address |
 * | `ip route add|del DEST [via GW] [dev A]` | that route is there / no route for DEST |
 * | `ovs-vsctl add-br B`, `del-br B` | Open vSwitch bridge B exists / is absent |
 * | `ovs-vsctl add-port B P [COL=VALUE...]` | P is a port of B (with those settings) |
 * | `ovs-vsctl ... -- set bridge|port|interface NAME COL=VALUE` | the record has that value |
 *
 * Anything else — a second command (`;`, `&&`, `|`), a redirection, a `$VAR`, an option not
 * in the table — has no known effect, and `solve` runs it.
 */
import type { Check, Predicate } from '../check/model.js';
import { linkAddNames } from '../shell/created-names.js';
import { ipArguments } from '../shell/invocations.js';
import { tokenizeShell, type WordToken } from '../shell/shell-tokens.js';
import { ipFamily } from '../util/cidr.js';

/** One thing that is true once the command has had its effect. */
export type EffectCondition =
  /** A check-language predicate (`namespace H1 exists`, `H1: link H1-eth0 has address ...`). */
  | { kind: 'check'; check: Check }
  /** A veth pair (or vxcan, netkit) of these two ends, each in whatever namespace it is now. */
  | { kind: 'pair'; name: string; peer: string }
  /** An Open vSwitch bridge of that name exists (`present`) or does not. */
  | { kind: 'ovs-bridge'; bridge: string; present: boolean }
  /** A column of an Open vSwitch record (ovs-vsctl(8) "Database Values"), as `ovs-vsctl get` prints it. */
  | { kind: 'ovs-column'; table: string; record: string; column: string; value: string };

/**
 * A command's effect: every condition holds once it ran. The first condition is the object
 * itself (the namespace, the link, the port); the others are its settings. When the first
 * holds and another does not, the object is there, set otherwise than the command would.
 */
export interface CommandEffect {
  conditions: EffectCondition[];
}

/** `ip` objects as ip(8) abbreviates them (the first match in its own order). */
const IP_OBJECTS: Record<string, 'link' | 'address' | 'route' | 'netns'> = {
  l: 'link', li: 'link', lin: 'link', link: 'link',
  a: 'address', ad: 'address', add: 'address', addr: 'address', addre: 'address', addres: 'address', address: 'address',
  r: 'route', ro: 'route', rou: 'route', rout: 'route', route: 'route',
  netns: 'netns',
};
const ADD = new Set(['add', 'a']);
const DEL = new Set(['del', 'delete', 'd']);
/** Link types whose `peer` part creates a second link (ip-link(8), "VETH, VXCAN Type Support"). */
const PAIRED_TYPES = new Set(['veth', 'vxcan', 'netkit']);
/** Open vSwitch tables whose records `-- set TABLE NAME COL=VALUE` may name (by name). */
const OVS_TABLES = new Set(['bridge', 'port', 'interface']);

/**
 * Reads a command's effect from its text.
 * @param text one complete shell command, as the scenario parser split it
 * @param line its line in the file (for the checks' `line`)
 * @returns the effect, or undefined when the command is not one of the recognised forms (see
 *   the module comment). Never throws.
 */
export function commandEffect(text: string, line = 0): CommandEffect | undefined {
  const words = simpleWords(text);
  if (!words) return undefined;
  const program = words[0]!.text;
  const args = words.slice(1);
  const conditions =
    program === 'ip' ? ipEffect(args, undefined, line) : program === 'ovs-vsctl' ? ovsEffect(args.map((w) => w.text), line) : undefined;
  return conditions && conditions.length > 0 ? { conditions } : undefined;
}

/** The words of one simple command with nothing run-time about it; undefined otherwise. */
function simpleWords(text: string): WordToken[] | undefined {
  const tokens = tokenizeShell(text.trim());
  const words: WordToken[] = [];
  for (const t of tokens) {
    if (t.type === 'op' || t.dynamic) return undefined;
    words.push(t);
  }
  return words.length > 0 ? words : undefined;
}

function check(predicate: Predicate, namespace: string | undefined, line: number): EffectCondition {
  return { kind: 'check', check: { source: '', line, predicate, ...(namespace !== undefined && { namespace }) } };
}

/** `ip [OPTIONS] OBJECT VERB ...` in namespace `ns`. */
function ipEffect(args: readonly WordToken[], ns: string | undefined, line: number): EffectCondition[] | undefined {
  const { all, rest } = ipArguments(args);
  const options = args.slice(0, args.length - rest.length).map((w) => w.text);
  if (all) return undefined;
  const netnsAt = options.findIndex((o) => o === '-n' || o === '-netns');
  if (netnsAt >= 0) {
    if (ns !== undefined) return undefined;
    ns = options[netnsAt + 1];
  }
  const words = rest.map((w) => w.text);
  const object = IP_OBJECTS[words[0] ?? ''];
  const verb = words[1] ?? '';
  if (object === 'netns') {
    if (verb === 'exec' && ns === undefined && rest.length > 3 && rest[3]!.text === 'ip') return ipEffect(rest.slice(4), words[2], line);
    if (ns !== undefined || words.length !== 3) return undefined;
    if (verb === 'add') return [check({ kind: 'namespace', name: words[2]!, present: true }, undefined, line)];
    if (DEL.has(verb)) return [check({ kind: 'namespace', name: words[2]!, present: false }, undefined, line)];
    return undefined;
  }
  if (object === 'link') return linkEffect(rest.slice(1), ns, line);
  if (object === 'address') return addressEffect(words.slice(1), ns, line);
  if (object === 'route') return routeEffect(words.slice(1), ns, line);
  return undefined;
}

/** `ip link add|del|set ...` (the words from the verb on). */
function linkEffect(rest: readonly WordToken[], ns: string | undefined, line: number): EffectCondition[] | undefined {
  const words = rest.map((w) => w.text);
  const [verb] = words;
  if (ADD.has(verb ?? '')) {
    const names = linkAddNames(rest.slice(1)).map((w) => w.text);
    const type = words[words.indexOf('type') + 1];
    if (words.includes('netns')) return undefined;
    if (type !== undefined && PAIRED_TYPES.has(type) && names.length === 2) return [{ kind: 'pair', name: names[0]!, peer: names[1]! }];
    if (names.length === 1) return [check({ kind: 'link-exists', ifname: names[0]!, present: true }, ns, line)];
    return undefined;
  }
  const named = words[1] === 'dev' ? words.slice(2) : words.slice(1);
  if (DEL.has(verb ?? '') && named.length === 1) return [check({ kind: 'link-exists', ifname: named[0]!, present: false }, ns, line)];
  if (verb === 'set' && named.length === 3 && named[1] === 'netns' && !/^\d+$/.test(named[2]!)) {
    return [check({ kind: 'link-exists', ifname: named[0]!, present: true }, named[2], line)];
  }
  return undefined;
}

/** `ip addr add|del ADDR[/LEN] dev IF` (the words from the verb on), nothing else. */
function addressEffect(words: readonly string[], ns: string | undefined, line: number): EffectCondition[] | undefined {
  const [verb, ...rest] = words;
  const pairs = keywords(rest, ['dev'], 'local');
  const address = pairs?.get('local');
  const dev = pairs?.get('dev');
  const family = address === undefined ? undefined : ipFamily(address);
  if (!pairs || pairs.size !== 2 || address === undefined || dev === undefined || family === undefined) return undefined;
  // ip-address(8): an address without a prefix length is a host address.
  const cidr = address.includes('/') ? address : `${address}/${family === 4 ? 32 : 128}`;
  if (ADD.has(verb ?? '')) return [check({ kind: 'link-address', ifname: dev, cidr }, ns, line)];
  if (DEL.has(verb ?? '')) return [check({ kind: 'link-lacks-address', ifname: dev, cidr }, ns, line)];
  return undefined;
}

/** `ip route add|del DEST [via GW] [dev IF]` (the words from the verb on), nothing else. */
function routeEffect(words: readonly string[], ns: string | undefined, line: number): EffectCondition[] | undefined {
  const [verb, ...rest] = words;
  const pairs = keywords(rest[0] === 'to' ? rest.slice(1) : rest, ['via', 'dev'], 'to');
  const destination = pairs?.get('to');
  if (!pairs || destination === undefined) return undefined;
  const via = pairs.get('via');
  const dev = pairs.get('dev');
  if (ADD.has(verb ?? '')) {
    return [check({ kind: 'route', destination, ...(via !== undefined && { via }), ...(dev !== undefined && { dev }) }, ns, line)];
  }
  if (DEL.has(verb ?? '')) return [check({ kind: 'no-route', destination }, ns, line)];
  return undefined;
}

/**
 * Reads `KEY VALUE` pairs of the given keywords and one positional word (stored under
 * `positional`). @returns undefined when any other word, or a second positional, appears
 */
function keywords(words: readonly string[], known: readonly string[], positional: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (known.includes(w)) {
      const value = words[++i];
      if (value === undefined || out.has(w)) return undefined;
      out.set(w, value);
    } else if (out.has(positional)) {
      return undefined;
    } else {
      out.set(positional, w);
    }
  }
  return out;
}

/** `ovs-vsctl CMD ARGS [-- CMD ARGS...]`: add-br, del-br, add-port and set, with no options. */
function ovsEffect(args: readonly string[], line: number): EffectCondition[] | undefined {
  const conditions: EffectCondition[] = [];
  const commands: string[][] = [[]];
  for (const a of args) {
    if (a === '--') commands.push([]);
    else commands.at(-1)!.push(a);
  }
  for (const [name, ...rest] of commands) {
    if (name === undefined || name.startsWith('-') || rest.some((w) => w.startsWith('-'))) return undefined;
    if (name === 'add-br' && rest.length === 1) conditions.push({ kind: 'ovs-bridge', bridge: rest[0]!, present: true });
    else if (name === 'del-br' && rest.length === 1) conditions.push({ kind: 'ovs-bridge', bridge: rest[0]!, present: false });
    else if (name === 'add-port' && rest.length >= 2) {
      const [bridge, port, ...settings] = rest as [string, string, ...string[]];
      const columns = ovsColumns('port', port, settings);
      if (!columns) return undefined;
      conditions.push(check({ kind: 'link-bridge', ifname: port, bridge }, undefined, line), ...columns);
    } else if (name === 'set' && rest.length >= 3 && OVS_TABLES.has(rest[0]!)) {
      const columns = ovsColumns(rest[0]!, rest[1]!, rest.slice(2));
      if (!columns) return undefined;
      conditions.push(...columns);
    } else return undefined;
  }
  return conditions;
}

/** `COL=VALUE` settings of one record; undefined for any other form (`COL:KEY=VALUE`). */
function ovsColumns(table: string, record: string, settings: readonly string[]): EffectCondition[] | undefined {
  const out: EffectCondition[] = [];
  for (const s of settings) {
    const m = /^([a-z_]+)=(.+)$/.exec(s);
    if (!m) return undefined;
    out.push({ kind: 'ovs-column', table, record, column: m[1]!, value: m[2]! });
  }
  return out;
}
