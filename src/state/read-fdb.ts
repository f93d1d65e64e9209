/**
 * What a bridge has learned: the MAC addresses in its forwarding database and the port each
 * was last seen on. Linux bridge: `bridge -json fdb show br B` (bridge(8)); Open vSwitch:
 * `ovs-appctl fdb/show B` (ovs-vswitchd(8), "FDB COMMANDS"), whose ports are OpenFlow numbers.
 */
import type { Exec } from '../sandbox/types.js';
import { failureOf, readJson, READ_TIMEOUT_MS } from './run-ip.js';
import type { BridgePort, FdbEntry, StateResult } from './types.js';

interface BridgeFdbJson {
  mac: string;
  ifname?: string;
  flags?: string[];
  state?: string;
}

/**
 * Reads the learned entries of a Linux bridge.
 * @param exec runs `bridge [-n NS] -json fdb show br BRIDGE`.
 * @param ns the bridge's namespace; undefined = root namespace.
 * @returns learned entries only: `self` entries (the device's own table) and `permanent` or
 *   `static` ones (the ports' own addresses, entries added by hand) are left out, as they say
 *   nothing about traffic the bridge saw. Failure when the bridge or namespace is missing.
 */
export async function readLinuxFdb(exec: Exec, bridge: string, ns?: string): Promise<StateResult<FdbEntry[]>> {
  const argv = ['bridge', ...(ns === undefined ? [] : ['-n', ns]), '-json', 'fdb', 'show', 'br', bridge];
  const read = await readJson(exec, argv, ns);
  if (!read.ok) return read;
  const learned = (read.value as BridgeFdbJson[]).filter(
    (e) => !(e.flags ?? []).includes('self') && e.state !== 'permanent' && e.state !== 'static' && e.ifname !== undefined,
  );
  return { ok: true, value: learned.map((e) => ({ mac: e.mac.toLowerCase(), port: e.ifname! })) };
}

/** ` port  VLAN  MAC                Age` rows: `    1     0  aa:bb:cc:dd:ee:ff    5`. */
const OVS_FDB_ROW = /^\s*(\S+)\s+\d+\s+([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})\s+\S+\s*$/;

/**
 * Reads the MAC learning table of an Open vSwitch bridge.
 * @param exec runs `ovs-appctl fdb/show BRIDGE`, which finds the daemon's control socket
 *   through its pidfile in /run/openvswitch (the sandbox's own, or the host's with --host).
 * @param ports the bridge's ports with their OpenFlow numbers, to name the rows' ports.
 * @returns entries with port names (`LOCAL` for the bridge's own port, `port N` when no port
 *   has that number), or failed with ovs-appctl's message.
 */
export async function readOvsFdb(exec: Exec, bridge: string, ports: readonly BridgePort[]): Promise<StateResult<FdbEntry[]>> {
  const result = await exec(['ovs-appctl', 'fdb/show', bridge], { timeoutMs: READ_TIMEOUT_MS });
  if (result.exitCode !== 0) return failureOf(result, undefined);
  const names = new Map(ports.filter((p) => p.ofport !== undefined).map((p) => [String(p.ofport), p.name]));
  const entries: FdbEntry[] = [];
  for (const line of (result.stdout ?? result.output).split('\n')) {
    const m = OVS_FDB_ROW.exec(line);
    if (!m) continue;
    const [, port, mac] = m as unknown as [string, string, string];
    entries.push({ mac: mac.toLowerCase(), port: port === 'LOCAL' ? 'LOCAL' : (names.get(port) ?? `port ${port}`) });
  }
  return { ok: true, value: entries };
}
