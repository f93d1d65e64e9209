#!/usr/bin/env bash
# The commands of scenarios/l2-switch.md, and equivalent checks, in plain bash.
# bench/run.mjs verifies that every command of the scenario appears here.
. "$(dirname "$0")/sandbox.sh"
start_openvswitch

ip netns add H1
ip netns add H2
check ip netns exec H1 true; check ip netns exec H2 true

ip link add H1-eth0 type veth peer name s-eth1
ip link add H2-eth0 type veth peer name s-eth2
ip link show | grep -q H1-eth0@s-eth1
check ip link show H1-eth0; check ip link show s-eth1; check ip link show H2-eth0; check ip link show s-eth2

ip link set H1-eth0 netns H1
ip link set H2-eth0 netns H2
ip netns exec H1 ifconfig -a | grep -q H1-eth0
check ip -n H1 link show H1-eth0; check ip -n H2 link show H2-eth0
check_fails ip link show H1-eth0; check_fails ip link show H2-eth0

ovs-vsctl add-br s -- set bridge s datapath_type=netdev
ovs-vsctl add-port s s-eth1
ovs-vsctl add-port s s-eth2
check ip link show s
check test "$(ovs-vsctl get interface s-eth1 ofport)" -gt 0
check test "$(ovs-vsctl get interface s-eth2 ofport)" -gt 0

! ip netns exec H1 ifconfig | grep -q H1-eth0
ip netns exec H1 ifconfig lo up
ip netns exec H1 ifconfig H1-eth0 10.0.0.1
ip netns exec H2 ifconfig lo up
ip netns exec H2 ifconfig H2-eth0 10.0.0.2
check grep -q 10.0.0.1/8 <(ip -n H1 addr show H1-eth0); check grep -q UP <(ip -n H1 link show H1-eth0)
check grep -q 10.0.0.2/8 <(ip -n H2 addr show H2-eth0); check grep -q UP <(ip -n H2 link show H2-eth0)

out=$(ip netns exec H1 ping -c 1 -W 1 10.0.0.2 2>&1) && exit 1 || [ $? -eq 1 ]; grep -q '100% packet loss' <<<"$out"
ip netns exec H1 ip neigh show 10.0.0.2 | grep -Eq '^10.0.0.2 dev H1-eth0 (INCOMPLETE|FAILED) *$'
ifconfig s-eth1 up
ifconfig s-eth2 up
ip netns exec H1 ip neigh flush dev H1-eth0
check_fails grep -q 10.0.0.2 <(ip netns exec H1 ip neigh show 10.0.0.2)
check grep -q UP <(ip link show s-eth1); check grep -q UP <(ip link show s-eth2)
for i in $(seq 30); do ip netns exec H1 ping -c 1 -W 1 10.0.0.2 >/dev/null 2>&1 && break; sleep 0.1; done

ip netns exec H1 ping -c 3 -i 0.2 -W 1 10.0.0.2 | grep -q '3 received'
ip netns exec H2 ping -c 3 -i 0.2 -W 1 10.0.0.1 | grep -q '0% packet loss'

# The scenario's cleanup (nslab runs it at the end of every run, in the sandbox too).
ovs-vsctl --if-exists del-br s
ip netns del H1 2>/dev/null
ip netns del H2 2>/dev/null
true
