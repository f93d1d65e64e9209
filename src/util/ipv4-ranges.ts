/**
 * Sets of IPv4 addresses as sorted, disjoint intervals of 32-bit numbers: what a firewall rule's
 * address match covers (an address, a prefix, a range, a set of those), and what a check asks
 * about (every address of a prefix, or any address outside it), compared as sets.
 */
import { isIPv4 } from 'node:net';

/** Inclusive interval of addresses as unsigned 32-bit numbers. */
export type Interval = readonly [number, number];

const LAST = 0xffffffff;

/** Every IPv4 address. */
export const ALL_V4: readonly Interval[] = [[0, LAST]];

/** `10.0.1.2` → its 32-bit number; NaN for text that is not an IPv4 address. */
export function v4ToNumber(address: string): number {
  if (!isIPv4(address)) return NaN;
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/**
 * The addresses of a prefix, `10.0.1.0/24` (host bits ignored) or a bare address (/32).
 * @returns one interval, or undefined for text that is not an IPv4 prefix.
 */
export function prefixRange(text: string): Interval | undefined {
  const [address = '', lenText = '32'] = text.split('/');
  const start = v4ToNumber(address);
  const len = Number(lenText);
  if (Number.isNaN(start) || !Number.isInteger(len) || len < 0 || len > 32) return undefined;
  const size = 2 ** (32 - len);
  const first = Math.floor(start / size) * size;
  return [first, first + size - 1];
}

/** Sorted, merged copy of intervals. */
export function normalize(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [lo, hi] of sorted) {
    const last = merged.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}

/** Every address not in the intervals. */
export function complement(intervals: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let next = 0;
  for (const [lo, hi] of normalize(intervals)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= LAST) out.push([next, LAST]);
  return out;
}

/**
 * How a set of addresses lies to another.
 * @returns `inside` when every address of `subject` is in `set`, `outside` when none is,
 *   `overlap` otherwise (an empty subject is inside).
 */
export function relation(subject: readonly Interval[], set: readonly Interval[]): 'inside' | 'outside' | 'overlap' {
  const s = normalize(set);
  let covered = 0;
  let total = 0;
  for (const [lo, hi] of normalize(subject)) {
    total += hi - lo + 1;
    for (const [a, b] of s) {
      const from = Math.max(lo, a);
      const to = Math.min(hi, b);
      if (from <= to) covered += to - from + 1;
    }
  }
  return covered === total ? 'inside' : covered === 0 ? 'outside' : 'overlap';
}
