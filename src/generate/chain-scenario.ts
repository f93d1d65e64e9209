/**
 * `nslab generate chain N`: a scenario for a chain of N routers with a host at each end,
 * H1 – R1 – R2 – … – RN – H2, one /24 per link and static routes both ways. A routing lesson,
 * and the scale benchmark's topology.
 *
 * Link k (0 ≤ k ≤ N) joins node k and node k+1 (node 0 = H1, node N+1 = H2, node i = Ri) on
 * 10.0.k.0/24: the left end is 10.0.k.1, the right end 10.0.k.2. Each router has `eth0` on its
 * left link and `eth1` on its right one.
 */
import { UsageError } from '../util/errors.js';

/** Most routers a chain may have: one /24 per link in 10.0.0.0/16, and TTL 255 end to end. */
export const MAX_CHAIN = 250;

/** Routers in the middle of the chain named in checks: first, middle and last. */
function sample(n: number): number[] {
  return [...new Set([1, Math.ceil(n / 2), n])];
}

/**
 * Writes the scenario.
 * @param n number of routers, 1 to {@link MAX_CHAIN}
 * @returns Markdown text of a scenario that `nslab lint` and `nslab test` accept
 * @throws UsageError when n is not an integer in range
 */
export function chainScenario(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CHAIN) {
    throw new UsageError(`a chain needs 1 to ${MAX_CHAIN} routers, got ${n}`);
  }
  const routers = sample(n);
  const last = `10.0.${n}.2`;
  return `---
title: A chain of ${n} router${n === 1 ? '' : 's'}
description: Two hosts ${n + 1} links apart, joined by ${n} router${n === 1 ? '' : 's'} with static routes both ways.
requires: [ip, ping, sysctl, seq]
timeout: 60s
cleanup: |
  for ns in H1 H2 $(seq -f 'R%g' 1 ${n}); do ip netns del "$ns" 2>/dev/null; done
  true
---

# A chain of ${n} router${n === 1 ? '' : 's'}

\`H1\` and \`H2\` are hosts at the two ends of a chain of routers \`R1\` … \`R${n}\`. Every link is
its own subnet: link *k* is \`10.0.k.0/24\`, with \`10.0.k.1\` on its left end and \`10.0.k.2\` on
its right end. Each router forwards, and knows two routes besides its own links: everything
goes right by default, and back to H1's subnet goes left.

This file was written by \`nslab generate chain ${n}\`. Its commands use shell loops and
functions; the shell session keeps them from one command to the next.

## Create the namespaces

\`\`\`sh
N=${n}
ip netns add H1
ip netns add H2
for i in $(seq 1 $N); do ip netns add "R$i"; done
\`\`\`

\`\`\`check
namespace H1 exists
namespace H2 exists
${routers.map((i) => `namespace R${i} exists`).join('\n')}
\`\`\`

## Wire the links

Node *k* of the chain is H1 for 0, H2 for N+1, and R*k* otherwise. \`ip link add ... netns A
type veth peer name ... netns B\` creates a veth pair with each end already in its namespace.

\`\`\`sh
node() { if [ "$1" -eq 0 ]; then echo H1; elif [ "$1" -gt "$N" ]; then echo H2; else echo "R$1"; fi; }
left_end() { if [ "$1" -eq 0 ]; then echo H1-eth0; else echo "R$1-eth1"; fi; }
right_end() { if [ "$1" -eq "$N" ]; then echo H2-eth0; else echo "R$(($1 + 1))-eth0"; fi; }
for k in $(seq 0 $N); do
  ip link add "$(left_end $k)" netns "$(node $k)" type veth peer name "$(right_end $k)" netns "$(node $((k + 1)))"
done
\`\`\`

\`\`\`check
H1: link H1-eth0 exists
H2: link H2-eth0 exists
${routers.map((i) => `R${i}: link R${i}-eth0 exists\nR${i}: link R${i}-eth1 exists`).join('\n')}
\`\`\`

## Address the links and bring them up

\`\`\`sh
for k in $(seq 0 $N); do
  here=$(node $k) here_if=$(left_end $k) next=$(node $((k + 1))) next_if=$(right_end $k)
  ip -n "$here" addr add "10.0.$k.1/24" dev "$here_if"
  ip -n "$here" link set "$here_if" up
  ip -n "$next" addr add "10.0.$k.2/24" dev "$next_if"
  ip -n "$next" link set "$next_if" up
done
for k in $(seq 0 $((N + 1))); do ip -n "$(node $k)" link set lo up; done
\`\`\`

\`\`\`check
H1: link H1-eth0 has address 10.0.0.1/24
H2: link H2-eth0 has address ${last}/24
${routers.map((i) => `R${i}: link R${i}-eth0 has address 10.0.${i - 1}.2/24\nR${i}: link R${i}-eth1 is up`).join('\n')}
\`\`\`

## Route both ways and forward

The hosts send everything to their router. Each router forwards, sends everything right by
default, and sends what is for H1's subnet left. Every router on the way takes one from a
packet's TTL, and an echo reply starts with the replier's default TTL (64), so a chain longer than
63 routers needs a larger default TTL at both ends (\`net.ipv4.ip_default_ttl\`).

\`\`\`sh
ip -n H1 route add default via 10.0.0.2
ip -n H2 route add default via 10.0.$N.1
for h in H1 H2; do ip netns exec "$h" sysctl -qw net.ipv4.ip_default_ttl=255; done
for i in $(seq 1 $N); do
  ip netns exec "R$i" sysctl -qw net.ipv4.ip_forward=1
  if [ "$i" -lt "$N" ]; then ip -n "R$i" route add default via "10.0.$i.2"; fi
  if [ "$i" -gt 1 ]; then ip -n "R$i" route add 10.0.0.0/24 via "10.0.$((i - 1)).1"; fi
done
\`\`\`

\`\`\`check
H1: route default via 10.0.0.2
H2: route default via 10.0.${n}.1
${routers.map((i) => `R${i}: sysctl net.ipv4.ip_forward = 1`).join('\n')}
H1: ping ${last} succeeds within 5s
\`\`\`

## Ping from one end to the other

The reply comes back with a TTL of 255 less the ${n} router${n === 1 ? '' : 's'} it crossed.

\`\`\`sh {output=" 0% packet loss"}
ip netns exec H1 ping -c 1 -W 2 ${last}
\`\`\`
`;
}
