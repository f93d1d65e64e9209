/**
 * What a ping (or trace) did, told by the kernel's counters of its namespace before and after
 * it (state/read-icmp-counters.ts), not by its text: the class of its outcome, which a
 * student's ping and a step's probe must share for the student to be credited with the
 * step's observation. Pure.
 *
 * The classes, each from the counters that moved (iputils ping(8); the kernel's MIBs):
 * - `reply`: echo replies came back (`InEchoReps`);
 * - `unreachable`: an ICMP destination unreachable came back ("Destination Host Unreachable",
 *   "Destination Net Unreachable"; `InDestUnreachs`);
 * - `time-exceeded`: an ICMP time exceeded came back (`InTimeExcds`: a TTL ran out on the way);
 * - `lost`: echo requests went out and nothing came back ("100% packet loss"; `OutEchos` alone);
 * - `no-route`: nothing went out, for want of a route ("connect: Network is unreachable":
 *   iputils ping first connects a UDP socket to the target, and `__ip4_datagram_connect()`
 *   counts an ENETUNREACH route lookup in `OutNoRoutes`; checked in a sandbox, kernel 6.x);
 * - `none`: no counter moved (a typo: `ping -I bogus` fails before it sends anything).
 */
import type { IcmpCounters, NamespaceCounters } from '../state/read-icmp-counters.js';

/** A ping's outcome class (see the module comment). */
export type PingEffect = 'reply' | 'unreachable' | 'time-exceeded' | 'lost' | 'no-route' | 'none';

/**
 * The class of what happened between two readings of one namespace's counters.
 * @param family the ping's family; undefined (a name, not an address) takes whichever moved
 */
export function pingEffect(before: NamespaceCounters | undefined, after: NamespaceCounters | undefined, family: 4 | 6 | undefined): PingEffect {
  for (const f of family ? [family] : ([4, 6] as const)) {
    const effect = classify(before?.[f], after?.[f]);
    if (effect !== 'none') return effect;
  }
  return 'none';
}

function classify(before: IcmpCounters | undefined, after: IcmpCounters | undefined): PingEffect {
  if (!before || !after) return 'none';
  const moved = (key: keyof IcmpCounters) => after[key] > before[key];
  if (moved('inEchoReps')) return 'reply';
  if (moved('inDestUnreachs')) return 'unreachable';
  if (moved('inTimeExcds')) return 'time-exceeded';
  if (moved('outEchos')) return 'lost';
  if (moved('outNoRoutes')) return 'no-route';
  return 'none';
}

/** A class in words, for the student: `no route ("Network is unreachable")`. */
export function describePingEffect(effect: PingEffect): string {
  return {
    reply: 'replies came back',
    unreachable: 'an ICMP "Destination Unreachable" came back',
    'time-exceeded': 'an ICMP "Time to live exceeded" came back',
    lost: 'requests went out and no reply came back (packet loss)',
    'no-route': 'nothing went out: no route ("Network is unreachable")',
    none: 'it sent nothing',
  }[effect];
}
