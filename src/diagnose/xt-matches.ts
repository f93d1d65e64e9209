/**
 * iptables matches that nft's JSON leaves opaque, read back from the rule's `iptables -S` line.
 * iptables-nft turns `-s`, `-p`, `-i`, `--dport` into native nftables expressions, but keeps
 * `-m conntrack`, `-m state` and `-m icmp` as `xt` matches whose arguments nft does not show
 * (libnftables-json(5): "xt ... not a serializable expression"). Their arguments are in
 * `iptables -t TABLE -S`, one `-A CHAIN` line per rule in the chain's order, the `-m NAME`
 * sections in the order of the rule's `xt` expressions (iptables-extensions(8)).
 *
 * ip6tables's rules (nft family `ip6`) likewise, from `ip6tables -t TABLE -S`.
 *
 * Decoded: `[!] --ctstate LIST` (conntrack), `[!] --state LIST` (state, which nft's JSON shows
 * as an `xt` match named conntrack), `[!] --icmp-type TYPE[/CODE]` (icmp), `[!] --icmpv6-type
 * TYPE[/CODE]` (icmp6) and `[!] --dports|--sports LIST` (multiport) become the native matches
 * nft-match.ts decides; any other `xt` match keeps its section's text (`-m limit --limit
 * 5/sec`) so that a message can name it exactly.
 */
import { iptablesChainLines, iptablesTableOf, type IptablesFamily, type IptablesTable } from '../state/read-iptables.js';
import type { NftChain, NftRule, NftRuleset } from '../state/read-nft-ruleset.js';

/** One `-m NAME ...` section of an iptables rule line. */
export interface IptablesMatch {
  name: string;
  /** The arguments after the name, as printed (`!`, `--ctstate`, `RELATED,ESTABLISHED`). */
  args: string[];
  /** The whole section: `-m conntrack --ctstate RELATED,ESTABLISHED`. */
  text: string;
}

/** An `xt` match that could not be decoded, with its section's text when the line was found. */
export interface OpaqueXtMatch {
  type: 'match';
  name: string;
  iptables?: string;
}

/** Splits an `iptables -S` line into words; `"..."` (a comment with blanks) is one word. */
function words(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? `"${m[1]}"` : m[2]!));
}

/** A single-dash option (`-s`, `-j`): the start of the next part of the rule, not a module's argument. */
const isRuleOption = (word: string | undefined): boolean => word !== undefined && /^-[a-zA-Z]$/.test(word);

/**
 * The `-m NAME ...` sections of a rule line, in order.
 * @param line `-A FORWARD -p tcp -m conntrack --ctstate NEW -m tcp --dport 80 -j ACCEPT`
 */
export function iptablesMatches(line: string): IptablesMatch[] {
  const w = words(line);
  const found: IptablesMatch[] = [];
  for (let i = 0; i < w.length; i++) {
    if (w[i] !== '-m' || w[i + 1] === undefined) continue;
    const name = w[i + 1]!;
    const args: string[] = [];
    let j = i + 2;
    // A `!` before a rule option (`! -s 10.0.0.0/8`) negates that option, not the module.
    while (j < w.length && !isRuleOption(w[j]) && !(w[j] === '!' && isRuleOption(w[j + 1]))) args.push(w[j++]!);
    found.push({ name, args, text: ['-m', name, ...args].join(' ') });
    i = j - 1;
  }
  return found;
}

const CT_STATES: Record<string, string> = { NEW: 'new', ESTABLISHED: 'established', RELATED: 'related', INVALID: 'invalid', UNTRACKED: 'untracked' };

/** `[!] --OPTION VALUE` as the only arguments: the value and whether it is negated. */
function soleOption(args: readonly string[], option: string): { value: string; negated: boolean } | undefined {
  const negated = args[0] === '!';
  const rest = negated ? args.slice(1) : args;
  return rest.length === 2 && rest[0] === option ? { value: rest[1]!, negated } : undefined;
}

/** `--ctstate RELATED,ESTABLISHED` as nft's `ct state { related, established }`; undefined for SNAT/DNAT (virtual states) or other options. */
function ctStateMatch(args: readonly string[], option: string): unknown {
  const o = soleOption(args, option);
  const states = o?.value.split(',').map((s) => CT_STATES[s]);
  if (!o || !states || states.some((s) => s === undefined)) return undefined;
  return { match: { op: o.negated ? '!=' : 'in', left: { ct: { key: 'state' } }, right: states } };
}

const ICMP_NAMES: Record<string, number> = { 'echo-reply': 0, pong: 0, 'echo-request': 8, ping: 8 };

/**
 * `--icmp-type 8` as nft's `icmp type echo-request` (the only types nslab's packets have: echo
 * request and reply, code 0); `any` is no match at all; a type with a code other than 0 is
 * kept as `N/C`, which no echo packet has. Undefined for a name nslab does not know.
 */
function icmpTypeMatch(args: readonly string[]): unknown {
  const o = soleOption(args, '--icmp-type');
  if (!o) return undefined;
  if (o.value === 'any') return o.negated ? undefined : null;
  const m = /^(\d+)(?:\/(\d+))?$/.exec(o.value);
  const type = m ? Number(m[1]) : ICMP_NAMES[o.value];
  if (type === undefined) return undefined;
  const right = m?.[2] !== undefined && Number(m[2]) !== 0 ? o.value : type === 8 ? 'echo-request' : type === 0 ? 'echo-reply' : type;
  return { match: { op: o.negated ? '!=' : '==', left: { payload: { protocol: 'icmp', field: 'type' } }, right } };
}

/**
 * ICMPv6 types by ip6tables's names (`ip6tables -p icmpv6 -h`; `-S` prints numbers) and the
 * numbers of RFC 4443 and RFC 4861; nft names the ones nslab's packets have.
 */
const ICMPV6_NAMES: Record<string, number> = {
  'destination-unreachable': 1, 'packet-too-big': 2, 'time-exceeded': 3, 'ttl-exceeded': 3, 'parameter-problem': 4,
  'echo-request': 128, ping: 128, 'echo-reply': 129, pong: 129,
  'router-solicitation': 133, 'router-advertisement': 134,
  'neighbour-solicitation': 135, 'neighbor-solicitation': 135, 'neighbour-advertisement': 136, 'neighbor-advertisement': 136, redirect: 137,
};
const ICMPV6_NFT: Record<number, string> = { 128: 'echo-request', 129: 'echo-reply', 135: 'nd-neighbor-solicit', 136: 'nd-neighbor-advert' };

/**
 * `--icmpv6-type 128` (or `echo-request`) as nft's `icmpv6 type echo-request`; a type with a
 * code other than 0 is kept as `N/C`, which none of nslab's packets (code 0) has. Undefined
 * for a name nslab does not know.
 */
function icmpv6TypeMatch(args: readonly string[]): unknown {
  const o = soleOption(args, '--icmpv6-type');
  if (!o) return undefined;
  const m = /^(\d+)(?:\/(\d+))?$/.exec(o.value);
  const type = m ? Number(m[1]) : ICMPV6_NAMES[o.value];
  if (type === undefined) return undefined;
  const right = m?.[2] !== undefined && Number(m[2]) !== 0 ? o.value : (ICMPV6_NFT[type] ?? type);
  return { match: { op: o.negated ? '!=' : '==', left: { payload: { protocol: 'icmpv6', field: 'type' } }, right } };
}

/** `-p tcp -m multiport --dports 22,80,8000:8100` as nft's `tcp dport { 22, 80, 8000-8100 }`; undefined for `--ports` (either port) or without `-p tcp|udp`. */
function multiportMatch(args: readonly string[], line: string): unknown {
  const proto = /(?:^| )-p (tcp|udp)(?= )/.exec(line)?.[1];
  const field = args.includes('--dports') ? 'dport' : args.includes('--sports') ? 'sport' : undefined;
  const o = field && soleOption(args, `--${field}s`);
  if (!proto || !o) return undefined;
  const ports = o.value.split(',').map((p) => {
    const [lo, hi] = p.split(':').map(Number);
    return hi === undefined ? lo : { range: [lo, hi] };
  });
  return { match: { op: o.negated ? '!=' : '==', left: { payload: { protocol: proto, field } }, right: { set: ports } } };
}

/**
 * The native expression for one `xt` match and its `-m` section: a match expression, null for
 * a match that holds for every packet (`--icmp-type any`), undefined when nslab cannot decode it.
 */
function decodeMatch(m: IptablesMatch, line: string): unknown {
  if (m.name === 'conntrack') return ctStateMatch(m.args, '--ctstate');
  if (m.name === 'state') return ctStateMatch(m.args, '--state');
  if (m.name === 'icmp') return icmpTypeMatch(m.args);
  if (m.name === 'icmp6') return icmpv6TypeMatch(m.args);
  if (m.name === 'multiport') return multiportMatch(m.args, line);
  return undefined;
}

/** The rule with its `xt` matches decoded from its line (matched to them by name, in order). */
function decodeRule(rule: NftRule, line: string): NftRule {
  const sections = iptablesMatches(line);
  let next = 0;
  const expr: unknown[] = [];
  for (const e of rule.expr) {
    const xt = (e as { xt?: { type?: string; name?: string } }).xt;
    if (xt?.type !== 'match') {
      expr.push(e);
      continue;
    }
    // `-m state` is the conntrack match's old name: nft's JSON calls it conntrack.
    const at = sections.findIndex((s, i) => i >= next && (s.name === xt.name || (s.name === 'state' && xt.name === 'conntrack')));
    if (at < 0) {
      expr.push(e);
      continue;
    }
    next = at + 1;
    const native = decodeMatch(sections[at]!, line);
    if (native === undefined) expr.push({ xt: { ...xt, iptables: sections[at]!.text } });
    else if (native !== null) expr.push(native);
  }
  return { ...rule, expr };
}

const hasXtMatch = (rule: NftRule): boolean => rule.expr.some((e) => (e as { xt?: { type?: string } }).xt?.type === 'match');

/**
 * The ruleset with the `xt` matches of iptables's chains decoded (see the module comment).
 * Reads a table's `iptables -S` (`ip6tables -S` for family `ip6`) only when one of its chains
 * has an `xt` match. A chain whose rule count differs from its `-A` lines (nft added rules to
 * it) is left as it is: its lines cannot be matched to its rules by position.
 * @param readTable `iptables -t TABLE -S` (family `ip`) or `ip6tables -t TABLE -S` (`ip6`) of
 *   the ruleset's namespace ([] when it cannot say)
 * @returns a new ruleset (the same one when there is nothing to decode); chains are new objects
 *   where rules changed, so rules are looked up in the returned ruleset's chains.
 */
export async function decodeXtMatches(
  ruleset: NftRuleset, readTable: (table: IptablesTable, family: IptablesFamily) => Promise<readonly string[]>,
): Promise<NftRuleset> {
  const keyOf = (chain: NftChain): string | undefined => {
    const t = iptablesTableOf(chain);
    return t && `${t.family} ${t.table}`;
  };
  const tables = new Set(ruleset.chains.filter((c) => c.rules.some(hasXtMatch)).map(keyOf).filter((t) => t !== undefined));
  if (tables.size === 0) return ruleset;
  const read = async (key: string) => {
    const [family, table] = key.split(' ') as [IptablesFamily, IptablesTable];
    return [key, await readTable(table, family)] as const;
  };
  const lines = new Map(await Promise.all([...tables].map(read)));
  const chains = ruleset.chains.map((chain) => {
    const key = keyOf(chain);
    const appended = key && lines.has(key) && chain.rules.some(hasXtMatch) ? iptablesChainLines(lines.get(key)!, chain.name) : undefined;
    if (!appended || appended.length !== chain.rules.length) return chain;
    return { ...chain, rules: chain.rules.map((r, i) => (hasXtMatch(r) ? decodeRule(r, appended[i]!) : r)) };
  });
  return { ...ruleset, chains };
}
