/**
 * Validating the addresses written in checks.
 */
import { isIP, isIPv4, isIPv6 } from 'node:net';

/**
 * Checks an address with prefix length, IPv4 (`10.0.1.2/24`, prefix 0-32) or IPv6
 * (`fd00::1/64`, prefix 0-128).
 * @returns undefined when valid, else a message saying what is wrong.
 */
export function cidrProblem(text: string): string | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) {
    return isIP(text.split('/')[0] ?? '') && !text.includes('/')
      ? `"${text}" has no prefix length: write it as ${text}/24 or whatever the prefix is`
      : `expected an address with prefix length such as 10.0.1.2/24, got "${text}"`;
  }
  const [, address, prefixText] = m as unknown as [string, string, string];
  const prefix = Number(prefixText);
  if (isIPv4(address)) return prefix <= 32 ? undefined : `prefix length ${prefix} is out of range for IPv4 (0-32) in "${text}"`;
  if (isIPv6(address)) return prefix <= 128 ? undefined : `prefix length ${prefix} is out of range for IPv6 (0-128) in "${text}"`;
  return `"${address}" is not an IPv4 or IPv6 address (in "${text}")`;
}

/** True for an IPv4 or IPv6 address without prefix length. */
export function isAddress(text: string): boolean {
  return isIP(text) !== 0;
}

/** True for an address or a host name (for `ping`, where names from /etc/hosts work too). */
export function isHost(text: string): boolean {
  return isAddress(text) || /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(text);
}

/** Interface names are validated in parse-names.ts; re-exported for existing importers. */
export { ifnameProblem } from './parse-names.js';
