/**
 * Which host objects a scenario's commands create, read from their text without running them:
 * the namespaces of `ip netns add NAME`, the root-namespace links of `ip link add NAME ...
 * [type veth peer name PEER]`, `ip tuntap add NAME` and `brctl addbr NAME`, and the Open
 * vSwitch bridges of `ovs-vsctl add-br NAME`. Used by the `unknown-namespace` rule and, before
 * a `--host` run, to refuse names that already exist on the host.
 */
import { ipArguments, programsOf, type Invocation } from './invocations.js';
import type { WordToken } from './shell-tokens.js';

/** Names a set of commands creates on the host. */
export interface CreatedNames {
  namespaces: string[];
  /** Links made in the root namespace (veth ends, Linux bridges, dummies, taps...). */
  links: string[];
  /** Open vSwitch bridges. */
  bridges: string[];
  /**
   * Per kind, true when some name is only known at run time (`ip netns add "$NS"`): any name
   * of that kind may be made.
   */
  dynamic: { namespaces: boolean; links: boolean; bridges: boolean };
}

/**
 * `ip`'s objects in the order ip(8) matches an abbreviation against them (ip/ip.c `cmds`): the
 * first that starts with the word wins, so `ip l` is `link`, `ip n` is `neighbor`.
 */
const IP_OBJECTS = ['address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl',
  'link', 'l2tp', 'fou', 'ila', 'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics',
  'monitor', 'xfrm', 'mroute', 'mrule', 'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'stats'];

/** Keywords of `ip link add` that take a value (ip-link(8)): their value is not the link's name. */
const LINK_OPTIONS_WITH_VALUE = new Set(['link', 'address', 'broadcast', 'brd', 'mtu', 'netns', 'txqueuelen', 'txqlen',
  'qlen', 'group', 'master', 'alias', 'numtxqueues', 'numrxqueues', 'index', 'gso_max_size', 'gso_max_segs',
  'gro_max_size', 'gso_ipv4_max_size', 'gro_ipv4_max_size', 'parentdev', 'netns-immutable']);

/** Link types whose `peer` part creates a second link (ip-link(8), "VETH, VXCAN Type Support"). */
const PAIRED_TYPES = new Set(['veth', 'vxcan', 'netkit']);

/**
 * Reads the names created by some commands.
 * @param texts complete shell commands, as the scenario parser split them.
 * @returns the names, each once, in the order first seen. Never throws.
 */
export function createdNames(texts: readonly string[]): CreatedNames {
  const out: Record<Kind, Set<string>> = { namespaces: new Set(), links: new Set(), bridges: new Set() };
  const dynamic = { namespaces: false, links: false, bridges: false };
  const add: Adder = (kind, word) => {
    if (!word) return;
    if (word.dynamic) dynamic[kind] = true;
    else out[kind].add(word.text);
  };
  for (const text of texts) {
    const { invocations } = programsOf(text);
    /** Offsets of words that run inside `ip netns exec NS ...`: a link made there is that namespace's. */
    const inNamespace: Array<[number, number]> = [];
    for (const inv of invocations) {
      const nested = inNamespace.some(([from, to]) => inv.word.offset >= from && inv.word.offset <= to);
      if (inv.program === 'ip') readIp(inv, nested, inNamespace, add);
      else if (inv.program === 'ovs-vsctl') for (const name of ovsAddedBridges(inv.args)) add('bridges', name);
      else if (inv.program === 'brctl' && inv.args[0]?.text === 'addbr' && !nested) add('links', inv.args[1]);
    }
  }
  return { namespaces: [...out.namespaces], links: [...out.links], bridges: [...out.bridges], dynamic };
}

type Kind = 'namespaces' | 'links' | 'bridges';
type Adder = (kind: Kind, word: WordToken | undefined) => void;

function readIp(
  inv: Invocation,
  nested: boolean,
  inNamespace: Array<[number, number]>,
  add: Adder,
): void {
  const { rest } = ipArguments(inv.args);
  const options = inv.args.slice(0, inv.args.length - rest.length).map((w) => w.text);
  const namespaced = nested || options.some((o) => o === '-n' || o === '-netns' || o === '--netns');
  const object = IP_OBJECTS.find((o) => rest[0] !== undefined && rest[0].text !== '' && o.startsWith(rest[0].text));
  const verb = rest[1]?.text ?? '';
  if (object === 'netns') {
    if (verb === 'exec' && rest.length > 3) inNamespace.push([rest[3]!.offset, inv.args.at(-1)!.offset]);
    if (verb === 'add' || verb === 'attach') add('namespaces', rest[2]);
    return;
  }
  if (namespaced || verb === '' || !'add'.startsWith(verb)) return;
  if (object === 'link') for (const word of linkAddNames(rest.slice(2))) add('links', word);
  if (object === 'tuntap' || object === 'tap') add('links', rest[2]?.text === 'dev' || rest[2]?.text === 'name' ? rest[3] : rest[2]);
}

/**
 * The names `ip link add ARGS...` creates where it runs: the link's, and a pair's peer's.
 * @param args the words after `add`
 * @returns the link's name (unless `netns NS` puts it elsewhere), then its peer's (veth, vxcan,
 *   netkit, unless `netns NS`); never throws
 */
export function linkAddNames(args: readonly WordToken[]): WordToken[] {
  const typeAt = args.findIndex((w) => w.text === 'type');
  const main = typeAt < 0 ? args : args.slice(0, typeAt);
  const names: WordToken[] = [];
  const own = linkName(main);
  if (own) names.push(own);
  const type = typeAt < 0 ? undefined : args[typeAt + 1]?.text;
  const peerAt = args.findIndex((w, i) => i > typeAt && w.text === 'peer');
  if (type && PAIRED_TYPES.has(type) && peerAt > 0) {
    const peer = linkName(args.slice(peerAt + 1));
    if (peer) names.push(peer);
  }
  return names;
}

/** The name in one half of `ip link add` (`[name|dev] NAME`), unless `netns NS` puts it in a namespace. */
function linkName(args: readonly WordToken[]): WordToken | undefined {
  let name: WordToken | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.text;
    if (w === 'type') break;
    if (w === 'netns') return undefined;
    if (w === 'name' || w === 'dev') name ??= args[++i];
    else if (LINK_OPTIONS_WITH_VALUE.has(w)) i++;
    else if (name === undefined && !['up', 'down'].includes(w)) name = args[i];
  }
  return name;
}

/** Bridge names of the `add-br NAME` commands in one ovs-vsctl invocation (commands joined by `--`). */
function ovsAddedBridges(args: readonly WordToken[]): WordToken[] {
  const names: WordToken[] = [];
  let atCommand = true;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!.text;
    if (w === '--') atCommand = true;
    else if (atCommand && w.startsWith('-')) continue;
    else if (atCommand) {
      atCommand = false;
      if (w === 'add-br' && args[i + 1]) names.push(args[i + 1]!);
    }
  }
  return names;
}
