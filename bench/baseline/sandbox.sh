# Sourced by the baselines: re-executes the calling script inside a private sandbox made the
# way nslab makes its own (new network, mount and PID namespaces; private /run/netns and
# /run/openvswitch), so the baseline pays the same set-up cost nslab does.
if [ -z "${NSLAB_BASELINE_INSIDE:-}" ]; then
  export NSLAB_BASELINE_INSIDE=1
  exec unshare --net --mount --pid --fork --kill-child --mount-proc bash "$0" "$@"
fi
set -e
mkdir -p /run/netns /run/openvswitch
mount -t tmpfs nslab-netns /run/netns
mount -t tmpfs nslab-ovs /run/openvswitch
ip link set lo up
start_openvswitch() {
  local d=/run/openvswitch
  ovsdb-tool create $d/conf.db /usr/share/openvswitch/vswitch.ovsschema
  ovsdb-server $d/conf.db --remote=punix:$d/db.sock --pidfile=$d/ovsdb-server.pid \
    --unixctl=$d/ovsdb-server.ctl --log-file=$d/ovsdb-server.log -vconsole:off --detach --no-chdir
  ovs-vsctl --no-wait init
  ovs-vswitchd unix:$d/db.sock --pidfile=$d/ovs-vswitchd.pid --unixctl=$d/ovs-vswitchd.ctl \
    --log-file=$d/ovs-vswitchd.log -vconsole:off --detach --no-chdir
}
# A check, as plain bash would do it: the command must succeed.
check() { "$@" >/dev/null 2>&1 || { echo "baseline check failed: $*" >&2; exit 1; }; }
# The command must fail.
check_fails() { ! "$@" >/dev/null 2>&1 || { echo "baseline check held: $*" >&2; exit 1; }; }
