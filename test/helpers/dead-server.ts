/**
 * A scenario whose `background` server dies at once: H1 and H2 on one veth pair, H2's socat
 * binds 10.0.0.9, an address nobody has, and step 2 waits until it has ended (a loaded machine
 * ran step 3's checks while socat was still starting); step 3 checks what it would have served.
 */
export function deadSocatScenario(checks: readonly string[]): string {
  return `---
title: A server in a namespace that cannot start
requires: [socat]
---
## Two namespaces on one link

\`\`\`sh
ip netns add H1
ip netns add H2
ip link add H1-eth0 netns H1 type veth peer name H2-eth0 netns H2
ip netns exec H1 ip addr add 10.0.0.1/24 dev H1-eth0
ip netns exec H2 ip addr add 10.0.0.2/24 dev H2-eth0
ip netns exec H1 ip link set H1-eth0 up
ip netns exec H2 ip link set H2-eth0 up
\`\`\`

## Start the server

\`\`\`sh {background}
ip netns exec H2 socat TCP-LISTEN:8080,bind=10.0.0.9,fork STDOUT
\`\`\`

It fails at once, but "at once" may be after the next check on a loaded machine: wait for it.

\`\`\`sh {retry=10s}
! pgrep -x socat
\`\`\`

## Reach it

\`\`\`check
${checks.join('\n')}
\`\`\`
`;
}
