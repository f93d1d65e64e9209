#!/usr/bin/env bash
# The commands of scenarios/l3-router.md, and equivalent checks, in plain bash.
# bench/run.mjs verifies that every command of the scenario appears here.
. "$(dirname "$0")/sandbox.sh"

ip netns add H1
ip netns add H2
ip netns add R
ip netns exec R sysctl -qw net.ipv4.ip_forward=0
check ip netns exec H1 true; check ip netns exec H2 true; check ip netns exec R true

ip link add H1-eth0 type veth peer name R-eth1
ip link add H2-eth0 type veth peer name R-eth2
ip link set H1-eth0 netns H1
ip link set H2-eth0 netns H2
ip link set R-eth1 netns R
ip link set R-eth2 netns R
check ip -n H1 link show H1-eth0; check ip -n H2 link show H2-eth0
check ip -n R link show R-eth1; check ip -n R link show R-eth2; check_fails ip link show R-eth1

ip netns exec H1 ifconfig lo up
ip netns exec H1 ifconfig H1-eth0 10.0.1.2 netmask 255.255.255.0
ip netns exec H1 ifconfig H1-eth0 up
ip netns exec H2 ifconfig lo up
ip netns exec H2 ifconfig H2-eth0 10.0.2.2 netmask 255.255.255.0
ip netns exec H2 ifconfig H2-eth0 up
ip netns exec R ifconfig lo up
ip netns exec R ifconfig R-eth1 10.0.1.1 netmask 255.255.255.0
ip netns exec R ifconfig R-eth1 up
ip netns exec R ifconfig R-eth2 10.0.2.1 netmask 255.255.255.0
ip netns exec R ifconfig R-eth2 up
check grep -q 10.0.1.2/24 <(ip -n H1 addr show H1-eth0); check grep -q UP <(ip -n H1 link show H1-eth0)
check grep -q 10.0.2.2/24 <(ip -n H2 addr show H2-eth0); check grep -q UP <(ip -n H2 link show H2-eth0)
check grep -q 10.0.1.1/24 <(ip -n R addr show R-eth1); check grep -q 10.0.2.1/24 <(ip -n R addr show R-eth2)
check grep -q UP <(ip -n R link show R-eth2)

ip netns exec H1 ping -c 1 -W 1 10.0.1.1 | grep -q '1 received'
ip netns exec R ping -c 1 -W 1 10.0.1.2 | grep -q '1 received'

for cmd in "ip netns exec H1 ping -c 1 -W 1 10.0.2.2" "ip netns exec H2 ping -c 1 -W 1 10.0.1.2" \
           "ip netns exec H1 ping -c 1 -W 1 10.0.2.1"; do
  out=$($cmd 2>&1) && exit 1 || [ $? -eq 2 ]; grep -q 'Network is unreachable' <<<"$out"
done
ip netns exec H1 ip route | grep -q '10.0.1.0/24 dev H1-eth0'

ip netns exec H1 ip route add default via 10.0.1.1 dev H1-eth0
ip netns exec H2 ip route add default via 10.0.2.1 dev H2-eth0
ip netns exec H1 ip route show | grep -q 'default via 10.0.1.1'
check grep -q 'default via 10.0.1.1 dev H1-eth0' <(ip -n H1 route)
check grep -q 'default via 10.0.2.1 dev H2-eth0' <(ip -n H2 route)

out=$(ip netns exec H1 ping -c 1 -W 1 10.0.2.2 2>&1) && exit 1 || [ $? -eq 1 ]; grep -q '100% packet loss' <<<"$out"
ip netns exec R ip route | grep -q '10.0.2.0/24 dev R-eth2'
ip netns exec R sysctl net.ipv4.ip_forward | grep -q '= 0'

ip netns exec R sysctl net.ipv4.ip_forward=1 | grep -q '= 1'
ip netns exec H1 ping -c 1 -W 1 10.0.2.2 | grep -q '0% packet loss'
ip netns exec H2 ping -c 1 -W 1 10.0.1.2 | grep -q '0% packet loss'
check test "$(ip netns exec R sysctl -n net.ipv4.ip_forward)" = 1
check ip netns exec H1 ping -c 1 -W 1 10.0.2.2; check ip netns exec H2 ping -c 1 -W 1 10.0.1.2

# The scenario's cleanup (nslab runs it at the end of every run, in the sandbox too).
ip netns del H1 2>/dev/null
ip netns del H2 2>/dev/null
ip netns del R 2>/dev/null
true
