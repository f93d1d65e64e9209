#!/usr/bin/env bash
# The NAT lab of scenarios/nat.md: H1 (192.168.1.2/24) — R — Out (203.0.113.2/24), R
# forwarding, Out with no route to 192.168.1.0/24. With the argument `masquerade`, R also
# masquerades out R-eth1 (nftables), and `why H1 203.0.113.2` is clear, through the NAT.
# Run inside a sandbox (why.sh); test/sandbox/why-nat.test.ts builds its labs from it.
set -e
ip netns add H1; ip netns add R; ip netns add Out
ip link add H1-eth0 type veth peer name R-eth0
ip link add R-eth1 type veth peer name Out-eth0
ip link set H1-eth0 netns H1; ip link set R-eth0 netns R; ip link set R-eth1 netns R; ip link set Out-eth0 netns Out
ip -n H1 addr add 192.168.1.2/24 dev H1-eth0; ip -n H1 link set H1-eth0 up; ip -n H1 link set lo up
ip -n R addr add 192.168.1.1/24 dev R-eth0; ip -n R link set R-eth0 up
ip -n R addr add 203.0.113.1/24 dev R-eth1; ip -n R link set R-eth1 up
ip -n Out addr add 203.0.113.2/24 dev Out-eth0; ip -n Out link set Out-eth0 up; ip -n Out link set lo up
ip -n H1 route add default via 192.168.1.1
ip netns exec R sysctl -qw net.ipv4.ip_forward=1
if [ "${1:-}" = masquerade ]; then
  ip netns exec R nft add table ip nat
  ip netns exec R nft add chain ip nat postrouting '{ type nat hook postrouting priority srcnat; policy accept; }'
  ip netns exec R nft add rule ip nat postrouting oifname "R-eth1" masquerade
fi
