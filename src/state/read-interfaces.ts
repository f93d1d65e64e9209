/**
 * Interfaces and their addresses in one read: `ip -json -details address show` carries what
 * `ip -json -details link show` does (flags, operstate, master, link_netnsid, linkinfo) plus
 * `addr_info`, so one process serves both link and address checks.
 */
import type { Exec } from '../sandbox/types.js';
import { normalizeAddress } from '../util/cidr.js';
import { ipArgv, readJson } from './run-ip.js';
import type { AddressInfo, LinkInfo, StateResult } from './types.js';

interface IpAddrJson {
  ifindex: number;
  ifname: string;
  flags?: string[];
  operstate?: string;
  mtu?: number;
  address?: string;
  link_type?: string;
  master?: string;
  link?: string;
  link_index?: number;
  link_netnsid?: number;
  linkinfo?: { info_kind?: string; info_data?: { type?: string } };
  addr_info?: Array<{ family?: string; local?: string; prefixlen?: number; scope?: string; tentative?: boolean; dadfailed?: boolean }>;
}

function toLink(raw: IpAddrJson): LinkInfo {
  const flags = raw.flags ?? [];
  const addresses: AddressInfo[] = [];
  for (const a of raw.addr_info ?? []) {
    if ((a.family !== 'inet' && a.family !== 'inet6') || a.local === undefined) continue;
    addresses.push({
      ifname: raw.ifname,
      family: a.family,
      address: normalizeAddress(a.local),
      prefixlen: a.prefixlen ?? (a.family === 'inet' ? 32 : 128),
      ...(a.scope !== undefined && { scope: a.scope }),
      ...(a.dadfailed ? { dad: 'failed' as const } : a.tentative ? { dad: 'tentative' as const } : {}),
    });
  }
  return {
    name: raw.ifname,
    ifindex: raw.ifindex,
    flags,
    up: flags.includes('UP'),
    operstate: raw.operstate ?? 'UNKNOWN',
    ...(raw.mtu !== undefined && { mtu: raw.mtu }),
    // `address` is the link-layer address; only an Ethernet one is a MAC (not loopback's zeros).
    ...(raw.address !== undefined && raw.link_type === 'ether' && { mac: raw.address.toLowerCase() }),
    ...(raw.master !== undefined && { master: raw.master }),
    ...(raw.link_netnsid !== undefined && { linkNetnsId: raw.link_netnsid }),
    ...(raw.link !== undefined && { peer: raw.link }),
    ...(raw.link_index !== undefined && { peerIfindex: raw.link_index }),
    ...(raw.linkinfo?.info_kind !== undefined && { kind: raw.linkinfo.info_kind }),
    ...(raw.linkinfo?.info_kind === 'tun' && (raw.linkinfo.info_data?.type === 'tun' || raw.linkinfo.info_data?.type === 'tap') && { tunType: raw.linkinfo.info_data.type }),
    addresses,
  };
}

/**
 * Reads every interface of a namespace, with its addresses.
 * @param exec runs `ip [-n NS] -json -details address show`.
 * @param ns namespace name; undefined = the sandbox's (or host's) root namespace.
 * @returns links in ifindex order, or no-such-namespace / failed.
 */
export async function readLinks(exec: Exec, ns?: string): Promise<StateResult<LinkInfo[]>> {
  const read = await readJson(exec, ipArgv(ns, ['-json', '-details', 'address', 'show']), ns);
  if (!read.ok) return read;
  return { ok: true, value: (read.value as IpAddrJson[]).map(toLink) };
}

/** The addresses of already-read links (flattened, interface order). */
export function linksToAddresses(links: StateResult<LinkInfo[]>): StateResult<AddressInfo[]> {
  return links.ok ? { ok: true, value: links.value.flatMap((l) => l.addresses) } : links;
}
