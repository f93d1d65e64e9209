/**
 * Bridges and their ports, for Linux bridges and Open vSwitch alike.
 *
 * ovs-vsctl exits 0 even when vswitchd could not create a bridge's device or attach a port
 * (it only warns on stderr), so the database's word is not enough: a port counts as attached
 * only with an OpenFlow port number > 0 and an empty `error` column (ovs-vswitchd.conf.db(5),
 * Interface table), and the bridge only when its device exists in the kernel.
 */
import type { Exec } from '../sandbox/types.js';
import { readLinks } from './read-interfaces.js';
import { ovsAtom as atom, type OvsAtom } from './read-ovs.js';
import { READ_TIMEOUT_MS } from './run-ip.js';
import type { BridgePort, BridgeState, StateResult } from './types.js';

async function ovsVsctl(exec: Exec, args: readonly string[]) {
  return exec(['ovs-vsctl', '--timeout=2', ...args], { timeoutMs: READ_TIMEOUT_MS });
}

/**
 * Reads a bridge and its ports.
 * @param exec runs ip and ovs-vsctl.
 * @param bridge bridge name.
 * @param ns namespace where a Linux bridge is looked for; undefined = root namespace. An Open
 *   vSwitch bridge's device is always looked for in the root namespace, where vswitchd runs.
 * @returns a Linux bridge if `ip` shows one (kind `bridge`) in ns; otherwise what Open vSwitch
 *   knows (`br-exists`, `list-ports`, the Interface table); otherwise kind 'none' (with a note
 *   when Open vSwitch could not be asked). Failure only when ns does not exist.
 */
export async function readBridgePorts(exec: Exec, bridge: string, ns?: string): Promise<StateResult<BridgeState>> {
  const links = await readLinks(exec, ns);
  if (!links.ok) return links;
  const linux = links.value.find((l) => l.name === bridge && l.kind === 'bridge');
  if (linux) {
    const ports = links.value.filter((l) => l.master === bridge).map((l) => ({ name: l.name, attached: true }));
    return { ok: true, value: { kind: 'linux', device: true, ports } };
  }
  const exists = await ovsVsctl(exec, ['br-exists', bridge]);
  // br-exists: 0 = exists, 2 = does not; anything else = Open vSwitch could not be asked.
  if (exists.exitCode !== 0) {
    const note = exists.exitCode === 2 ? undefined : lastLine(exists.output) || 'ovs-vsctl failed';
    return { ok: true, value: { kind: 'none', device: false, ports: [], ...(note && { note }) } };
  }
  const [portList, interfaces, rootLinks] = await Promise.all([
    ovsVsctl(exec, ['list-ports', bridge]),
    ovsVsctl(exec, ['--format=json', '--columns=name,ofport,error', 'list', 'Interface']),
    ns === undefined ? Promise.resolve(links) : readLinks(exec, undefined),
  ]);
  const rows = new Map<string, { ofport?: number; error?: string }>();
  try {
    const table = JSON.parse(interfaces.stdout ?? '') as { data: OvsAtom[][] };
    for (const [name, ofport, error] of table.data) {
      const o = atom(ofport);
      const e = atom(error);
      rows.set(String(atom(name)), {
        ...(typeof o === 'number' && { ofport: o }),
        ...(typeof e === 'string' && e !== '' && { error: e }),
      });
    }
  } catch {
    // no table: every port reads as not attached below, with the reason
  }
  const ports: BridgePort[] = (portList.stdout ?? '').split('\n').filter(Boolean).map((name) => {
    const row = rows.get(name);
    if (row?.error !== undefined) return { name, attached: false, problem: row.error };
    if (row?.ofport === undefined || row.ofport <= 0) {
      return { name, attached: false, problem: `no OpenFlow port (ofport ${row?.ofport ?? 'unset'})` };
    }
    return { name, attached: true, ofport: row.ofport };
  });
  const device = rootLinks.ok && rootLinks.value.some((l) => l.name === bridge);
  return { ok: true, value: { kind: 'openvswitch', device, ports } };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

/** Which Open vSwitch bridge has a port: its name, none, or why Open vSwitch could not tell. */
export interface OvsPortBridge {
  bridge?: string;
  /** Set when ovs-vsctl could not be asked (e.g. `database connection failed`): not an error, no OVS bridge holds it. */
  note?: string;
}

/**
 * Asks Open vSwitch which bridge has a port (`ovs-vsctl port-to-br PORT`, ovs-vsctl(8): exits
 * 0 printing the bridge, 1 with `no port named PORT`).
 * @param exec runs ovs-vsctl (in the root namespace, where ovsdb-server listens).
 * @param port interface name.
 * @returns the bridge, or none (with a note when Open vSwitch could not be asked). Never fails.
 */
export async function readOvsPortBridge(exec: Exec, port: string): Promise<OvsPortBridge> {
  const result = await ovsVsctl(exec, ['port-to-br', port]);
  if (result.exitCode === 0) return { bridge: (result.stdout ?? result.output).trim() };
  // No database socket: Open vSwitch is not running, so no OVS bridge has the port.
  if (/no port named|database connection failed \(No such file or directory\)/.test(result.output)) return {};
  return { note: lastLine(result.output) || 'ovs-vsctl failed' };
}
