/**
 * One read of everything a picture or a diff of the emulation needs: every namespace (the
 * root one included) with its interfaces, addresses, routes and forwarding, each veth's peer
 * resolved across namespaces, and every bridge with its ports. Plain JSON-able data, so that a
 * diff of two reads ("what a step changed") and the topology graph are pure functions of it.
 *
 * Veth peers are resolved by the `why` snapshot (src/diagnose/snapshot.ts: link_netnsid +
 * `ip netns list-id`); Open vSwitch bridges and ports come from readBridgePorts
 * (src/state/read-bridge-ports.ts), which counts a port as attached only with an ofport > 0.
 */
import { takeSnapshot, type Snapshot } from '../diagnose/snapshot.js';
import type { Ns } from '../diagnose/types.js';
import type { Exec, Sandbox } from '../sandbox/types.js';
import { readBridgePorts } from '../state/read-bridge-ports.js';
import { READ_TIMEOUT_MS } from '../state/run-ip.js';
import { createStateReader } from '../state/state-reader.js';
import type { BridgePort, LinkInfo, RouteInfo } from '../state/types.js';

/** An interface as the picture and the diff see it (no ifindex, no MAC: they change run to run). */
export interface InterfaceState {
  name: string;
  /** `linkinfo.info_kind` (`veth`, `bridge`, `tun`, ...); undefined for plain devices such as lo. */
  kind?: string;
  /** Administratively up (the UP flag, `ip link set X up`). */
  up: boolean;
  /** RFC 2863 operational state as ip prints it (`UP`, `DOWN`, `LOWERLAYERDOWN`, `UNKNOWN`). */
  operstate: string;
  /**
   * IPv4 addresses and global IPv6 ones, as `address/prefixlen` (e.g. `10.0.1.2/24`); IPv6
   * link-local ones are left out, being derived from the MAC.
   */
  addresses: string[];
  /** Linux bridge this interface is a port of. */
  master?: string;
  /**
   * The other end of a veth: its namespace (absent = root namespace) and name; `outside` when
   * that end is in a namespace that is neither named nor the root one (a container's).
   */
  peer?: { namespace?: string; ifname: string } | 'outside';
}

/** A namespace: a named one, or the root namespace (of the sandbox, or the host's). */
export interface NamespaceState {
  /** Name under /run/netns; absent for the root namespace. */
  name?: string;
  /** In ifindex order. */
  interfaces: InterfaceState[];
  /** IPv4 main table. */
  routes: RouteInfo[];
  /** `net.ipv4.ip_forward` = 1 (Documentation/networking/ip-sysctl.rst). */
  ipForward: boolean;
  /**
   * `net.ipv6.conf.all.forwarding` = 1: the namespace forwards IPv6. An interface's own
   * `conf/IF/forwarding` alone does not (ip6_forward drops the packet while `all` is 0; it only
   * makes the interface act as a router in Neighbor Discovery, ip-sysctl.rst).
   */
  ipv6Forward: boolean;
}

/** A Linux or Open vSwitch bridge. */
export interface BridgeInfo {
  name: string;
  type: 'linux' | 'openvswitch';
  /** Namespace holding a Linux bridge's device (absent = root); Open vSwitch bridges live in the root one. */
  namespace?: string;
  /** Ports in the bridge's own order (Open vSwitch: `ovs-vsctl list-ports`; Linux: interfaces with `master`). */
  ports: BridgePort[];
}

/** The whole emulation at one moment. */
export interface NetworkState {
  /** The root namespace first, then named namespaces sorted by name. */
  namespaces: NamespaceState[];
  /** Sorted by name. */
  bridges: BridgeInfo[];
  /** Why Open vSwitch bridges could not be listed, when Open vSwitch runs but failed to answer. */
  note?: string;
}

/** Display name of a namespace: its name, or `host` for the root namespace (as `nslab why` says). */
export function namespaceLabel(ns: { name?: string }): string {
  return ns.name ?? 'host';
}

function addressesOf(link: LinkInfo): string[] {
  return link.addresses
    .filter((a) => a.family === 'inet' || a.scope === 'global')
    .map((a) => `${a.address}/${a.prefixlen}`);
}

async function interfaceOf(snapshot: Snapshot, ns: Ns, link: LinkInfo): Promise<InterfaceState> {
  const peer = await snapshot.peer(ns, link);
  return {
    name: link.name,
    ...(link.kind !== undefined && { kind: link.kind }),
    up: link.up,
    operstate: link.operstate,
    addresses: addressesOf(link),
    ...(link.master !== undefined && { master: link.master }),
    ...(peer !== undefined && {
      peer: peer === 'outside' ? 'outside' : { ...(peer.ns !== undefined && { namespace: peer.ns }), ifname: peer.link.name },
    }),
  };
}

async function namespaceOf(snapshot: Snapshot, ns: Ns): Promise<NamespaceState> {
  const [interfaces, routes, sysctls] = await Promise.all([
    Promise.all(snapshot.links(ns).map((l) => interfaceOf(snapshot, ns, l))),
    snapshot.routes(ns),
    snapshot.sysctls(ns),
  ]);
  return { ...(ns !== undefined && { name: ns }), interfaces, routes: [...routes], ipForward: sysctls.ipForward === 1, ipv6Forward: sysctls.ipv6Forwarding.all === 1 };
}

/**
 * Open vSwitch bridges (`ovs-vsctl list-br`) with their ports. When Open vSwitch is not
 * running (no database socket) there are none, and that is not an error: most scenarios use no
 * Open vSwitch at all.
 */
async function readOvsBridges(exec: Exec): Promise<{ bridges: BridgeInfo[]; note?: string }> {
  const listed = await exec(['ovs-vsctl', '--timeout=2', 'list-br'], { timeoutMs: READ_TIMEOUT_MS });
  if (listed.exitCode !== 0) {
    const notRunning = /database connection failed|No such file or directory|not found|ENOENT/i.test(listed.output);
    return { bridges: [], ...(!notRunning && { note: listed.output.trim().split('\n').pop() }) };
  }
  const names = (listed.stdout ?? listed.output).split('\n').map((s) => s.trim()).filter(Boolean);
  const bridges = await Promise.all(
    names.map(async (name): Promise<BridgeInfo> => {
      const read = await readBridgePorts(exec, name);
      return { name, type: 'openvswitch', ports: read.ok ? read.value.ports : [] };
    }),
  );
  return { bridges };
}

/** Where the emulation is: a {@link Sandbox} (private, or the host), or just its Exec. */
export type StateSource = Pick<Sandbox, 'exec'> | Exec;

/**
 * Reads the whole emulation.
 * @param source a Sandbox (a run's, the practice shell's, openHostSandbox()) or an Exec
 *   (createExec([]) for the host), which runs ip, grep (sysctls) and ovs-vsctl there.
 * @returns the state; a namespace deleted while it is read shows up empty.
 * @throws EnvironmentError when the root namespace cannot be read (no `ip`, no privilege).
 */
export async function readNetworkState(source: StateSource): Promise<NetworkState> {
  const exec = typeof source === 'function' ? source : source.exec;
  const [snapshot, ovs] = await Promise.all([takeSnapshot(createStateReader(exec)), readOvsBridges(exec)]);
  const all: Ns[] = [undefined, ...snapshot.namespaces];
  const namespaces = await Promise.all(all.map((ns) => namespaceOf(snapshot, ns)));
  const linux: BridgeInfo[] = namespaces.flatMap((ns) =>
    ns.interfaces
      .filter((i) => i.kind === 'bridge')
      .map((br) => ({
        name: br.name,
        type: 'linux' as const,
        ...(ns.name !== undefined && { namespace: ns.name }),
        ports: ns.interfaces.filter((i) => i.master === br.name).map((i) => ({ name: i.name, attached: true })),
      })),
  );
  const bridges = [...linux, ...ovs.bridges].sort((a, b) => a.name.localeCompare(b.name));
  return { namespaces, bridges, ...(ovs.note !== undefined && { note: ovs.note }) };
}
