/**
 * The listening sockets of a namespace: `ss -Hltnup` inside it (ss(8): TCP sockets in LISTEN,
 * UDP sockets bound and unconnected, numeric, with the processes that hold them).
 *
 * ss writes the local address of a socket bound to every address as `0.0.0.0` (IPv4), `[::]`
 * (IPv6 only: the socket has IPV6_V6ONLY set) or `*` (IPv6 without IPV6_V6ONLY: dual-stack,
 * it takes IPv4 connections too — ipv6(7)).
 */
import type { Exec } from '../sandbox/types.js';
import { normalizeAddress } from '../util/cidr.js';
import { failureOf, inNamespace, READ_TIMEOUT_MS } from './run-ip.js';
import type { StateResult } from './types.js';

/** One listening socket. */
export interface ListeningSocket {
  proto: 'tcp' | 'udp';
  /**
   * The bound address, canonical; `0.0.0.0` any IPv4 address, `::` any IPv6 address (v6only),
   * `*` any address of either family (dual-stack).
   */
  address: string;
  port: number;
  /** The interface the socket is bound to (SO_BINDTODEVICE, `%IF` in ss's output). */
  dev?: string;
  /** The processes holding it, as ss names them: `socat (pid 42)`. */
  users: string[];
}

/**
 * Parses `ss -Hltnup` output.
 * @returns the sockets; lines that are not sockets are skipped.
 */
export function parseSs(text: string): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const [netid, , , , local = ''] = fields;
    if ((netid !== 'tcp' && netid !== 'udp') || !local.includes(':')) continue;
    const colon = local.lastIndexOf(':');
    const port = Number(local.slice(colon + 1));
    let address = local.slice(0, colon);
    let dev: string | undefined;
    const percent = address.indexOf('%');
    if (percent >= 0) {
      dev = address.slice(percent + 1).replace(/\]$/, '');
      address = address.slice(0, percent) + (address.endsWith(']') ? ']' : '');
    }
    address = address.replace(/^\[(.*)\]$/, '$1');
    if (!Number.isInteger(port)) continue;
    const users = [...line.matchAll(/\("([^"]*)",pid=(\d+)/g)].map((m) => `${m[1]} (pid ${m[2]})`);
    sockets.push({ proto: netid, address: address === '*' ? '*' : normalizeAddress(address), port, ...(dev !== undefined && { dev }), users });
  }
  return sockets;
}

/**
 * Reads the listening TCP and UDP sockets of a namespace.
 * @param exec runs `[ip netns exec NS] ss -Hltnup`.
 * @param ns namespace; undefined = root namespace.
 */
export async function readListeningSockets(exec: Exec, ns: string | undefined): Promise<StateResult<ListeningSocket[]>> {
  const result = await exec(inNamespace(ns, ['ss', '-Hltnup']), { timeoutMs: READ_TIMEOUT_MS });
  if (result.exitCode !== 0) return failureOf(result, ns);
  return { ok: true, value: parseSs(result.stdout ?? result.output) };
}
