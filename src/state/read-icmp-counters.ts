/**
 * The kernel's IP and ICMP counters of network namespaces (`/proc/net/snmp` and
 * `/proc/net/snmp6`, each namespace its own: proc(5)), read in one process for several
 * namespaces. `practice` compares two readings to tell what a student's ping did
 * (practice/ping-effect.ts).
 */
import type { Exec } from '../sandbox/types.js';

/** The counters a ping or trace moves, for one address family. */
export interface IcmpCounters {
  /** Datagrams dropped for want of a route (`Ip: OutNoRoutes`, `Ip6OutNoRoutes`): a UDP connect(2) or a send that got ENETUNREACH. */
  outNoRoutes: number;
  /** Echo requests sent (`Icmp: OutEchos`, `Icmp6OutEchos`). */
  outEchos: number;
  /** Echo replies received (`Icmp: InEchoReps`, `Icmp6InEchoReplies`). */
  inEchoReps: number;
  /** Destination unreachable messages received (`Icmp: InDestUnreachs`, `Icmp6InDestUnreachs`). */
  inDestUnreachs: number;
  /** Time exceeded messages received (`Icmp: InTimeExcds`, `Icmp6InTimeExcds`). */
  inTimeExcds: number;
}

/** One namespace's counters per family; a family is absent when its file could not be read. */
export interface NamespaceCounters {
  4?: IcmpCounters;
  6?: IcmpCounters;
}

/** Each namespace's files behind a marker line, so one process serves them all. */
const SCRIPT = `for ns; do
  echo "@@ $ns"
  if [ -z "$ns" ]; then cat /proc/net/snmp /proc/net/snmp6
  else nsenter --net="/run/netns/$ns" cat /proc/net/snmp /proc/net/snmp6
  fi 2>/dev/null
done`;

/**
 * Reads the counters of each namespace.
 * @param exec where the namespaces are (a sandbox's exec)
 * @param namespaces names under /run/netns; '' for the exec's own network namespace
 * @returns each namespace's counters; a namespace that does not exist has none (`{}`)
 */
export async function readIcmpCounters(exec: Exec, namespaces: readonly string[]): Promise<Map<string, NamespaceCounters>> {
  const result = await exec(['bash', '--noprofile', '--norc', '-c', SCRIPT, 'counters', ...namespaces], { timeoutMs: 5000 });
  const counters = new Map<string, NamespaceCounters>(namespaces.map((ns) => [ns, {}]));
  for (const part of (result.stdout ?? result.output).split(/^@@ /m).slice(1)) {
    const newline = part.indexOf('\n');
    const ns = newline < 0 ? part : part.slice(0, newline);
    if (counters.has(ns)) counters.set(ns, parseCounters(newline < 0 ? '' : part.slice(newline + 1)));
  }
  return counters;
}

/**
 * Parses `/proc/net/snmp` (pairs of lines: `Icmp: InMsgs InErrors ...` then `Icmp: 3 0 ...`)
 * and `/proc/net/snmp6` (one `Icmp6OutEchos 3` per line), as the kernel prints them
 * (net/ipv4/proc.c, net/ipv6/proc.c).
 * @returns the counters of each family found
 */
export function parseCounters(text: string): NamespaceCounters {
  const v4 = new Map<string, number>();
  const v6 = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = /^(Ip|Icmp): ([A-Za-z].*)$/.exec(line);
    if (header && lines[i + 1]?.startsWith(`${header[1]}: `)) {
      const names = header[2]!.trim().split(/\s+/);
      const values = lines[++i]!.slice(header[1]!.length + 2).trim().split(/\s+/);
      names.forEach((name, j) => v4.set(`${header[1]}${name}`, Number(values[j])));
      continue;
    }
    const six = /^((?:Ip6|Icmp6)\w+)\s+(\d+)$/.exec(line);
    if (six) v6.set(six[1]!, Number(six[2]));
  }
  const out: NamespaceCounters = {};
  if (v4.has('IcmpOutEchos')) {
    out[4] = { outNoRoutes: v4.get('IpOutNoRoutes') ?? 0, outEchos: v4.get('IcmpOutEchos')!, inEchoReps: v4.get('IcmpInEchoReps') ?? 0, inDestUnreachs: v4.get('IcmpInDestUnreachs') ?? 0, inTimeExcds: v4.get('IcmpInTimeExcds') ?? 0 };
  }
  if (v6.has('Icmp6OutEchos')) {
    out[6] = { outNoRoutes: v6.get('Ip6OutNoRoutes') ?? 0, outEchos: v6.get('Icmp6OutEchos')!, inEchoReps: v6.get('Icmp6InEchoReplies') ?? 0, inDestUnreachs: v6.get('Icmp6InDestUnreachs') ?? 0, inTimeExcds: v6.get('Icmp6InTimeExcds') ?? 0 };
  }
  return out;
}
