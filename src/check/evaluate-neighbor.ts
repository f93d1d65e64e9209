/**
 * `neighbor ADDR is reachable|incomplete|failed|absent`: the namespace's neighbor table (ARP
 * for IPv4, NDP for IPv6), with the NUD states of ip-neighbour(8).
 */
import { ipFamily, normalizeAddress } from '../util/cidr.js';
import { failedRead, isFailure, type Evaluator } from './evaluate-context.js';
import type { NeighborExpectation } from './model.js';

/**
 * States of a resolved entry: the kernel has the link-layer address and sends to it. STALE
 * counts — ip-neighbour(8): "the neighbour is valid but is probably already unreachable", i.e.
 * only unconfirmed; the next packet to it goes out at once and moves it to DELAY/PROBE.
 * PERMANENT and NOARP are entries that never need resolving.
 */
const RESOLVED = new Set(['REACHABLE', 'STALE', 'DELAY', 'PROBE', 'PERMANENT', 'NOARP']);

/** What each unresolved state means, for `found`. */
function meaning(state: string, v6: boolean): string {
  const protocol = v6 ? 'neighbor solicitation' : 'ARP';
  if (state === 'FAILED') return ` (no answer to ${protocol})`;
  if (state === 'INCOMPLETE') return ` (${protocol} request sent, no answer yet)`;
  return '';
}

/** The expectation an entry's states meet (an entry in NONE state, or none at all, is `absent`). */
function classify(states: readonly string[], lladdr: string | undefined): NeighborExpectation {
  if (lladdr !== undefined && states.some((s) => RESOLVED.has(s))) return 'reachable';
  if (states.includes('FAILED')) return 'failed';
  if (states.includes('INCOMPLETE')) return 'incomplete';
  return 'absent';
}

/** Evaluates `neighbor ADDR is ...` in the check's namespace; found: `10.0.0.2 is FAILED (no answer to ARP)`. */
export const evaluateNeighbor: Evaluator<'neighbor'> = async (p, ns, reader) => {
  const read = await reader.neighbors(ns);
  if (isFailure(read)) return failedRead(read);
  const address = normalizeAddress(p.address);
  const entries = read.value.filter((n) => n.address === address);
  if (entries.length === 0) return { passed: p.state === 'absent', found: `${p.address} has no neighbor entry` };
  const v6 = ipFamily(address) === 6;
  const passed = entries.some((n) => classify(n.states, n.lladdr) === p.state);
  const found = entries.map((n) => {
    const state = n.states.join(',') || 'NONE';
    const at = n.lladdr !== undefined ? ` at ${n.lladdr}` : '';
    const dev = n.dev !== undefined ? ` on ${n.dev}` : '';
    return `${p.address} is ${state}${at}${dev}${meaning(n.states[0] ?? '', v6)}`;
  });
  return { passed, found: found.join('; ') };
};
