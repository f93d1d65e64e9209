/**
 * Open vSwitch as a scenario service.
 *
 * In the private sandbox nslab runs its own ovsdb-server and ovs-vswitchd, with database,
 * sockets, pidfiles and logs on the sandbox's private tmpfs at /run/openvswitch — the paths
 * the Debian build of ovs-vsctl uses by default, so `ovs-vsctl` works unchanged in the
 * scenario's shell. The daemons live in the sandbox's PID namespace and die with it.
 *
 * This kernel has no openvswitch module, so bridges need the userspace datapath:
 * `ovs-vsctl add-br s -- set bridge s datapath_type=netdev`. Without it ovs-vsctl still exits
 * 0, but the bridge gets no kernel device (the `bridge-ports` check catches that).
 */
import { existsSync } from 'node:fs';
import { EnvironmentError, InterruptedError } from '../util/errors.js';
import { assertContainerTun } from './container-privileges.js';
import type { Exec, Sandbox } from './types.js';

/** Where distributions install the database schema (pkgdatadir); Debian first. */
const SCHEMA_CANDIDATES = [
  '/usr/share/openvswitch/vswitch.ovsschema',
  '/usr/local/share/openvswitch/vswitch.ovsschema',
];

const RUN = '/run/openvswitch';
const PROGRAMS = ['ovsdb-tool', 'ovsdb-server', 'ovs-vsctl', 'ovs-vswitchd'];
/** Exit status of the start script when a program is missing (as a shell's "not found"). */
const MISSING = 127;

function startScript(schema: string): string {
  // The default control socket (RUN/NAME.PID.ctl, found through the pidfile): a scenario's own
  // `ovs-appctl fdb/show s` then works unchanged, as on a host (ovs-appctl(8), "-t").
  const daemon = (name: string): string =>
    `--pidfile=${RUN}/${name}.pid --log-file=${RUN}/${name}.log -vconsole:off --detach --no-chdir`;
  return [
    `for p in ${PROGRAMS.join(' ')}; do command -v "$p" >/dev/null || { echo "$p"; exit ${MISSING}; }; done`,
    'set -e',
    // Already running (a second call): nothing to do.
    `if [ -S ${RUN}/db.sock ] && ovs-vsctl --timeout=2 show >/dev/null 2>&1; then exit 0; fi`,
    `ovsdb-tool create ${RUN}/conf.db ${schema}`,
    `ovsdb-server ${RUN}/conf.db --remote=punix:${RUN}/db.sock ${daemon('ovsdb-server')}`,
    'ovs-vsctl --no-wait init',
    `ovs-vswitchd unix:${RUN}/db.sock ${daemon('ovs-vswitchd')}`,
  ].join('\n');
}

/**
 * Starts Open vSwitch for a scenario that declares `services: [openvswitch]`: the private
 * daemons in a private sandbox; in host mode only checks that the host's own is running
 * (see {@link hostOpenVswitchStatus}). One `bash -c` for the whole start, not a process per daemon (docs/performance.md, "Costs behind the code").
 * @param sandbox where the scenario runs.
 * @param signal an interrupt: stops the start at once (the daemons die with the sandbox, which
 *   the caller closes) rather than waiting for it, up to its 20 s limit.
 * @throws InterruptedError when `signal` stopped the start.
 * @throws EnvironmentError naming the Debian package `openvswitch-switch` when a program or the
 *   schema is missing, with the last lines of the daemons' logs when they do not start, and
 *   when nslab is not root (see below), and in a container without /dev/net/tun (the flag to add).
 */
export async function startOpenVswitch(sandbox: Sandbox, signal?: AbortSignal): Promise<void> {
  if (sandbox.kind === 'host') return hostOpenVswitchStatus(sandbox.exec);
  if (process.getuid?.() !== 0) {
    // The daemons would start, but every bridge would lack its device: the userspace datapath
    // makes it through /dev/net/tun, which fails inside a user namespace (seen on this VM and
    // noted in the design anchors), so the scenario would fail at its first bridge check.
    throw new EnvironmentError(
      'this scenario needs Open vSwitch, whose bridges cannot be made in the sandbox of a non-root user ' +
        '(its userspace datapath needs /dev/net/tun): run nslab as root, e.g. with sudo.',
    );
  }
  assertContainerTun();
  const schema = SCHEMA_CANDIDATES.find((path) => existsSync(path));
  if (schema === undefined) {
    throw new EnvironmentError(
      'Open vSwitch is not installed (no vswitch.ovsschema): install it with `apt-get install openvswitch-switch`.',
    );
  }
  const result = await sandbox.exec(['bash', '-c', startScript(schema)], { timeoutMs: 20_000, signal });
  if (result.exitCode === 0) return;
  if (result.interrupted) throw new InterruptedError('interrupted while Open vSwitch was starting');
  if (result.exitCode === MISSING) {
    throw new EnvironmentError(
      `Open vSwitch is not installed (${result.output.trim()} not found): install it with \`apt-get install openvswitch-switch\`.`,
    );
  }
  const logs = await sandbox.exec(['tail', '-n', '8', `${RUN}/ovsdb-server.log`, `${RUN}/ovs-vswitchd.log`]);
  throw new EnvironmentError(
    `Open vSwitch did not start in the sandbox:\n${result.output.trim()}\n${logs.output.trim()}`.trim(),
  );
}

/**
 * Checks that the host's Open vSwitch answers (`ovs-vsctl --timeout=2 show` exits 0).
 * @param exec the host sandbox's exec.
 * @returns when it answers.
 * @throws EnvironmentError telling how to start it.
 */
export async function hostOpenVswitchStatus(exec: Exec): Promise<void> {
  const result = await exec(['ovs-vsctl', '--timeout=2', 'show'], { timeoutMs: 5000 });
  if (result.exitCode === 0) return;
  throw new EnvironmentError(
    'Open vSwitch is not running on this host: start it with `service openvswitch-switch start` ' +
      '(or `/usr/share/openvswitch/scripts/ovs-ctl start`).' +
      (result.exitCode === 127 ? ' (ovs-vsctl is missing: `apt-get install openvswitch-switch`.)' : ''),
  );
}

/**
 * Host mode variant taking the sandbox, for the runner: same as
 * {@link hostOpenVswitchStatus}`(sandbox.exec)`.
 * @throws EnvironmentError as hostOpenVswitchStatus.
 */
export function assertHostOpenVswitch(sandbox: Sandbox): Promise<void> {
  return hostOpenVswitchStatus(sandbox.exec);
}
