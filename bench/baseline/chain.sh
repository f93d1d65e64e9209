#!/usr/bin/env bash
# The commands of `nslab generate chain N` (N routers between two hosts), and equivalent
# checks, in plain bash: usage `chain.sh N`. The loops below are the scenario's own text, with
# N set from the argument; bench/run.mjs verifies that every command of the generated scenario
# appears here verbatim (the `N=...` line aside).
. "$(dirname "$0")/sandbox.sh"
N=$1
[ "$N" -ge 1 ] 2>/dev/null || { echo "usage: chain.sh N" >&2; exit 2; }
R="1 $(( (N + 1) / 2 )) $N" # the routers the scenario's checks name: first, middle, last
# BENCH_TRACE=1: print when each step ends (bench/run.mjs compares them with nslab's steps).
mark() { [ -z "${BENCH_TRACE:-}" ] || echo "mark $1 ${EPOCHREALTIME/./}" >&2; }
mark start

# Create the namespaces
ip netns add H1
ip netns add H2
for i in $(seq 1 $N); do ip netns add "R$i"; done
check ip netns exec H1 true; check ip netns exec H2 true
for i in $R; do check ip netns exec "R$i" true; done
mark 1

# Wire the links
node() { if [ "$1" -eq 0 ]; then echo H1; elif [ "$1" -gt "$N" ]; then echo H2; else echo "R$1"; fi; }
left_end() { if [ "$1" -eq 0 ]; then echo H1-eth0; else echo "R$1-eth1"; fi; }
right_end() { if [ "$1" -eq "$N" ]; then echo H2-eth0; else echo "R$(($1 + 1))-eth0"; fi; }
for k in $(seq 0 $N); do
  ip link add "$(left_end $k)" netns "$(node $k)" type veth peer name "$(right_end $k)" netns "$(node $((k + 1)))"
done
check ip -n H1 link show H1-eth0; check ip -n H2 link show H2-eth0
for i in $R; do check ip -n "R$i" link show "R$i-eth0"; check ip -n "R$i" link show "R$i-eth1"; done
mark 2

# Address the links and bring them up
for k in $(seq 0 $N); do
  here=$(node $k) here_if=$(left_end $k) next=$(node $((k + 1))) next_if=$(right_end $k)
  ip -n "$here" addr add "10.0.$k.1/24" dev "$here_if"
  ip -n "$here" link set "$here_if" up
  ip -n "$next" addr add "10.0.$k.2/24" dev "$next_if"
  ip -n "$next" link set "$next_if" up
done
for k in $(seq 0 $((N + 1))); do ip -n "$(node $k)" link set lo up; done
check grep -q 10.0.0.1/24 <(ip -n H1 addr show H1-eth0); check grep -q "10.0.$N.2/24" <(ip -n H2 addr show H2-eth0)
for i in $R; do check grep -q "10.0.$((i - 1)).2/24" <(ip -n "R$i" addr show "R$i-eth0"); check grep -q UP <(ip -n "R$i" link show "R$i-eth1"); done
mark 3

# Route both ways and forward
ip -n H1 route add default via 10.0.0.2
ip -n H2 route add default via 10.0.$N.1
for h in H1 H2; do ip netns exec "$h" sysctl -qw net.ipv4.ip_default_ttl=255; done
for i in $(seq 1 $N); do
  ip netns exec "R$i" sysctl -qw net.ipv4.ip_forward=1
  if [ "$i" -lt "$N" ]; then ip -n "R$i" route add default via "10.0.$i.2"; fi
  if [ "$i" -gt 1 ]; then ip -n "R$i" route add 10.0.0.0/24 via "10.0.$((i - 1)).1"; fi
done
check grep -q 'default via 10.0.0.2' <(ip -n H1 route); check grep -q "default via 10.0.$N.1" <(ip -n H2 route)
for i in $R; do check test "$(ip netns exec "R$i" sysctl -n net.ipv4.ip_forward)" = 1; done
# `ping ... succeeds within 5s`: one echo request every 150 ms until one comes back.
for t in $(seq 33); do ip netns exec H1 ping -c 1 -W 1 "10.0.$N.2" >/dev/null 2>&1 && break; sleep 0.15; done
check ip netns exec H1 ping -c 1 -W 1 "10.0.$N.2"
mark 4

# Ping from one end to the other
ip netns exec H1 ping -c 1 -W 2 10.0.$N.2 | grep -q ' 0% packet loss'
mark 5

# The scenario's cleanup
for ns in H1 H2 $(seq -f 'R%g' 1 $N); do ip netns del "$ns" 2>/dev/null; done
mark cleanup
true
