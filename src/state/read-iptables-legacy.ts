/**
 * iptables-legacy's rules: the x_tables of the kernel (ip_tables), which nft does not show. A
 * lesson written for an older system (or run with `iptables-legacy`) puts its rules there, and
 * nslab, which reads `nft -j list ruleset`, would judge the firewall and NAT without them.
 *
 * Cheap first: whether the namespace has any legacy table at all is one line of
 * `/proc/net/ip_tables_names` (per network namespace; a table appears there once iptables-legacy
 * first uses it), read by the same `sh` that runs nft ({@link LEGACY_PROBE}). Only then is
 * `iptables-legacy-save` run, and only when it is installed: it reads the tables that exist and
 * loads no kernel module.
 */
import type { Exec } from '../sandbox/types.js';
import { failureOf, inNamespace, READ_TIMEOUT_MS } from './run-ip.js';
import type { StateResult } from './types.js';

const LEGACY_MARK = '@@nslab-legacy:';

/**
 * Shell lines that print {@link LEGACY_MARK} and the first legacy table's name (empty when
 * none, or when the kernel has no ip_tables): put before the nft read of a `sh -c` script.
 * dash's `read` of a /proc file may return 1 after setting the variable: its status is no use.
 */
export const LEGACY_PROBE = `t=; { read t </proc/net/ip_tables_names; } 2>/dev/null; echo "${LEGACY_MARK}$t"`;

/**
 * Takes the probe's line out of a script's output.
 * @returns the output without it, and whether a legacy table exists
 */
export function takeLegacyProbe(out: string): { rest: string; legacy: boolean } {
  const m = new RegExp(`^${LEGACY_MARK}(.*)\\n?`, 'm').exec(out);
  if (!m) return { rest: out, legacy: false };
  return { rest: out.slice(0, m.index) + out.slice(m.index + m[0].length), legacy: m[1]!.trim() !== '' };
}

/**
 * The lines of `iptables-legacy-save` that make a difference, as iptables commands would say
 * them: `-t nat -A POSTROUTING -s 172.18.0.0/16 -j MASQUERADE`, `-P FORWARD DROP` (the filter
 * table without `-t`). A table with only ACCEPT policies and no rule (what `iptables-legacy -L`
 * leaves) gives none; user chains are named by the rules that use them.
 */
export function parseIptablesLegacySave(text: string): string[] {
  const lines: string[] = [];
  let table = 'filter';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const t = /^\*(\S+)$/.exec(line);
    if (t) table = t[1]!;
    const on = table === 'filter' ? '' : `-t ${table} `;
    const policy = /^:(\S+) (\S+) /.exec(line);
    if (policy && policy[2] !== 'ACCEPT' && policy[2] !== '-') lines.push(`${on}-P ${policy[1]} ${policy[2]}`);
    if (line.startsWith('-A ')) lines.push(`${on}${line}`);
  }
  return lines;
}

/**
 * Reads a namespace's iptables-legacy rules (see the module comment; call it only when the
 * probe found a legacy table).
 * @returns the lines that make a difference; none when iptables-legacy-save is not installed
 */
export async function readIptablesLegacy(exec: Exec, ns: string | undefined): Promise<StateResult<string[]>> {
  const script = 'command -v iptables-legacy-save >/dev/null || exit 0\nexec iptables-legacy-save';
  const result = await exec(inNamespace(ns, ['sh', '-c', script]), { timeoutMs: READ_TIMEOUT_MS });
  if (result.exitCode !== 0) return failureOf(result, ns);
  return { ok: true, value: parseIptablesLegacySave(result.stdout ?? result.output) };
}
