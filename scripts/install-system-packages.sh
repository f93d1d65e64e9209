#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages nslab and its bundled scenarios need.
# Usage: install-system-packages.sh [--if-missing] [--with-test-tools] [--with-container-tools] [--print]
#   --if-missing            do nothing when every package is already installed (no apt-get update)
#   --with-test-tools       also what only the test suite uses (CI): tmux, Chromium, socat, dnsmasq
#   --with-container-tools  also what building and testing the container image uses (CI on a
#                           Debian machine; docs/container.md): podman, mmdebstrap, runc, catatonit
#   --print                 print the package names, one a line, and install nothing: the one
#                           list the container image (scripts/build-image, Containerfile) is made from
set -euo pipefail
if_missing=false
print=false
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
  iptables            # iptables-nft: why names a FORWARD/INPUT rule as iptables prints it
  radvd               # router advertisements in ipv6 (its system service starts only with an /etc/radvd.conf, which nslab never writes)
  graphviz            # dot: nslab topo --format svg, the picture in HTML reports
  ethtool             # checksum offload on veths (OVS userspace datapath and TCP)
  mawk                # awk, in scenarios that pick a value out of a command's output (priority required: there already)
)
test_tools=(
  tmux                # the practice, demo and prompt tests drive a real terminal
  chromium            # the HTML report test opens the report in headless Chromium (playwright-core)
  socat               # a TCP server and client in the predicates tests (test/e2e/more-predicates.test.ts)
  dnsmasq-base        # a daemon with its default pid file in the private filesystem test
)
container_tools=(
  podman              # builds (podman import) and runs the image, plays the Kubernetes manifest
  mmdebstrap          # the image's Debian root filesystem, from this machine's apt sources: no registry
  runc                # podman's OCI runtime
  catatonit           # the pause process of a pod's infra container (podman kube play)
)
for arg in "$@"; do
  case "$arg" in
    --if-missing) if_missing=true ;;
    --with-test-tools) packages+=("${test_tools[@]}") ;;
    --with-container-tools) packages+=("${container_tools[@]}") ;;
    --print) print=true ;;
    *) echo "usage: $0 [--if-missing] [--with-test-tools] [--with-container-tools] [--print]" >&2; exit 2 ;;
  esac
done
if $print; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi
if $if_missing; then
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
