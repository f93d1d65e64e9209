#!/usr/bin/env bash
# Mininet's build and tear-down of a linear topology of N switches (Linux bridges) with one
# host each, no controller, no test: usage `mininet.sh N`. Run inside a private sandbox (new
# network, mount and PID namespaces, private tmpfs on /tmp and /run) so that Mininet's bridges,
# veths, host shells and files never touch the machine, and whatever it leaves ends with the
# sandbox (no `mn -c` on the host needed: `mn -c` kills processes by name machine-wide).
if [ -z "${NSLAB_MININET_INSIDE:-}" ]; then
  export NSLAB_MININET_INSIDE=1
  exec unshare --net --mount --pid --fork --kill-child --mount-proc bash "$0" "$@"
fi
set -e
mount -t tmpfs nslab-mn-tmp /tmp
mount -t tmpfs nslab-mn-run /run
ip link set lo up
out=$(mn --topo "linear,$1" --switch lxbr --controller none --test none 2>&1) || { echo "$out" >&2; exit 1; }
grep -q '^\*\*\* Done' <<<"$out" || { echo "$out" >&2; exit 1; }
