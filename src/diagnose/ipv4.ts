/**
 * IPv4 arithmetic for the path walk: subnets and longest-prefix match, as the kernel's FIB
 * chooses a route (ip-route(8): "the longest matching prefix is selected").
 */
import { isIPv4 } from 'node:net';
import type { AddressInfo, RouteInfo } from '../state/types.js';

function toInt(address: string): number {
  return address.split('.').reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0);
}

function mask(prefixlen: number): number {
  return prefixlen === 0 ? 0 : (0xffffffff << (32 - prefixlen)) >>> 0;
}

/** True when `address` lies in `network/prefixlen` (both dotted quads). */
export function inSubnet(address: string, network: string, prefixlen: number): boolean {
  return ((toInt(address) ^ toInt(network)) & mask(prefixlen)) === 0;
}

/** The subnet of an interface address: `10.0.1.2`, 24 → `10.0.1.0/24`. */
export function subnetOf(address: string, prefixlen: number): string {
  const n = (toInt(address) & mask(prefixlen)) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')}/${prefixlen}`;
}

/** True for a dotted-quad IPv4 address. */
export function isV4(text: string): boolean {
  return isIPv4(text);
}

/** The IPv4 addresses of a list, loopback (127/8) left out: those a packet can leave with. */
export function globalV4(addresses: readonly AddressInfo[]): AddressInfo[] {
  return addresses.filter((a) => a.family === 'inet' && !a.address.startsWith('127.'));
}

/** `10.0.1.2/24` for an address. */
export function cidrOf(a: AddressInfo): string {
  return `${a.address}/${a.prefixlen}`;
}

/**
 * The route the kernel would pick for dst from the main table: the longest matching prefix,
 * the first listed among equals (ip lists same-prefix routes by metric).
 * @param routes IPv4 routes as {@link readRoutes} gives them (`default` or `NET/LEN`).
 * @returns the route, or undefined when none matches ("Network is unreachable").
 */
export function longestMatch(routes: readonly RouteInfo[], dst: string): RouteInfo | undefined {
  let best: RouteInfo | undefined;
  let bestLen = -1;
  for (const route of routes) {
    const [network = '', lenText = '0'] = route.dst === 'default' ? ['0.0.0.0', '0'] : route.dst.split('/');
    const len = Number(lenText);
    if (!isIPv4(network) || len <= bestLen || !inSubnet(dst, network, len)) continue;
    best = route;
    bestLen = len;
  }
  return best;
}
