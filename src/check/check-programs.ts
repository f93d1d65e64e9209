/**
 * Programs a check runs beyond those nslab always needs (`ip`, `ping`, `sysctl`, and the
 * Essential packages' `grep`, `tail`, `cat`): so that a machine without one is told before
 * step 1, with its Debian package, rather than by a failing check halfway through.
 */
import type { Check, PredicateKind } from './model.js';

/** Per predicate kind, the programs its evaluation runs that may be missing. */
const PROGRAMS: Partial<Record<PredicateKind, readonly string[]>> = {
  // `tcpdump -n -r FILE`: the Debian package tcpdump, not installed by default.
  capture: ['tcpdump'],
  // `bridge -json fdb show` for a Linux bridge (iproute2, as ip; Open vSwitch's ovs-appctl comes with ovs-vsctl).
  'bridge-learned': ['bridge'],
  // `nft -j list ruleset` (the Debian package nftables) reads the rules iptables-nft makes too;
  // iptables itself is only asked, when present, for the lines of the rules it made.
  'source-nat': ['nft'],
  'destination-nat': ['nft'],
  firewall: ['nft'],
  // `ss` (iproute2, as ip) and `ps` (procps, as sysctl): listed for machines that split them off.
  listening: ['ss'],
  process: ['ps'],
};

/**
 * For a check that uses shell variables, known only by its first word until it runs: the
 * programs of every kind that word may turn into.
 */
const TEMPLATE_PROGRAMS: Readonly<Record<string, readonly string[]>> = {
  capture: ['tcpdump'],
  nat: ['nft'],
  firewall: ['nft'],
  process: ['ps'],
};

/**
 * Lists the programs some of the checks run.
 * @param checks every check of a scenario.
 * @returns program names, without duplicates, in first-use order.
 */
export function programsOfChecks(checks: readonly Check[]): string[] {
  const programs = (c: Check) => (c.predicate.kind === 'template' ? TEMPLATE_PROGRAMS[c.predicate.keyword] : PROGRAMS[c.predicate.kind]) ?? [];
  return [...new Set(checks.flatMap(programs))];
}
