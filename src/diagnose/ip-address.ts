/**
 * Address arithmetic for the path walk, one set of functions for IPv4 and IPv6: subnets, the
 * address a fix suggests, and which of an interface's addresses a packet can use (the
 * longest-prefix match is route-lookup.ts's). Addresses are canonical text, as
 * src/util/cidr.ts and `ip -json` give them.
 */
import { fromBigInt, ipFamily, prefixContains, toBigInt } from '../util/cidr.js';
import type { AddressInfo } from '../state/types.js';

/** An address family: 4 or 6. */
export type Family = 4 | 6;

/** The family of an address (or prefix); undefined for text that is neither. */
export function familyOf(text: string): Family | undefined {
  return ipFamily(text);
}

/** True for an IPv4 or IPv6 address (no prefix length). */
export function isAddress(text: string): boolean {
  return !text.includes('/') && familyOf(text) !== undefined;
}

/** True for an IPv6 link-local address (fe80::/10, RFC 4291 2.5.6): meaningful only with its interface. */
export function isLinkLocal(address: string): boolean {
  return familyOf(address) === 6 && prefixContains('fe80::/10', address);
}

const bitsOf = (family: Family): number => (family === 4 ? 32 : 128);

function maskOf(family: Family, prefixlen: number): bigint {
  const bits = bitsOf(family);
  return ((1n << BigInt(prefixlen)) - 1n) << BigInt(bits - prefixlen);
}

/** True when `address` lies in `network/prefixlen`; false when the two are of different families. */
export function inSubnet(address: string, network: string, prefixlen: number): boolean {
  const family = familyOf(network);
  if (family === undefined || familyOf(address) !== family) return false;
  return prefixContains(`${network}/${prefixlen}`, address);
}

/** The subnet of an interface address: `10.0.1.2`, 24 → `10.0.1.0/24`; `fd00:1::2`, 64 → `fd00:1::/64`. */
export function subnetOf(address: string, prefixlen: number): string {
  const family = familyOf(address) ?? 4;
  return `${fromBigInt(toBigInt(address, family) & maskOf(family, prefixlen), family)}/${prefixlen}`;
}

/**
 * `near`'s host part in `far`'s subnet: 10.0.3.2 into 10.0.1.1/24 → 10.0.1.2/24 (the address a
 * fix suggests for the near end of a link whose ends disagree).
 */
export function moveIntoSubnet(near: string, far: string, prefixlen: number): string {
  const family = familyOf(far) ?? 4;
  const mask = maskOf(family, prefixlen);
  const all = (1n << BigInt(bitsOf(family))) - 1n;
  const n = (toBigInt(far, family) & mask) | (toBigInt(near, family) & (all ^ mask));
  return `${fromBigInt(n, family)}/${prefixlen}`;
}

/**
 * The addresses of a family a packet can leave with or be routed to: IPv4 without loopback
 * (127/8), IPv6 of global scope (not link-local fe80::/10, not ::1). Addresses still in (or
 * failed) duplicate address detection are included: {@link dadState} names them.
 */
export function globalAddresses(addresses: readonly AddressInfo[], family: Family): AddressInfo[] {
  return addresses.filter((a) =>
    family === 4 ? a.family === 'inet' && !a.address.startsWith('127.') : a.family === 'inet6' && (a.scope === undefined || a.scope === 'global'),
  );
}

/** `10.0.1.2/24` for an address. */
export function cidrOf(a: AddressInfo): string {
  return `${a.address}/${a.prefixlen}`;
}

/**
 * The header bytes around ping's `-s` data: IPv4 20 + ICMP 8, IPv6 40 (RFC 8200) + ICMPv6 8
 * (RFC 4443) — what a packet of `ping -s N` adds to N on the link.
 */
export function pingHeaderBytes(family: Family): number {
  return family === 6 ? 48 : 28;
}
