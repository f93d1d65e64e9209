#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages nslab and its bundled scenarios need.
# Usage: install-system-packages.sh [--if-missing]
#   --if-missing  do nothing when every package is already installed (no apt-get update)
set -euo pipefail
packages=(
  iproute2            # ip, bridge: namespaces, veth pairs, addresses, routes
  iputils-ping        # ping
  iputils-arping      # arping: duplicate address detection and announcements in arp-and-mac
  net-tools           # ifconfig, as the seed tutorial uses it
  procps              # sysctl
  util-linux          # unshare, nsenter, setpriv: the private sandbox
  openvswitch-switch  # ovs-vsctl, ovsdb-server, ovs-vswitchd
  netcat-openbsd      # nc: the hung-command tests (nc -l never ends), traffic-tools
  tcpdump             # captures in the scenario library
  curl                # the HTTP client in traffic-tools
  python3             # python3 -m http.server in traffic-tools
  traceroute          # static-routing
  nftables            # nat, and the firewall diagnosis of why
  iptables            # iptables-nft rules in the firewall tests of why
  tmux                # the practice-shell tests drive a real terminal
  graphviz            # dot: nslab topo --format svg
  ethtool             # checksum offload on veths (OVS userspace datapath and TCP)
  chromium            # the HTML report test opens the report in headless Chromium (playwright-core)
)
if [ "${1:-}" = "--if-missing" ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${packages[@]}"
