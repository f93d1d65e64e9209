#!/usr/bin/env bash
# An IPv6 router: H1 (fd00:1::2/64) — R — H2 (fd00:2::2/64), R forwarding
# (net.ipv6.conf.all.forwarding=1), default routes both ways; built as a tutorial would (no
# `nodad`), and waits until duplicate address detection is over (about a second), so that
# `why H1 H2` is clear there and back. Run inside a sandbox (why.sh); test/sandbox/why-ipv6.test.ts
# builds its labs from it.
set -e
ip netns add H1; ip netns add H2; ip netns add R
ip link add H1-eth0 type veth peer name R-eth1
ip link add H2-eth0 type veth peer name R-eth2
ip link set H1-eth0 netns H1; ip link set H2-eth0 netns H2
ip link set R-eth1 netns R; ip link set R-eth2 netns R
ip -n H1 addr add fd00:1::2/64 dev H1-eth0; ip -n H1 link set H1-eth0 up; ip -n H1 link set lo up
ip -n H2 addr add fd00:2::2/64 dev H2-eth0; ip -n H2 link set H2-eth0 up; ip -n H2 link set lo up
ip -n R addr add fd00:1::1/64 dev R-eth1; ip -n R addr add fd00:2::1/64 dev R-eth2
ip -n R link set R-eth1 up; ip -n R link set R-eth2 up; ip -n R link set lo up
ip netns exec R sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n H1 -6 route add default via fd00:1::1 dev H1-eth0
ip -n H2 -6 route add default via fd00:2::1 dev H2-eth0
# DAD: wait (5 s at most) until no address is tentative (one that failed DAD is left alone).
for ns in H1 H2 R; do
  n=0
  while ip -n $ns -6 addr | grep tentative | grep -qv dadfailed && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
done
