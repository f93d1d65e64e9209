/**
 * The host's network objects that a `--host` run can create and nslab may have to remove: the
 * named network namespaces, the links of the root namespace, and the Open vSwitch bridges —
 * each with an identity that tells it apart from a later object of the same name.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Exec } from '../sandbox/types.js';
import { readJson } from './run-ip.js';

/** Where iproute2 keeps named namespaces (NETNS_RUN_DIR, ip-netns(8)). */
export const NETNS_DIR = '/run/netns';

/**
 * One host object. `id` is what makes it this object and not another one of the same name:
 * - namespace: the inode of `/run/netns/NAME`, a bind mount of the namespace's nsfs file, so
 *   the namespace's own inode number (namespaces(7), "/proc/[pid]/ns/");
 * - link: its ifindex, which the kernel does not reuse while it counts up (dev_new_index);
 * - bridge (Open vSwitch): the `_uuid` of its row in the OVS database (ovs-vsctl(8)).
 * A Linux bridge is a link whose `type` is `bridge`.
 */
export interface HostObject {
  kind: 'namespace' | 'link' | 'bridge';
  name: string;
  id: string;
  /** Links only: the kernel's kind (`veth`, `bridge`, `dummy`, ...; `ip -d link`'s info_kind). */
  type?: string;
}

/** What {@link readHostObjects} found. */
export interface HostObjects {
  objects: HostObject[];
  /** False when `ovs-vsctl` did not answer (not installed, or no daemon): bridges unknown. */
  ovs: boolean;
}

const TIMEOUT_MS = 5_000;

/**
 * Reads the host's namespaces (the entries of /run/netns), root-namespace links
 * (`ip -d -json link show`) and Open vSwitch bridges (`ovs-vsctl list Bridge`).
 * Devices that Open vSwitch makes for its own bridges and internal ports (kind `openvswitch`,
 * or a `tun` device whose name is an OVS interface's, and the datapath's `ovs-netdev`,
 * `ovs-system`) are left out: they are the bridge's, and go with it.
 * @param exec runs ip and ovs-vsctl (the host's own Exec).
 * @param options.netnsDir where named namespaces live (default /run/netns).
 * @param options.askOvs run ovs-vsctl even when no OVS database socket is seen in this
 *   process's filesystem (default: only when one is, see {@link ovsMayRun}).
 * @throws Error when `ip link` fails: nothing sensible can be recorded without it.
 */
export async function readHostObjects(exec: Exec, options: { netnsDir?: string; askOvs?: boolean } = {}): Promise<HostObjects> {
  const askOvs = options.askOvs ?? ovsMayRun();
  const [namespaces, links, ovs] = await Promise.all([
    readNamespaces(options.netnsDir ?? NETNS_DIR),
    readLinks(exec),
    askOvs ? readOvs(exec) : undefined,
  ]);
  const ovsDevices = new Set(ovs?.interfaces ?? []);
  const own = (l: HostObject) =>
    l.type === 'openvswitch' || l.name === 'ovs-netdev' || l.name === 'ovs-system' || (l.type === 'tun' && ovsDevices.has(l.name));
  return { objects: [...namespaces, ...links.filter((l) => !own(l)), ...(ovs?.bridges ?? [])], ovs: ovs !== undefined };
}

async function readNamespaces(dir: string): Promise<HostObject[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return []; // no namespace was ever added on this machine
  }
  const found = await Promise.all(
    names.map(async (name) => {
      try {
        return { kind: 'namespace' as const, name, id: String((await stat(join(dir, name))).ino) };
      } catch {
        return undefined; // deleted meanwhile
      }
    }),
  );
  return found.filter((n) => n !== undefined);
}

async function readLinks(exec: Exec): Promise<HostObject[]> {
  const read = await readJson(exec, ['ip', '-details', '-json', 'link', 'show'], undefined);
  if (!read.ok) throw new Error(`cannot list the host's links: ${read.reason === 'failed' ? read.message : read.reason}`);
  const rows = read.value as Array<{ ifindex?: number; ifname?: string; linkinfo?: { info_kind?: string } }>;
  return rows.flatMap((r) =>
    r.ifname === undefined || r.ifindex === undefined
      ? []
      : [{ kind: 'link' as const, name: r.ifname, id: String(r.ifindex), ...(r.linkinfo?.info_kind && { type: r.linkinfo.info_kind }) }],
  );
}

/** An `ovs-vsctl --format=json list` table: `{ headings, data: [[cell...]...] }`, a uuid cell being `["uuid", "..."]`. */
interface OvsTable {
  data: unknown[][];
}

/**
 * Where ovs-vsctl looks for the database socket: `$OVS_RUNDIR`, else the package's rundir
 * (`/run/openvswitch` on Debian, `/usr/local/var/run/openvswitch` for a source build) —
 * ovs-vsctl(8), "--db". Without a socket there, there is no daemon to ask: no process is spent.
 */
export function ovsMayRun(): boolean {
  const dirs = [process.env.OVS_RUNDIR, '/run/openvswitch', '/usr/local/var/run/openvswitch'];
  return dirs.some((d) => d !== undefined && existsSync(join(d, 'db.sock')));
}

async function readOvs(exec: Exec): Promise<{ bridges: HostObject[]; interfaces: string[] } | undefined> {
  const result = await exec(
    ['ovs-vsctl', '--timeout=2', '--format=json', '--', '--columns=name,_uuid', 'list', 'Bridge', '--', '--columns=name', 'list', 'Interface'],
    { timeoutMs: TIMEOUT_MS },
  );
  if (result.exitCode !== 0) return undefined;
  try {
    // One JSON table per command, one per line.
    const [bridges, interfaces] = (result.stdout ?? '').trim().split('\n').map((l) => JSON.parse(l) as OvsTable);
    return {
      bridges: (bridges?.data ?? []).map(([name, uuid]) => ({ kind: 'bridge' as const, name: String(name), id: String((uuid as unknown[])[1]) })),
      interfaces: (interfaces?.data ?? []).map(([name]) => String(name)),
    };
  } catch {
    return undefined;
  }
}

/** `namespace H1`, `link v0`, `bridge s` — how objects are named to people. */
export function describeObject(o: Pick<HostObject, 'kind' | 'name'>): string {
  return `${o.kind} ${o.name}`;
}

/** The key of an object's identity (kind, name and id). */
export function identityOf(o: HostObject): string {
  return `${o.kind}\0${o.name}\0${o.id}`;
}
