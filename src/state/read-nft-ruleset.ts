/**
 * The packet filter of a namespace as nftables holds it: `nft -j list ruleset` (libnftables-json(5)).
 * On Debian 12 `iptables` is iptables-nft, so rules added with iptables are in this ruleset too,
 * in tables `ip filter` (chains INPUT, FORWARD, OUTPUT), with the matches nft cannot express as
 * opaque `xt` expressions.
 */
import type { Exec } from '../sandbox/types.js';
import { LEGACY_PROBE, takeLegacyProbe } from './read-iptables-legacy.js';
import { failureOf, inNamespace, READ_TIMEOUT_MS } from './run-ip.js';
import type { StateResult } from './types.js';

/** One rule: its handle and its expressions as libnftables-json(5) gives them (matches, statements, verdict). */
export interface NftRule {
  handle: number;
  expr: unknown[];
}

/** One chain with its rules in order. A base chain has a hook; a regular one is only reached by jump/goto. */
export interface NftChain {
  /** `ip`, `inet`, `ip6`, `arp`, `bridge`, `netdev`. */
  family: string;
  table: string;
  name: string;
  /** `filter`, `nat`, `route`: only on base chains. */
  type?: string;
  /** `prerouting`, `input`, `forward`, `output`, `postrouting`, ...: only on base chains. */
  hook?: string;
  /** Priority: base chains of one hook run in ascending order. */
  prio?: number;
  /** `accept` or `drop`: what happens to a packet that no rule decided. */
  policy?: string;
  rules: NftRule[];
}

/** A namespace's ruleset. */
export interface NftRuleset {
  chains: NftChain[];
  /** Set when nft could not be asked (not installed): the ruleset is then unknown, not empty. */
  unavailable?: string;
  /** iptables-legacy has tables in the namespace, whose rules are not in this ruleset (read-iptables-legacy.ts). */
  legacy?: boolean;
}

interface NftJsonItem {
  chain?: Omit<NftChain, 'rules'> & { handle?: number };
  rule?: { family: string; table: string; chain: string; handle: number; expr?: unknown[] };
}

/**
 * Parses `nft -j list ruleset` output.
 * @returns chains with their rules in order; empty text is an empty ruleset.
 */
export function parseNftRuleset(text: string): StateResult<NftRuleset> {
  let items: NftJsonItem[];
  try {
    items = text === '' ? [] : (JSON.parse(text) as { nftables: NftJsonItem[] }).nftables;
  } catch {
    return { ok: false, reason: 'failed', message: 'nft -j list ruleset printed something that is not JSON' };
  }
  const chains: NftChain[] = [];
  const key = (family: string, table: string, name: string): string => `${family}\0${table}\0${name}`;
  const byKey = new Map<string, NftChain>();
  for (const item of items) {
    if (item.chain) {
      const { handle: _handle, ...c } = item.chain;
      const chain: NftChain = { ...c, rules: [] };
      chains.push(chain);
      byKey.set(key(chain.family, chain.table, chain.name), chain);
    } else if (item.rule) {
      const r = item.rule;
      byKey.get(key(r.family, r.table, r.chain))?.rules.push({ handle: r.handle, expr: r.expr ?? [] });
    }
  }
  return { ok: true, value: { chains } };
}

const NO_NFT = '@@nslab-no-nft';

/**
 * Reads a namespace's ruleset: `nft -j list ruleset` inside it (a fixed `sh -c` script that
 * first looks for iptables-legacy tables, then asks whether nft is there at all).
 * @param exec runs `[ip netns exec NS] sh -c SCRIPT`.
 * @param ns namespace; undefined = root namespace.
 * @returns the ruleset (with `unavailable` set and no chains when nft is not installed), or
 *   no-such-namespace / failed with nft's message.
 */
export async function readNftRuleset(exec: Exec, ns: string | undefined): Promise<StateResult<NftRuleset>> {
  const script = `${LEGACY_PROBE}\ncommand -v nft >/dev/null || { echo ${NO_NFT}; exit 0; }\nexec nft -j list ruleset`;
  const result = await exec(inNamespace(ns, ['sh', '-c', script]), { timeoutMs: READ_TIMEOUT_MS });
  if (result.exitCode !== 0) return failureOf(result, ns);
  const { rest, legacy } = takeLegacyProbe(result.stdout ?? result.output);
  const out = rest.trim();
  const ruleset: StateResult<NftRuleset> = out === NO_NFT ? { ok: true, value: { chains: [], unavailable: 'nft is not installed' } } : parseNftRuleset(out);
  return ruleset.ok && legacy ? { ok: true, value: { ...ruleset.value, legacy } } : ruleset;
}
