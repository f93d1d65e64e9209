/**
 * A namespace's iptables rules as `iptables -t TABLE -S` prints them (iptables(8)): `-P CHAIN
 * POLICY` for each built-in chain, `-N CHAIN` for each user-defined one, then `-A CHAIN ...`
 * in order; the same for ip6tables, whose tables are nft's family `ip6`. On Debian 12 iptables
 * is iptables-nft, whose rules are also in `nft list ruleset`, but with their targets'
 * arguments (`--to-destination 172.18.0.10:80`) only here.
 */
import type { Exec } from '../sandbox/types.js';
import { failureOf, inNamespace, READ_TIMEOUT_MS } from './run-ip.js';
import type { StateResult } from './types.js';

/** The tables iptables knows (iptables(8), TABLES). */
export type IptablesTable = 'filter' | 'nat' | 'mangle' | 'raw';

/** The nft family iptables-nft keeps its tables in: `ip` for iptables, `ip6` for ip6tables. */
export type IptablesFamily = 'ip' | 'ip6';

const TABLES: readonly string[] = ['filter', 'nat', 'mangle', 'raw'];

/**
 * The iptables table (and family) of an nft chain that iptables-nft may have made: a table
 * named filter, nat, mangle or raw of family `ip` (iptables) or `ip6` (ip6tables).
 * @returns undefined for any other chain (an `inet` table, a table nft made under another name).
 */
export function iptablesTableOf(chain: { family: string; table: string }): { table: IptablesTable; family: IptablesFamily } | undefined {
  if ((chain.family !== 'ip' && chain.family !== 'ip6') || !TABLES.includes(chain.table)) return undefined;
  return { table: chain.table as IptablesTable, family: chain.family };
}

/** The command that lists a family's tables: `iptables` or `ip6tables`. */
export function iptablesCommand(family: IptablesFamily): 'iptables' | 'ip6tables' {
  return family === 'ip6' ? 'ip6tables' : 'iptables';
}

/**
 * Reads one table's rules.
 * @param exec runs `[ip netns exec NS] sh -c SCRIPT COMMAND TABLE` (both are arguments, never pasted in).
 * @param ns namespace; undefined = root namespace.
 * @param family `ip` (iptables, the default) or `ip6` (ip6tables).
 * @returns the lines; none when iptables is not installed or cannot list the table (a table
 *   nft made in a form iptables-nft refuses); no-such-namespace when the namespace is missing.
 */
export async function readIptablesRules(exec: Exec, ns: string | undefined, table: IptablesTable, family: IptablesFamily = 'ip'): Promise<StateResult<string[]>> {
  const script = 'command -v "$1" >/dev/null || exit 0\n"$1" -t "$2" -S 2>&1 || true';
  const result = await exec(inNamespace(ns, ['sh', '-c', script, 'nslab-iptables', iptablesCommand(family), table]), { timeoutMs: READ_TIMEOUT_MS });
  if (result.exitCode !== 0) return failureOf(result, ns);
  const lines = (result.stdout ?? result.output).split('\n').filter((l) => /^-[PNA] /.test(l));
  return { ok: true, value: lines };
}

/**
 * The `-A CHAIN ...` lines of one chain, in order, when the chain is iptables's: it has a
 * `-P CHAIN` or `-N CHAIN` line. A chain nft made in a table iptables also uses is not listed.
 * @returns the lines, or undefined when the chain is not iptables's.
 */
export function iptablesChainLines(lines: readonly string[], chain: string): string[] | undefined {
  if (!lines.some((l) => l === `-N ${chain}` || l.startsWith(`-P ${chain} `))) return undefined;
  return lines.filter((l) => l.startsWith(`-A ${chain} `));
}
