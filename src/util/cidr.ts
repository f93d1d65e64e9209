/**
 * Canonical forms of IP addresses and prefixes, so that what an author writes (`10.0.1.5/24`,
 * `0.0.0.0/0`, `2001:DB8::1`) compares equal to what `ip -json` prints (`10.0.1.0/24`,
 * `default`, `2001:db8::1`).
 */
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Canonical text of one address: IPv4 dotted quad as is, IPv6 lower-case and compressed
 * (RFC 5952, via the WHATWG URL parser).
 * @returns the canonical text, or the input trimmed when it is not an address.
 */
export function normalizeAddress(text: string): string {
  const t = text.trim();
  if (isIPv4(t)) return t;
  if (isIPv6(t)) return new URL(`http://[${t}]/`).hostname.slice(1, -1);
  return t;
}

/** 4 for IPv4, 6 for IPv6, undefined otherwise; accepts an optional `/len`. */
export function ipFamily(text: string): 4 | 6 | undefined {
  const address = text.trim().split('/')[0] ?? '';
  if (isIPv4(address)) return 4;
  if (isIPv6(address)) return 6;
  return undefined;
}

/**
 * An address as a number: 32 bits for IPv4, 128 for IPv6 (`::` expanded).
 * @param family the address's family ({@link ipFamily}); the text must be an address of it.
 */
export function toBigInt(address: string, family: 4 | 6): bigint {
  if (family === 4) return address.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
  const [head = '', tail] = address.split('::');
  const groups = (s: string | undefined): string[] => (s ? s.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((n: bigint, g: string) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** The canonical text of an address given as a number ({@link toBigInt}'s inverse). */
export function fromBigInt(n: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((n >> BigInt((7 - i) * 16)) & 0xffffn).toString(16));
  return normalizeAddress(groups.join(':'));
}

/**
 * Canonical route destination: `default` for the default route (also `0.0.0.0/0`, `::/0`),
 * otherwise the network address with its prefix length (host bits cleared), and a bare
 * address becomes a host prefix (`/32`, `/128`) — `ip route` prints host routes without one.
 * @param text `default`, `A.B.C.D[/N]` or an IPv6 address with optional `/N`.
 * @returns the canonical text; input that is not a prefix is returned trimmed.
 */
export function normalizeDestination(text: string): string {
  const t = text.trim();
  if (t === 'default') return t;
  const [address = '', lenText] = t.split('/');
  const family = ipFamily(address);
  if (family === undefined) return t;
  const bits = family === 4 ? 32 : 128;
  const len = lenText === undefined ? bits : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > bits) return t;
  if (len === 0) return 'default';
  const mask = ((1n << BigInt(len)) - 1n) << BigInt(bits - len);
  return `${fromBigInt(toBigInt(address, family) & mask, family)}/${len}`;
}

/**
 * Whether an address lies in a prefix (`fd00::5a` in `fd00::/64`), both of one family.
 * @returns false for a prefix without a length, or of another family
 */
export function prefixContains(prefix: string, address: string): boolean {
  const [net = '', lenText] = prefix.split('/');
  const family = ipFamily(net);
  if (family === undefined || lenText === undefined || ipFamily(address) !== family) return false;
  const bits = family === 4 ? 32 : 128;
  const len = Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > bits) return false;
  const mask = ((1n << BigInt(len)) - 1n) << BigInt(bits - len);
  return (toBigInt(net, family) & mask) === (toBigInt(address, family) & mask);
}
