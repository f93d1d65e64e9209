/**
 * The forwarding (IPv4 and IPv6) and reverse-path-filter settings and the packet filter of a namespace in
 * one process, for `nslab why`: reading them one `sysctl -n` at a time would cost one process
 * per interface.
 * Both are per network namespace (Documentation/networking/ip-sysctl.rst: `ip_forward`,
 * `conf/{all,default,IF}/rp_filter`, IPv6 `conf/{all,default,IF}/forwarding`).
 */
import type { Exec } from '../sandbox/types.js';
import { LEGACY_PROBE, takeLegacyProbe } from './read-iptables-legacy.js';
import { parseNftRuleset, type NftRuleset } from './read-nft-ruleset.js';
import { parseRules } from './read-rules.js';
import { failureOf, inNamespace, READ_TIMEOUT_MS } from './run-ip.js';
import type { RuleInfo, StateResult } from './types.js';

/** Routing sysctls of one namespace, both families. */
export interface NetSysctls {
  /** `net.ipv4.ip_forward`: 1 = the namespace routes packets between its interfaces. */
  ipForward: number;
  /**
   * `net.ipv4.conf.*.rp_filter` by interface name, plus `all` and `default`: 0 off, 1 strict,
   * 2 loose. The value in force on an interface is max(all, IF) (ip-sysctl.rst).
   */
  rpFilter: Record<string, number>;
  /**
   * `net.ipv6.conf.*.forwarding` by interface name, plus `all` and `default`. The kernel forwards
   * IPv6 when `all` is 1 (ip6_forward, net/ipv6/ip6_output.c); writing `all` sets every
   * interface's value, while an interface's own value only makes it act as a router there
   * (ip-sysctl.rst, conf/interface/forwarding). Empty when IPv6 is disabled.
   */
  ipv6Forwarding: Record<string, number>;
}

/** Everything `why` needs from inside a namespace that `ip -n` cannot read from outside. */
export interface NetFilterFacts {
  sysctls: NetSysctls;
  /** The nftables ruleset (iptables-nft's rules too); empty with `unavailable` when nft is missing. */
  ruleset: NftRuleset;
  /** The policy routing rules of each family (`ip -N -json rule show`), in priority order. */
  rules: { 4: RuleInfo[]; 6: RuleInfo[] };
}

const NFT_MARK = '@@nslab-nft';
const RULES_MARK = '@@nslab-rules';

/**
 * ip_forward, every rp_filter, every IPv6 forwarding, the policy routing rules of both
 * families and the nftables ruleset of a namespace in one process: sh's builtin `read` over
 * /proc/sys (the reading process's own network namespace), `ip -N -json rule show` (and `-6`), then
 * `exec nft -j list ruleset`. One process instead of two per namespace keeps `why` on the
 * router walkthrough within its time budget (docs/performance.md).
 * @param exec runs `[ip netns exec NS] sh -c SCRIPT` (a fixed script; nothing is pasted into it).
 * @param ns namespace; undefined = root namespace.
 * @returns the facts, or no-such-namespace / failed (nft failing is a failure; nft missing is not).
 */
export async function readNetFilterFacts(exec: Exec, ns: string | undefined): Promise<StateResult<NetFilterFacts>> {
  const script = [
    // dash reads byte by byte and /proc/sys answers the second read with EOF, so `read` sets v
    // but returns 1: its status is no use here.
    'for f in /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/*/rp_filter /proc/sys/net/ipv6/conf/*/forwarding; do v=; read v <"$f"; echo "$f:$v"; done',
    // The rules decide which table a route lookup uses: every walk step needs them.
    // -N: tables by number, which a rule's name for one (rt_tables) would hide (read-rules.ts).
    `echo ${RULES_MARK}4; ip -N -json rule show; echo ${RULES_MARK}6; ip -6 -N -json rule show`,
    // Whether iptables-legacy has tables here, whose rules nft does not show (no extra process).
    LEGACY_PROBE,
    `echo ${NFT_MARK}`,
    'command -v nft >/dev/null || exit 0',
    'exec nft -j list ruleset',
  ].join('\n');
  const result = await exec(inNamespace(ns, ['sh', '-c', script]), { timeoutMs: READ_TIMEOUT_MS });
  if (result.exitCode !== 0) return failureOf(result, ns);
  const { rest: out, legacy } = takeLegacyProbe(result.stdout ?? result.output);
  const mark = out.indexOf(NFT_MARK);
  if (mark < 0) return { ok: false, reason: 'failed', message: 'the sysctl and nft read printed nothing' };
  const nft = out.slice(mark + NFT_MARK.length).trim();
  const rules = parseRuleSections(out.slice(0, mark));
  if (!rules.ok) return rules;
  const ruleset = nft === '' ? { ok: true as const, value: { chains: [], unavailable: 'nft is not installed' } } : parseNftRuleset(nft);
  if (!ruleset.ok) return ruleset;
  const read = legacy ? { ...ruleset.value, legacy } : ruleset.value;
  return { ok: true, value: { sysctls: parseSysctlLines(out.slice(0, mark)), ruleset: read, rules: rules.value } };
}

/** The two `ip -N -json rule show` outputs between their marks. */
function parseRuleSections(text: string): StateResult<{ 4: RuleInfo[]; 6: RuleInfo[] }> {
  const four = text.indexOf(`${RULES_MARK}4`);
  const six = text.indexOf(`${RULES_MARK}6`);
  if (four < 0 || six < 0) return { ok: false, reason: 'failed', message: 'ip rule show printed nothing' };
  try {
    const json = (from: number, to: number) => JSON.parse(text.slice(from, to).trim() || '[]') as unknown;
    return {
      ok: true,
      value: { 4: parseRules(json(four + RULES_MARK.length + 1, six), 4), 6: parseRules(json(six + RULES_MARK.length + 1, text.length), 6) },
    };
  } catch {
    return { ok: false, reason: 'failed', message: 'ip -json rule show printed something that is not JSON' };
  }
}

function parseSysctlLines(text: string): NetSysctls {
  const value: NetSysctls = { ipForward: 0, rpFilter: {}, ipv6Forwarding: {} };
  for (const line of text.split('\n')) {
    const v6 = /^\/proc\/sys\/net\/ipv6\/conf\/([^/]+)\/forwarding:(\d+)$/.exec(line.trim());
    if (v6) value.ipv6Forwarding[v6[1]!] = Number(v6[2]);
    const m = /^\/proc\/sys\/net\/ipv4\/(?:conf\/([^/]+)\/rp_filter|ip_forward):(\d+)$/.exec(line.trim());
    if (!m) continue;
    if (m[1] === undefined) value.ipForward = Number(m[2]);
    else value.rpFilter[m[1]] = Number(m[2]);
  }
  return value;
}
