/**
 * The neighbor table (ARP for IPv4, NDP for IPv6) of a namespace, as `ip -json neigh show`
 * prints it: one entry per address and interface, with its NUD state (ip-neighbour(8)).
 */
import type { Exec } from '../sandbox/types.js';
import { normalizeAddress } from '../util/cidr.js';
import { ipArgv, readJson } from './run-ip.js';
import type { NeighborInfo, StateResult } from './types.js';

interface IpNeighJson {
  dst: string;
  dev?: string;
  lladdr?: string;
  state?: string[];
}

/**
 * Reads every neighbor entry of a namespace, both families.
 * @param exec runs `ip [-n NS] -json neigh show`.
 * @param ns namespace; undefined = root namespace.
 * @returns entries in ip's order, addresses canonical, or no-such-namespace / failed.
 */
export async function readNeighbors(exec: Exec, ns?: string): Promise<StateResult<NeighborInfo[]>> {
  const read = await readJson(exec, ipArgv(ns, ['-json', 'neigh', 'show']), ns);
  if (!read.ok) return read;
  return {
    ok: true,
    value: (read.value as IpNeighJson[]).map((raw) => ({
      address: normalizeAddress(raw.dst),
      ...(raw.dev !== undefined && { dev: raw.dev }),
      ...(raw.lladdr !== undefined && { lladdr: raw.lladdr.toLowerCase() }),
      states: raw.state ?? [],
    })),
  };
}
