/**
 * A cheap digest of the network state a script could change: the links, addresses and routes
 * of every namespace of the sandbox (its root one included), read in one process. `nslab test`
 * reads one before and one after each zx check of its precheck: a check must only read, and one
 * that changed the state would make itself hold (docs/scenario-format.md, "zx blocks").
 *
 * Only what a command changes is kept: not what the kernel or a daemon changes by itself
 * meanwhile (carrier and operstate, address lifetimes and DAD flags, SLAAC addresses, IPv6
 * link-local addresses, the kernel's own and router-advertised routes), so that a change found
 * is a script's doing.
 */
import type { Exec } from '../sandbox/types.js';

/**
 * For each namespace (`ip netns list`, ip-netns(8); the empty name first, the root one): a line
 * `\x1eNAME`, then `ip -json address`, `ip -json route show table all` and the same for IPv6,
 * each on one line.
 */
const READ_ALL = [
  'for ns in "" $(ip netns list | cut -d" " -f1); do',
  '  printf "\\036%s\\n" "$ns"',
  '  for what in "address" "route show table all" "-6 route show table all"; do',
  '    ip ${ns:+-n "$ns"} -json $what 2>/dev/null || echo "[]"',
  '  done',
  'done',
].join('\n');

interface JsonAddress { local?: string; prefixlen?: number; family?: string; scope?: string; dynamic?: boolean }
interface JsonLink { ifname?: string; flags?: string[]; mtu?: number; master?: string; address?: string; addr_info?: JsonAddress[] }
interface JsonRoute { type?: string; dst?: string; gateway?: string; dev?: string; table?: string; protocol?: string; metric?: number; nexthops?: unknown }

/** Routes the kernel or a router advertisement keep, and the local table derived from addresses. */
function keptRoute(r: JsonRoute): boolean {
  if (r.protocol === 'kernel' || r.protocol === 'ra' || r.table === 'local') return false;
  return !(r.dst ?? '').startsWith('fe80:') && !(r.dst ?? '').startsWith('ff00:');
}

/** The lines of one namespace's reads, `NS: link ...`, `NS: address ...`, `NS: route ...`. */
function namespaceLines(ns: string, reads: string[]): string[] {
  const where = ns === '' ? 'root namespace' : ns;
  const parse = <T>(text: string | undefined): T[] => {
    try {
      const value: unknown = JSON.parse(text ?? '[]');
      return Array.isArray(value) ? (value as T[]) : [];
    } catch {
      return [];
    }
  };
  const lines: string[] = [];
  for (const link of parse<JsonLink>(reads[0])) {
    const up = link.flags?.includes('UP') ? ' up' : ' down';
    lines.push(`${where}: link ${link.ifname}${up} mtu ${link.mtu}${link.master ? ` master ${link.master}` : ''}${link.address ? ` ${link.address}` : ''}`);
    for (const a of link.addr_info ?? []) {
      if (a.dynamic || (a.family === 'inet6' && a.scope === 'link')) continue;
      lines.push(`${where}: address ${a.local}/${a.prefixlen} on ${link.ifname}`);
    }
  }
  for (const r of [...parse<JsonRoute>(reads[1]), ...parse<JsonRoute>(reads[2])].filter(keptRoute)) {
    const via = r.gateway ? ` via ${r.gateway}` : '';
    const hops = r.nexthops ? ` nexthops ${JSON.stringify(r.nexthops)}` : '';
    lines.push(`${where}: route ${r.type ?? 'unicast'} ${r.dst}${via}${r.dev ? ` dev ${r.dev}` : ''}${hops} table ${r.table ?? 'main'}${r.metric !== undefined ? ` metric ${r.metric}` : ''}`);
  }
  return lines;
}

/**
 * Reads the digest.
 * @param exec the sandbox's exec
 * @returns its lines, sorted (`A: address 10.0.0.1/24 on A-eth0`); undefined when the read
 *   failed (then nothing can be said)
 */
export async function readStateDigest(exec: Exec): Promise<string[] | undefined> {
  const result = await exec(['bash', '-c', READ_ALL], { timeoutMs: 10_000 });
  if (result.exitCode !== 0) return undefined;
  const lines = (result.stdout ?? result.output).split('\x1e').slice(1).flatMap((part) => {
    const [ns = '', ...reads] = part.split('\n');
    return namespaceLines(ns, reads);
  });
  return lines.sort();
}

/**
 * What differs between two digests.
 * @returns `added A: address 10.99.0.1/16 on lo`, `removed ...` lines, in digest order; [] when equal
 */
export function stateChanges(before: readonly string[], after: readonly string[]): string[] {
  const had = new Set(before);
  const has = new Set(after);
  return [...before.filter((l) => !has.has(l)).map((l) => `removed ${l}`), ...after.filter((l) => !had.has(l)).map((l) => `added ${l}`)];
}
