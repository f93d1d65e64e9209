/**
 * What a command observes, reduced to a signature that two different spellings of the same
 * observation share: `ip netns exec H1 ping -c 1 -W 1 10.0.2.2` and `sudo ip netns exec H1 ping
 * -c 3 10.0.2.2 | grep loss` both observe "H1 pings 10.0.2.2". `practice` compares a student's
 * command with a step's probes this way, to credit an observation step only for the student's
 * own observation (earned-credit.ts). Pure.
 *
 * Looked through: leading `VAR=value`, `sudo [OPTIONS]`, `timeout [OPTIONS] DURATION`,
 * `ip [OPTIONS] netns exec NS`, `nsenter --net=/run/netns/NS` (or `/var/run/netns/NS`, or
 * `-n/run/netns/NS`), `bash -c 'CMD'` and `sh -c 'CMD'`, a pipe into a text filter (`grep`,
 * `head`, `tail`, `wc`, `cut`, `tr`, `less`, `more`, `cat`) and `2>&1`. What is observed:
 *
 * - `ping`, `ping6`, `ping -6` to a target: options that only change how long or how often
 *   (`-c -W -w -i -q -n -D -O -v -a -A -U -l -p -B -L -e -S -N -C -f -d -m -F -Q`) are
 *   ignored; those that change what is sent or how it is routed (`-I -M -s -t -T -r -R -b`) are
 *   kept, as is the family (`-4`, `-6`, or an address's own; iputils ping(8));
 * - `tracepath` and `traceroute` to a target (one kind: both show the hops);
 * - `ip [-4|-6] OBJECT show|list|lst|sh|ls [ARGS]` and `ip OBJECT get ARGS`: an abbreviated
 *   object is resolved as iproute2 does (the first in its command table the word begins:
 *   `ip r` is `ip route`, `ip a` `ip address`), no verb means `show`, `-n NS` names the
 *   namespace, `ip route` without a family is `-4` (ip-route(8)), display options (`-br -d -s
 *   -c -j -p -o`) are ignored;
 * - `bridge OBJECT show ARGS`;
 * - `sysctl KEY...` (a `/`-separated key is the same key), and `cat /proc/sys/PATH`;
 * - `cat`, `head`, `tail`, `less`, `more` of files;
 * - `ss`, `netstat`, `ifconfig`, `route`, `arp`, `ovs-vsctl`, `ovs-ofctl` with the same words.
 *
 * Anything else — a list (`;`, `&&`, `||`, `&`), another redirection (the student would not
 * see the output), `$VAR` in a word, an option not listed — observes nothing nslab can judge.
 */
import { ASSIGNMENT } from './shell-grammar.js';
import { tokenizeShell, type ShellToken } from './shell-tokens.js';

/** What a command observes (see the module comment). */
export interface Observation {
  /** The network namespace it observes from; '' for the sandbox's own (no `ip netns exec`). */
  namespace: string;
  /** `ping` and `trace` send packets (their effect shows in the kernel's counters); the others read state. */
  kind: 'ping' | 'trace' | 'read';
  /**
   * Canonical forms of what it observes, e.g. `ping 4 10.0.2.2`, `ip 4 route show`, `sysctl
   * net.ipv4.ip_forward`; several for a command that observes several things (`sysctl K1 K2`).
   */
  keys: string[];
  /** The ping's or trace's address family, when it is known. */
  family?: 4 | 6;
  /** The target address or name of a ping or trace. */
  target?: string;
  /**
   * Which of the command's exit statuses (bash's PIPESTATUS) is the observing program's:
   * undefined when the shell does not tell (`bash -c 'ping ... | grep ...'`).
   */
  statusIndex?: number;
  /** Run under `timeout`: exit status 124 means it was stopped, not what it observed. */
  underTimeout?: boolean;
}

/** Text filters a command's output may be piped through and still be seen. */
const FILTERS = new Set(['grep', 'egrep', 'fgrep', 'head', 'tail', 'wc', 'cut', 'tr', 'less', 'more', 'cat', 'sort', 'column']);
/** Programs that read files: their observation is the files. */
const FILE_READERS = new Set(['cat', 'head', 'tail', 'less', 'more']);
/** Read-only programs observed with exactly the same words. */
const SAME_WORDS = new Set(['ss', 'netstat', 'ifconfig', 'route', 'arp', 'ovs-vsctl', 'ovs-ofctl']);

/**
 * iproute2's objects in the order of its command table (ip/ip.c `cmds[]`): an abbreviation is
 * the first object it begins (`matches()`), so `ip r` is `route`, `ip n` is `neighbor`.
 */
const IP_OBJECTS = ['address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp',
  'fou', 'ila', 'macsec', 'tunnel', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm', 'mroute', 'mrule',
  'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'stats'];
/** Synonyms iproute2 runs with the same code. */
const IP_SYNONYMS: Record<string, string> = { neighbour: 'neighbor', ntbl: 'ntable', tap: 'tuntap', tcp_metrics: 'tcpmetrics' };
/** Verbs that only show (as read-only.ts accepts them); `get` is kept apart, it takes a target. */
const SHOW_VERBS = new Set(['show', 'list', 'lst', 'sh', 'ls']);
/** `ip` options that choose what is displayed, not what is shown: ignored. */
const IP_DISPLAY_OPTIONS = /^-(s|stats?|statistics|d|details?|br|brief|c|colou?r(=\w+)?|j|json|p|pretty|o|oneline|r|resolve|N|Numeric|h|human(-readable)?|iec|t|timestamp|ts|tshort)$/;

/** ping(8) (iputils): options that take a value. */
const PING_VALUE_OPTIONS = new Set('cCeFiIlmMNpQsStTwW'.split(''));
/** ping options that change what is sent or how it is routed: part of the observation. */
const PING_KEPT_OPTIONS = new Set('IMstTrRb'.split(''));
/** ping options without a value that only change timing, output or the socket's details. */
const PING_FLAGS = new Set('46aAbBdDfLnOqrRUv'.split(''));

/** traceroute(8) and tracepath(8) options that take a value. */
const TRACE_VALUE_OPTIONS = new Set('fgimNpstwqzMOPlx'.split(''));
const TRACE_FLAGS = new Set('46dFITUDnrAeVLb'.split(''));
/** traceroute options choosing the probe method: part of the observation. */
const TRACE_METHODS: Record<string, string> = { I: 'icmp', T: 'tcp', U: 'udp' };

type Words = string[];

/**
 * The observation a command makes.
 * @param text one command as the student typed it, or a probe's text
 * @returns what it observes, or undefined when it observes nothing nslab can judge
 */
export function observationOf(text: string): Observation | undefined {
  const stages = pipelineStages(tokenizeShell(text.trim()));
  if (!stages || stages.length === 0) return undefined;
  const [first, ...rest] = stages;
  if (!rest.every((words) => FILTERS.has(words[0] ?? ''))) return undefined;
  const found = observe(first!, '', false);
  if (!found) return undefined;
  return { ...found, statusIndex: found.statusIndex === undefined ? undefined : 0 };
}

/**
 * True when the student's observation is the probe's: the same namespace, and every thing the
 * probe observes observed by the student (a `sysctl` of two keys observes each).
 */
export function sameObservation(probe: Observation, student: Observation): boolean {
  return probe.namespace === student.namespace && probe.kind === student.kind && probe.keys.every((k) => student.keys.includes(k));
}

/**
 * The words of each stage of one pipeline, or undefined for anything that is not one
 * pipeline of plain words (a list, a redirection other than `2>&1`, a `$...` word).
 */
function pipelineStages(tokens: readonly ShellToken[]): Words[] | undefined {
  const stages: Words[] = [[]];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'word') {
      if (token.dynamic) return undefined;
      stages.at(-1)!.push(token.text);
      continue;
    }
    if (token.op === '|' || token.op === '|&') stages.push([]);
    else if (token.op === '>&' && stages.at(-1)!.at(-1) === '2' && wordAt(tokens, i + 1) === '1') {
      // `2>&1`: the tokenizer made `2` a word; it is the redirection's, not the program's.
      stages.at(-1)!.pop();
      i++;
    } else if (token.op === '\n' && i === tokens.length - 1) continue;
    else return undefined;
  }
  return stages.some((s) => s.length === 0) ? undefined : stages;
}

function wordAt(tokens: readonly ShellToken[], i: number): string | undefined {
  const t = tokens[i];
  return t?.type === 'word' ? t.text : undefined;
}

/** One simple command's observation, from namespace `ns`, wrappers looked through. */
function observe(words: Words, ns: string, underTimeout: boolean): Observation | undefined {
  let i = 0;
  while (i < words.length && ASSIGNMENT.test(words[i]!)) i++;
  const [program, ...args] = words.slice(i);
  if (program === undefined) return undefined;
  switch (program) {
    case 'sudo':
      return afterWrapper(args, ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T'], 0, (rest) => observe(rest, ns, underTimeout));
    case 'timeout':
      return afterWrapper(args, ['-s', '--signal', '-k', '--kill-after'], 1, (rest) => observe(rest, ns, true));
    case 'nsenter':
      return nsenter(args, underTimeout);
    case 'bash':
    case 'sh':
      return shellC(args, ns, underTimeout);
    case 'ip':
      return ip(args, ns, underTimeout);
    case 'ping':
    case 'ping6':
      return ping(program, args, ns, underTimeout);
    case 'tracepath':
    case 'tracepath6':
    case 'traceroute':
    case 'traceroute6':
      return trace(program, args, ns, underTimeout);
    case 'bridge':
      return bridge(args, ns, underTimeout);
    case 'sysctl':
      return sysctl(args, ns, underTimeout);
    default:
      if (FILE_READERS.has(program)) return files(args, ns, underTimeout);
      if (SAME_WORDS.has(program)) return read(ns, underTimeout, [[program, ...args].join(' ')]);
      return undefined;
  }
}

function read(namespace: string, underTimeout: boolean, keys: string[]): Observation {
  return { namespace, kind: 'read', keys, statusIndex: 0, ...(underTimeout && { underTimeout }) };
}

/** The words after a wrapper's options (`valued` take a value) and `positional` words. */
function afterWrapper(args: Words, valued: readonly string[], positional: number, then: (rest: Words) => Observation | undefined): Observation | undefined {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) {
    if (args[i] === '--') {
      i++;
      break;
    }
    i += valued.includes(args[i]!) ? 2 : 1;
  }
  const rest = args.slice(i + positional);
  return rest.length > 0 ? then(rest) : undefined;
}

/** The namespace a `/run/netns/NS` (or `/var/run/netns/NS`) path names. */
function netnsOfPath(path: string): string | undefined {
  return /^(?:\/var)?\/run\/netns\/([^/]+)$/.exec(path)?.[1];
}

/** `nsenter --net=/run/netns/NS [OTHER OPTIONS] [--] CMD`: only a named network namespace. */
function nsenter(args: Words, underTimeout: boolean): Observation | undefined {
  let ns: string | undefined;
  let i = 0;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    const net = /^(?:--net=|-n)(.+)$/.exec(a);
    if (net) ns = netnsOfPath(net[1]!);
    else if (/^(-t|--target)/.test(a) || a === '-n' || a === '--net') return undefined;
  }
  return ns === undefined ? undefined : observe(args.slice(i), ns, underTimeout);
}

/** `bash -c 'CMD'`: CMD's observation; its exit status is CMD's only when CMD is no pipeline. */
function shellC(args: Words, ns: string, underTimeout: boolean): Observation | undefined {
  const flag = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
  if (flag < 0 || args.slice(0, flag).some((a) => !a.startsWith('-'))) return undefined;
  const script = args[flag + 1];
  if (script === undefined) return undefined;
  const stages = pipelineStages(tokenizeShell(script.trim()));
  if (!stages || !stages.slice(1).every((w) => FILTERS.has(w[0] ?? ''))) return undefined;
  const inner = observe(stages[0]!, ns, underTimeout);
  if (!inner) return undefined;
  return { ...inner, statusIndex: stages.length === 1 ? inner.statusIndex : undefined };
}

/** The object an `ip` word names, as iproute2 resolves an abbreviation. */
function ipObject(word: string): string | undefined {
  const found = IP_OBJECTS.find((o) => o.startsWith(word));
  return found && (IP_SYNONYMS[found] ?? found);
}

/** `ip [OPTIONS] OBJECT [VERB] [ARGS]`, or `ip netns exec NS CMD`. */
function ip(args: Words, ns: string, underTimeout: boolean): Observation | undefined {
  let namespace = ns;
  let family = '';
  let i = 0;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const a = args[i]!;
    if (a === '-n' || a === '-netns') namespace = args[++i] ?? '';
    else if (a === '-4' || a === '-6' || a === '-0') family = a.slice(1);
    else if (a === '-f' || a === '-family') family = { inet: '4', inet6: '6', link: '0' }[args[++i] ?? ''] ?? `?${args[i]}`;
    else if (!IP_DISPLAY_OPTIONS.test(a)) return undefined;
  }
  const rest = args.slice(i);
  const object = rest[0] === undefined ? undefined : ipObject(rest[0]);
  if (object === undefined || object === 'monitor') return undefined;
  const verb = rest[1];
  if (object === 'netns' && verb === 'exec') return rest[2] === undefined ? undefined : observe(rest.slice(3), rest[2], underTimeout);
  let canonical: string;
  if (verb === undefined || SHOW_VERBS.has(verb)) canonical = 'show';
  else if (verb === 'get') canonical = 'get';
  else return undefined;
  // ip-route(8): without a family, `ip route` lists IPv4 routes.
  if (object === 'route' && family === '') family = '4';
  return read(namespace, underTimeout, [['ip', family, object, canonical, ...rest.slice(2)].filter((w) => w !== '').join(' ')]);
}

/** `bridge [OPTIONS] OBJECT [show|list ...]`. */
function bridge(args: Words, ns: string, underTimeout: boolean): Observation | undefined {
  let namespace = ns;
  const words: Words = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n' || a === '-netns') namespace = args[++i] ?? '';
    else if (/^--?b(a(t(c(h)?)?)?)?$/.test(a)) return undefined;
    else if (!a.startsWith('-')) words.push(a);
  }
  const [object, verb, ...more] = words;
  if (object === undefined || object.startsWith('mon')) return undefined;
  if (verb !== undefined && !SHOW_VERBS.has(verb)) return undefined;
  return read(namespace, underTimeout, [['bridge', object, 'show', ...more].join(' ')]);
}

/** `sysctl [-n|-e|-N|-q] KEY...` reading keys. */
function sysctl(args: Words, ns: string, underTimeout: boolean): Observation | undefined {
  const keys: string[] = [];
  for (const a of args) {
    if (a.startsWith('-')) {
      if (!/^-[neNqb]+$/.test(a)) return undefined;
    } else if (a.includes('=')) return undefined;
    else keys.push(`sysctl ${a.replace(/\//g, '.')}`);
  }
  return keys.length > 0 ? read(ns, underTimeout, keys) : undefined;
}

/**
 * `cat FILE...` and the like: each file, a `/proc/sys/` file as the sysctl key it is. Files
 * outside `/proc/sys`, `/proc/net` and `/sys/class/net` are the same from any namespace.
 */
function files(args: Words, ns: string, underTimeout: boolean): Observation | undefined {
  const paths: Words = [];
  for (let i = 0; i < args.length; i++) {
    // head/tail `-n 5`, `-c 100`: the value is no file.
    if (args[i] === '-n' || args[i] === '-c') i++;
    else if (!args[i]!.startsWith('-')) paths.push(args[i]!);
  }
  if (paths.length === 0) return undefined;
  const perNamespace = paths.some((p) => /^\/(proc\/(sys|net|self\/net)|sys\/class\/net)\//.test(p));
  const keys = paths.map((p) => (p.startsWith('/proc/sys/') ? `sysctl ${p.slice('/proc/sys/'.length).replace(/\//g, '.')}` : `file ${p}`));
  return read(perNamespace ? ns : '', underTimeout, keys);
}

/** The family an address literal has, when it is one. */
function familyOfAddress(target: string): 4 | 6 | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(target)) return 4;
  return target.includes(':') ? 6 : undefined;
}

/**
 * Splits getopt-style arguments (`-c 3`, `-c3`, `-qc3`) into options and operands.
 * @returns undefined for an option not in `valued` or `flags`
 */
function getopt(args: Words, valued: ReadonlySet<string>, flags: ReadonlySet<string>): { options: Array<[string, string]>; operands: Words } | undefined {
  const options: Array<[string, string]> = [];
  const operands: Words = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    if (a.startsWith('--')) return undefined;
    for (let j = 1; j < a.length; j++) {
      const letter = a[j]!;
      if (valued.has(letter)) {
        const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (value === undefined) return undefined;
        options.push([letter, value]);
        break;
      }
      if (!flags.has(letter)) return undefined;
      options.push([letter, '']);
    }
  }
  return { options, operands };
}

/** `ping [OPTIONS] TARGET` (iputils ping(8)). */
function ping(program: string, args: Words, ns: string, underTimeout: boolean): Observation | undefined {
  const parsed = getopt(args, PING_VALUE_OPTIONS, PING_FLAGS);
  if (!parsed || parsed.operands.length !== 1) return undefined;
  const target = parsed.operands[0]!;
  const asked = program === 'ping6' || parsed.options.some(([o]) => o === '6') ? 6 : parsed.options.some(([o]) => o === '4') ? 4 : undefined;
  const family = asked ?? familyOfAddress(target);
  const kept = parsed.options.filter(([o]) => PING_KEPT_OPTIONS.has(o)).map(([o, v]) => `-${o}${v}`).sort();
  const key = ['ping', family ?? '?', target, ...kept].join(' ');
  return { namespace: ns, kind: 'ping', keys: [key], ...(family && { family }), target, statusIndex: 0, ...(underTimeout && { underTimeout }) };
}

/** `tracepath`/`traceroute [OPTIONS] TARGET [PACKETLEN]`: the path's hops. */
function trace(program: string, args: Words, ns: string, underTimeout: boolean): Observation | undefined {
  const parsed = getopt(args, TRACE_VALUE_OPTIONS, TRACE_FLAGS);
  if (!parsed || parsed.operands.length < 1 || parsed.operands.length > 2) return undefined;
  const target = parsed.operands[0]!;
  const asked = program.endsWith('6') || parsed.options.some(([o]) => o === '6') ? 6 : parsed.options.some(([o]) => o === '4') ? 4 : undefined;
  const family = asked ?? familyOfAddress(target);
  const methods = parsed.options.filter(([o]) => o in TRACE_METHODS).map(([o]) => TRACE_METHODS[o]!);
  const method = program.startsWith('traceroute') ? (methods[0] ?? 'udp') : 'udp';
  const key = ['trace', family ?? '?', target, method, ...parsed.operands.slice(1)].join(' ');
  return { namespace: ns, kind: 'trace', keys: [key], ...(family && { family }), target, statusIndex: 0, ...(underTimeout && { underTimeout }) };
}
