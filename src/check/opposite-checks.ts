/**
 * Two checks that state the opposite of each other: the same namespace, the same subject (a
 * namespace, an interface's state, a route's destination, a sysctl key, a ping's address...),
 * and claims that cannot both hold (`exists` / `is absent`, `= 0` / `= 1`, `succeeds` /
 * `fails`). `nslab check` uses it, through {@link movedPast}, to tell a step that a later step
 * undid, as the tutorial meant, from a step that was never done (see verify/superseded.ts).
 *
 * Only claims that exclude each other count. `link IF has address A` and `lacks address A`
 * are opposites; `has address A` and `has address B` are not (an interface carries several),
 * nor are two `route D via ...` with other gateways (routes with other metrics coexist), nor
 * `ping A fails` and `fails with "T"`, nor two `neighbor A is ...` (A may have an entry on
 * each of several interfaces, in other states).
 */
import { describeFlow, describeRuleSelector } from './describe-check.js';
import type { Check, Predicate } from './model.js';

/** What a check is about, and what it says of it. */
interface Claim {
  /** e.g. `link H1-eth0 state`, `sysctl net.ipv4.ip_forward`. */
  subject: string;
  /** e.g. `up`, `1`. Two claims on one subject that differ cannot both hold. */
  says: string;
}

/** The claim of a predicate; undefined for a predicate with no single-valued subject. */
function claimOf(p: Predicate): Claim | undefined {
  switch (p.kind) {
    case 'namespace':
      return { subject: `namespace ${p.name}`, says: String(p.present) };
    case 'link-exists':
      return { subject: `link ${p.ifname}`, says: String(p.present) };
    case 'link-state':
      return { subject: `link ${p.ifname} state`, says: String(p.up) };
    // The same address and prefix length: `has 10.0.0.2/16` and `lacks 10.0.0.2/24` can both hold.
    case 'link-address':
    case 'link-lacks-address':
      return { subject: `link ${p.ifname} address ${p.inPrefix ? 'in ' : ''}${p.cidr.toLowerCase()}`, says: String(p.kind === 'link-address') };
    case 'link-mtu':
      return { subject: `link ${p.ifname} mtu`, says: String(p.mtu) };
    // An interface has at most one master (Linux bridge) or Open vSwitch bridge.
    case 'link-bridge':
      return { subject: `link ${p.ifname} bridge`, says: p.bridge };
    // `route D ...` says there is a route to D, whatever its gateway; `no route D` says none.
    case 'route':
    case 'no-route':
      return { subject: `route ${p.destination.toLowerCase()} table ${p.table ?? 'main'}`, says: String(p.kind === 'route') };
    // `rule X` and `no rule X` with the same selectors.
    case 'rule':
      return { subject: `rule ${describeRuleSelector(p.selector)}`, says: String(p.present) };
    // A sysctl has one value; `32768 60999` and `32768\t60999` are the same one.
    case 'sysctl':
      return { subject: `sysctl ${p.key.replace(/\//g, '.')}`, says: p.value.trim().split(/\s+/).join(' ') };
    case 'ping':
      return { subject: `ping ${p.address}`, says: String(p.succeeds) };
    case 'tcp':
      return { subject: `tcp ${p.address} ${p.port}`, says: String(p.accepts) };
    case 'file-text':
      return { subject: `file ${p.path} ${JSON.stringify(p.text)}`, says: String(p.contains) };
    case 'listening':
      return { subject: `${p.proto} ${p.address} ${p.port} listening`, says: String(p.listening) };
    case 'process':
      return { subject: `process ${p.name}`, says: String(p.running) };
    // The same flow is accepted or dropped, not both.
    case 'firewall':
      return { subject: `firewall ${describeFlow(p.flow)}`, says: String(p.accepts) };
    default:
      return undefined;
  }
}

/**
 * Whether two checks state the opposite of each other (see the module comment): both hold in
 * no state, so when one holds the other fails. Symmetric.
 * @param a a parsed check (its `within` does not matter)
 * @param b another
 * @returns true for `link H1-eth0 exists` / `link H1-eth0 is absent` in the same namespace,
 *   `R: sysctl net.ipv4.ip_forward = 0` / `R: ... = 1`, `H1: ping 10.0.0.2 fails` / `H1: ping
 *   10.0.0.2 succeeds`; false for other namespaces, subjects, or a kind with no single value
 *   (`has address`, `bridge ... has ports`, `capture`, `path`, `has learned`).
 */
export function statesOpposite(a: Check, b: Check): boolean {
  if (a.namespace !== b.namespace) return false;
  const [x, y] = [claimOf(a.predicate), claimOf(b.predicate)];
  return x !== undefined && y !== undefined && x.subject === y.subject && x.says !== y.says;
}

/**
 * Whether `later`, holding now in a later step, shows that the tutorial moved the state past
 * `earlier`, which no longer holds — rather than that the earlier step was never done.
 *
 * For a check of configuration (a namespace, a link and its state, an address, an MTU, a bridge,
 * a route, a sysctl, a file's text) any opposite will do: `later` fixes that very subject, so the
 * network now is what the tutorial meant whether or not the earlier state was ever there. A probe
 * (ping, tcp) is different: it observes a path that depends on everything before it, and a later
 * failure proves nothing — a ping fails just as well across a cable nobody brought up. So a probe
 * that *failed* then is moved past by the same probe *succeeding* now (the network was built
 * further), and a probe that *succeeded* then only by its target address having been taken away
 * (`link IF lacks address A/N`, as a lesson that renumbers a host does).
 * @param earlier a failing check of an earlier step
 * @param later a holding check of a later step that is done
 * @returns true when `later` moves the state past `earlier`
 */
export function movedPast(earlier: Check, later: Check): boolean {
  const p = earlier.predicate;
  if (p.kind !== 'ping' && p.kind !== 'tcp') return statesOpposite(earlier, later);
  const succeeded = p.kind === 'ping' ? p.succeeds : p.accepts;
  if (!succeeded) return statesOpposite(earlier, later);
  const q = later.predicate;
  return q.kind === 'link-lacks-address' && q.cidr.split('/')[0] === p.address;
}

