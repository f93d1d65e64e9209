/**
 * A firewall rule in words for a diagnosis: as `iptables -S` prints it when the rule came from
 * iptables (iptables-nft keeps its rules in table `ip filter`, chains INPUT/FORWARD/OUTPUT, in
 * the order `iptables -S CHAIN` lists them; ip6tables's in `ip6 filter`, as `ip6tables -S`
 * prints them), else in nft's own syntax rebuilt from the JSON (libnftables-json(5)), with the
 * rule's handle; and the command that removes it, with the tool that made the rule.
 */
import { iptablesChainLines, iptablesCommand, iptablesTableOf } from '../state/read-iptables.js';
import type { NftChain, NftRule } from '../state/read-nft-ruleset.js';
import { inNs } from './messages.js';
import type { Ns } from './types.js';

/** A rule (or a policy) named for a message, and how to undo it. */
export interface RuleText {
  /** `-A FORWARD -p icmp -m icmp --icmp-type 8 -j DROP`, `rule \`iifname "R-eth*" meta l4proto icmp drop\` (handle 5) in chain inet fw input`, `the policy drop of chain FORWARD (iptables)`. */
  text: string;
  /** `ip netns exec R iptables -D FORWARD ...`, `ip netns exec R nft delete rule inet fw input handle 5`. */
  fix: string;
}

/** True for a chain iptables-nft made: table `ip filter` (ip6tables: `ip6 filter`), an upper-case built-in chain name. */
export function isIptablesChain(chain: NftChain): boolean {
  return (chain.family === 'ip' || chain.family === 'ip6') && chain.table === 'filter' && /^(INPUT|FORWARD|OUTPUT)$/.test(chain.name);
}

/** A match's right side as nft writes it: `10.0.1.0/25`, `{ tcp, udp }`, `8080`. */
export function valueText(right: unknown): string {
  if (Array.isArray(right)) return `{ ${right.map(valueText).join(', ')} }`;
  if (typeof right === 'object' && right !== null) {
    const r = right as { set?: unknown[]; prefix?: { addr: string; len: number }; range?: [unknown, unknown] };
    if (r.set) return `{ ${r.set.map(valueText).join(', ')} }`;
    if (r.prefix) return `${r.prefix.addr}/${r.prefix.len}`;
    if (r.range) return `${valueText(r.range[0])}-${valueText(r.range[1])}`;
    return JSON.stringify(right);
  }
  return typeof right === 'string' && /[^\w.:/@-]/.test(right) ? JSON.stringify(right) : String(right);
}

function leftText(left: unknown): string {
  const l = left as { payload?: { protocol?: string; field?: string }; meta?: { key?: string }; ct?: { key?: string }; fib?: { result?: string; flags?: string[] } };
  if (l.payload) return `${l.payload.protocol} ${l.payload.field}`;
  if (l.meta) return /^(iifname|oifname|iif|oif)$/.test(l.meta.key ?? '') ? String(l.meta.key) : `meta ${l.meta.key}`;
  if (l.ct) return `ct ${l.ct.key}`;
  if (l.fib) return `fib ${(l.fib.flags ?? []).join(' . ')} ${l.fib.result}`;
  return JSON.stringify(left);
}

/** `dnat to 172.18.0.10:80`, `snat to 203.0.113.1`, `redirect to :5353`. */
function natText(name: string, body: Record<string, unknown> | null): string {
  const addr = body?.addr === undefined ? '' : valueText(body.addr);
  const port = body?.port === undefined ? '' : `:${valueText(body.port)}`;
  return addr === '' && port === '' ? name : `${name} to ${addr}${port}`;
}

/** `limit rate 5/second`, `quota over 100 mbytes` (libnftables-json(5): LIMIT, QUOTA). */
function budgetText(name: 'limit' | 'quota', body: Record<string, unknown> | null): string {
  const b = body as { rate?: number; per?: string; rate_unit?: string; inv?: boolean; val?: number; val_unit?: string } | null;
  const over = b?.inv ? 'over ' : '';
  if (name === 'limit') return `limit rate ${over}${b?.rate ?? '?'}${b?.rate_unit && b.rate_unit !== 'packets' ? ` ${b.rate_unit}` : ''}/${b?.per ?? '?'}`;
  return `quota ${over}${b?.val ?? '?'} ${b?.val_unit ?? 'bytes'}`;
}

/** nft's syntax for a rule's expressions (counters left out): `ip saddr 10.0.1.0/24 tcp dport 80 reject`. */
export function nftRuleText(rule: NftRule): string {
  const parts: string[] = [];
  for (const e of rule.expr as Array<Record<string, unknown>>) {
    const [name] = Object.keys(e);
    const body = e[name!] as Record<string, unknown> | null;
    if (name === 'match') {
      const m = body as { op?: string; left?: unknown; right?: unknown };
      const op = m.op === '==' || m.op === 'in' || m.op === undefined ? '' : `${m.op} `;
      parts.push(`${leftText(m.left)} ${op}${valueText(m.right)}`);
    } else if (name === 'xt') parts.push(`xt ${(body as { type?: string }).type} ${JSON.stringify((body as { name?: string }).name)}`);
    else if (name === 'jump' || name === 'goto') parts.push(`${name} ${(body as { target?: string }).target}`);
    else if (name === 'reject' || name === 'accept' || name === 'drop' || name === 'return') parts.push(name);
    else if (name === 'snat' || name === 'dnat' || name === 'redirect') parts.push(natText(name, body));
    else if (name === 'limit' || name === 'quota') parts.push(budgetText(name, body));
    else if (name === 'mangle') {
      // `meta mark set 1`, `meta mark set ct mark`, `ct mark set meta mark`.
      const m = body as { key?: unknown; value?: unknown };
      const value = typeof m.value === 'object' && m.value !== null && !Array.isArray(m.value) && !('set' in m.value) ? leftText(m.value) : valueText(m.value);
      parts.push(`${leftText(m.key)} set ${value}`);
    } else if (name !== 'counter') parts.push(name!);
  }
  return parts.join(' ');
}

/**
 * Names the rule (or policy) that drops, and the fix.
 * @param ns the namespace (for `ip netns exec NS`).
 * @param chain the chain.
 * @param rule the rule; undefined for the chain's policy.
 * @param iptablesLines `iptables -S CHAIN` of that namespace when the chain is one of iptables's
 *   built-in filter chains, or `iptables -t TABLE -S` of the chain's table (`-P`/`-N` lines
 *   tell whether the chain is iptables's); for a chain of family `ip6`, ip6tables's; undefined
 *   otherwise.
 */
export function ruleText(ns: Ns, chain: NftChain, rule: NftRule | undefined, iptablesLines?: readonly string[]): RuleText {
  const where = `${chain.family} ${chain.table} ${chain.name}`;
  const made = iptablesTableOf(chain);
  const appended = made && iptablesLines && (isIptablesChain(chain) ? iptablesLines.filter((l) => l.startsWith(`-A ${chain.name} `)) : iptablesChainLines(iptablesLines, chain.name));
  if (made && appended) {
    const tool = iptablesCommand(made.family);
    const table = chain.table === 'filter' ? '' : `-t ${chain.table} `;
    if (rule === undefined) return { text: `${tool}'s policy \`-P ${chain.name} DROP\``, fix: inNs(ns, `${tool} ${table}-P ${chain.name} ACCEPT`) };
    const line = appended[chain.rules.indexOf(rule)];
    if (line !== undefined) return { text: `${tool} rule \`${line}\``, fix: inNs(ns, `${tool} ${table}${line.replace(/^-A /, '-D ')}`) };
  }
  if (rule === undefined) return { text: `the policy drop of chain ${where}`, fix: inNs(ns, `nft chain ${where} '{ policy accept; }'`) };
  return {
    text: `rule \`${nftRuleText(rule)}\` (handle ${rule.handle}) in chain ${where}`,
    fix: inNs(ns, `nft delete rule ${where} handle ${rule.handle}`),
  };
}
