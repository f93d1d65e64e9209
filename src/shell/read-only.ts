/**
 * Which commands are read-only probes: commands that `practice` and `check` may run again to
 * verify a step, because running them cannot change the network state or the file system.
 *
 * Conservative on purpose: a command is a probe only when it is one simple command (or a
 * pipeline into text filters) of a known read-only form, with no redirection, no `;`, `&&`,
 * `||`, `&`, subshell or substitution, and no word whose value is only known at run time
 * (`$X`). Anything else, however harmless it looks, is not re-run. The forms:
 *
 * - `ping`, `ping6`, `tracepath`, `traceroute`: they send packets but change no state.
 * - `ip [OPTIONS] OBJECT [show|list|lst|sh|ls|get ...]`, `bridge OBJECT [show|list ...]`: the
 *   verb decides (ip(8): a missing verb means `show`); `ip monitor` (never ends) is not one.
 * - `ip [OPTIONS] netns exec NS CMD...`: when CMD is itself a probe.
 * - `sysctl` reading keys: no `-w`/`-p`/`--write`/`--load`/`--system`, no `KEY=VALUE`
 *   (sysctl(8): an argument with `=` writes).
 * - `ifconfig [-a|-s|-v] [IF]`, `route [-n|-e|-ee|-v|-4|-6]`, `arp [-n|-a|-e|-v]`: net-tools
 *   with no other word only show (ifconfig(8), route(8), arp(8)).
 * - `ovs-vsctl` with a read-only command and no `--` chaining (ovs-vsctl(8): `show`,
 *   `list-br`, `list-ports`, `list-ifaces`, `br-exists`, `port-to-br`, `iface-to-br`,
 *   `list`, `get`, `find`); `ovs-ofctl show|dump-flows|dump-ports|dump-ports-desc|dump-tables`.
 * - `ss` without `-K`/`--kill`, `netstat`.
 * - `cat`, `grep`, `head`, `tail`, `wc`, `cut`, `tr`: as the command or after a `|`.
 */
import { ipArguments } from './invocations.js';
import { tokenizeShell, type WordToken } from './shell-tokens.js';

/** Programs that only read their input or files and print. */
const FILTERS = new Set(['cat', 'grep', 'head', 'tail', 'wc', 'cut', 'tr']);
/** Programs that send probes and change nothing. */
const PINGERS = new Set(['ping', 'ping6', 'tracepath', 'traceroute']);
/** Verbs of `ip OBJECT VERB` and `bridge OBJECT VERB` that only show. */
const SHOW_VERBS = new Set(['show', 'list', 'lst', 'sh', 'ls', 'get']);
const OVS_VSCTL_READS = new Set(['show', 'list-br', 'list-ports', 'list-ifaces', 'br-exists', 'port-to-br', 'iface-to-br', 'list', 'get', 'find']);
const OVS_OFCTL_READS = new Set(['show', 'dump-flows', 'dump-ports', 'dump-ports-desc', 'dump-tables']);

type Words = readonly string[];

/**
 * Tells whether a command only reads state (see the module comment for the forms).
 * @param text one complete shell command, as the scenario parser split it
 * @returns true for a read-only probe; false for anything else, bad syntax included
 */
export function isReadOnlyCommand(text: string): boolean {
  const tokens = tokenizeShell(text.trim());
  const stages: WordToken[][] = [[]];
  for (const token of tokens) {
    if (token.type === 'op') {
      if (token.op !== '|') return false;
      stages.push([]);
    } else {
      if (token.dynamic) return false;
      stages.at(-1)!.push(token);
    }
  }
  if (stages.some((s) => s.length === 0)) return false;
  const [first, ...rest] = stages.map((s) => s.map((w) => w.text));
  return isProbe(first!) && rest.every((words) => FILTERS.has(words[0]!));
}

/** One simple command's words: a read-only form? */
function isProbe(words: Words): boolean {
  const [program, ...args] = words;
  if (program === undefined) return false;
  if (FILTERS.has(program) || PINGERS.has(program) || program === 'netstat') return true;
  switch (program) {
    case 'ip':
      return isIpRead(args);
    case 'bridge':
      return isBridgeRead(args);
    case 'sysctl':
      return args.every((a) => !a.includes('=') && !/^-[a-zA-Z]*[wpf]|^--(write|load|system)/.test(a));
    case 'ifconfig':
      return onlyOptions(args, ['-a', '-s', '-v'], 1);
    case 'route':
      return onlyOptions(args, ['-n', '-e', '-ee', '-v', '-4', '-6'], 0);
    case 'arp':
      return onlyOptions(args, ['-n', '-a', '-e', '-v'], 0);
    case 'ss':
      return args.every((a) => a !== '--kill' && !/^-[a-zA-Z]*K/.test(a));
    case 'ovs-vsctl':
      return !args.includes('--') && OVS_VSCTL_READS.has(args.find((a) => !a.startsWith('-')) ?? '');
    case 'ovs-ofctl':
      return OVS_OFCTL_READS.has(args.find((a) => !a.startsWith('-')) ?? '');
    default:
      return false;
  }
}

/** `ip ...` after the program: a show verb, or `netns exec NS` in front of a probe. */
function isIpRead(args: Words): boolean {
  const words = ipArguments(args.map((text) => ({ type: 'word', text, offset: 0, dynamic: false }))).rest.map((w) => w.text);
  const [object, verb] = words;
  if (object === undefined) return false;
  if (object === 'monitor' || object === 'mon') return false;
  if (object === 'netns' && verb === 'exec') return words[2] !== undefined && isProbe(words.slice(3));
  if (object === 'netns' && (verb === 'identify' || verb === 'list-id')) return true;
  return isShowVerb(words);
}

/**
 * `bridge ...` after the program: a show verb, never a batch file (`-b`/`-batch FILE`, which
 * may hold any command; iproute2 takes any prefix of an option, bridge(8)) nor `monitor` (it
 * never ends, as `ip monitor`).
 */
function isBridgeRead(args: Words): boolean {
  if (args.some((a) => /^--?b(a(t(c(h)?)?)?)?$/.test(a))) return false;
  const words = args.filter((a) => !a.startsWith('-'));
  if (words[0] === 'monitor' || words[0] === 'mon') return false;
  return isShowVerb(words);
}

/** `OBJECT` alone (shows), or `OBJECT VERB ...` with a verb that only shows. */
function isShowVerb([object, verb]: Words): boolean {
  return object !== undefined && (verb === undefined || SHOW_VERBS.has(verb));
}

/** Only the given options, and at most `operands` other words (an interface name). */
function onlyOptions(args: Words, options: readonly string[], operands: number): boolean {
  const others = args.filter((a) => !options.includes(a));
  return others.length <= operands && others.every((a) => !a.startsWith('-'));
}

/** Programs whose run changes no state (bash(1) builtins and coreutils), unless redirected. */
const NO_EFFECT = new Set(['echo', 'true', 'false', ':', 'sleep', 'printf']);
/** nslab's own commands that only read and print (src/cli/commands): never `run`, `practice`, `test`, `clean`. */
const NSLAB_READS = new Set(['why', 'check', 'topo', 'lint', 'list', 'progress']);
/** Operators between commands of a list (bash(1), Lists): each command of the list runs on its own. */
const LIST_OPERATORS = new Set([';', '&&', '||', '\n']);

/**
 * Commands that change no state, alone or in a list (`;`, `&&`, `||`, line ends) of them:
 * {@link NO_EFFECT} programs and nslab's own reading commands ({@link NSLAB_READS}, as
 * `nslab`, `npx nslab` or `node PATH/nslab`, without `--report FILE`, which writes a file),
 * possibly inside `ip netns exec NS`; with no redirection, pipe, `&`, command substitution
 * (`echo $(ip link add x)` changes state), and no `printf -v` (it sets a variable of the
 * session). A variable's value (`echo "exit $?"`) changes nothing.
 */
export function changesNothing(text: string): boolean {
  if (/\$\(|`|<\(|>\(/.test(text)) return false;
  const commands: string[][] = [[]];
  for (const token of tokenizeShell(text.trim())) {
    if (token.type === 'word') commands.at(-1)!.push(token.text);
    else if (LIST_OPERATORS.has(token.op)) commands.push([]);
    else return false;
  }
  const words = commands.filter((c) => c.length > 0);
  return words.length > 0 && words.every(hasNoEffect);
}

/** One simple command's words: a {@link NO_EFFECT} program or an nslab read, maybe in `ip netns exec NS`. */
function hasNoEffect(command: Words): boolean {
  const words = command[0] === 'ip' && command[1] === 'netns' && command[2] === 'exec' ? command.slice(4) : command;
  const [program] = words;
  if (program === undefined) return false;
  if (NO_EFFECT.has(program)) return !(program === 'printf' && words.includes('-v'));
  const args = nslabArguments(words);
  return args !== undefined && NSLAB_READS.has(args[0] ?? '') && !args.some((a) => a === '--report' || a.startsWith('--report='));
}

/** The arguments of an nslab invocation (`nslab ...`, `npx nslab ...`, `node .../nslab ...`); undefined for another program. */
function nslabArguments([program, ...args]: Words): Words | undefined {
  const isNslab = (path: string | undefined) => path !== undefined && /(^|\/)nslab$/.test(path);
  if (isNslab(program)) return args;
  if ((program === 'node' || program === 'npx') && isNslab(args[0])) return args.slice(1);
  return undefined;
}
