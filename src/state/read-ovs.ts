/**
 * Every Open vSwitch bridge with its ports, in one `ovs-vsctl` call, for `nslab why`.
 *
 * The database's word is not the datapath's: ovs-vsctl exits 0 even when vswitchd could not
 * make a bridge's device (no kernel module and no `datapath_type=netdev`, or a misspelled type)
 * or attach a port. So a port carries its OpenFlow port number and `error` column
 * (ovs-vswitchd.conf.db(5), Interface table: ofport -1 when it could not be added), and the
 * caller looks for the bridge's kernel device itself.
 */
import type { Exec } from '../sandbox/types.js';
import { READ_TIMEOUT_MS } from './run-ip.js';
import type { StateResult } from './types.js';

/** An OVSDB atom in JSON: a value, `["uuid", "..."]`, or `["set", [...]]`. */
export type OvsAtom = string | number | [string, unknown];

/** A scalar atom's value; undefined for an empty optional column (`["set", []]`) or a uuid. */
export function ovsAtom(value: OvsAtom | undefined): string | number | undefined {
  return Array.isArray(value) ? undefined : value;
}

/** The uuids in a column holding one reference or a set of them. */
function uuids(value: OvsAtom | undefined): string[] {
  if (!Array.isArray(value)) return [];
  if (value[0] === 'uuid') return [String(value[1])];
  return value[0] === 'set' ? (value[1] as Array<[string, string]>).map((u) => u[1]) : [];
}

/** One port of an OVS bridge (its interface, as `ovs-vsctl add-port` makes one per port). */
export interface OvsPort {
  name: string;
  /** OpenFlow port number; -1 when vswitchd could not attach it, undefined before it tried. */
  ofport?: number;
  /** The Interface row's `error`, e.g. `could not open network device s-eth3 (No such device)`. */
  error?: string;
  /** Interface type: `` for a system device (a veth end), `internal` for the bridge's own port. */
  type: string;
}

/** One bridge of the database. */
export interface OvsBridge {
  name: string;
  /** `datapath_type` as set (`netdev`, ...); `` when not set, which means `system` (the kernel module). */
  datapathType: string;
  ports: OvsPort[];
}

/** What Open vSwitch knows; `bridges` is empty when it is not running. */
export interface OvsState {
  bridges: OvsBridge[];
  /** `ovs-vsctl get Open_vSwitch . datapath_types`, e.g. `["netdev", "system"]`. */
  datapathTypes: string[];
  /** Why Open vSwitch could not be asked (not installed, not running). */
  note?: string;
}

type Table = { data: OvsAtom[][]; headings: string[] };

/**
 * Reads bridges, ports and interfaces.
 * @param exec runs `ovs-vsctl --timeout=2 --format=json list Bridge -- list Port -- list
 *   Interface -- get Open_vSwitch . datapath_types` (one process, one JSON table a line).
 * @returns the bridges; no bridges and a note when ovs-vsctl fails (Open vSwitch not running or
 *   not installed) — never a failure, as most emulations have no Open vSwitch at all.
 */
export async function readOvs(exec: Exec): Promise<StateResult<OvsState>> {
  const result = await exec(
    [
      'ovs-vsctl', '--timeout=2', '--format=json',
      '--columns=name,datapath_type,ports', 'list', 'Bridge', '--',
      '--columns=_uuid,interfaces', 'list', 'Port', '--',
      '--columns=_uuid,name,ofport,error,type', 'list', 'Interface', '--',
      'get', 'Open_vSwitch', '.', 'datapath_types',
    ],
    { timeoutMs: READ_TIMEOUT_MS },
  );
  const empty = (note: string): StateResult<OvsState> => ({ ok: true, value: { bridges: [], datapathTypes: [], note } });
  if (result.exitCode !== 0) return empty(result.output.trim().split('\n').at(-1) || `ovs-vsctl exited ${result.exitCode}`);
  const lines = (result.stdout ?? result.output).trim().split('\n');
  let tables: Table[];
  try {
    tables = lines.slice(0, 3).map((l) => JSON.parse(l) as Table);
  } catch {
    return empty('ovs-vsctl printed something that is not JSON');
  }
  const [bridgeRows = [], portRows = [], ifaceRows = []] = tables.map((t) => t.data);
  const ifaces = new Map<string, OvsPort>();
  for (const [uuid, name, ofport, error, type] of ifaceRows) {
    const o = ovsAtom(ofport);
    const e = ovsAtom(error);
    ifaces.set(uuids(uuid)[0] ?? '', {
      name: String(ovsAtom(name)),
      ...(typeof o === 'number' && { ofport: o }),
      ...(typeof e === 'string' && e !== '' && { error: e }),
      type: String(ovsAtom(type) ?? ''),
    });
  }
  const ports = new Map<string, OvsPort[]>();
  for (const [uuid, interfaces] of portRows) {
    ports.set(uuids(uuid)[0] ?? '', uuids(interfaces).flatMap((u) => ifaces.get(u) ?? []));
  }
  const bridges = bridgeRows.map(([name, type, portSet]) => ({
    name: String(ovsAtom(name)),
    datapathType: String(ovsAtom(type) ?? ''),
    ports: uuids(portSet).flatMap((u) => ports.get(u) ?? []),
  }));
  // `[netdev, system]`: ovs-vsctl prints sets of strings unquoted when they need no quotes.
  const datapathTypes = (lines[3] ?? '').replace(/^\[|\]$/g, '').split(',').map((t) => t.trim().replace(/^"|"$/g, '')).filter(Boolean);
  return { ok: true, value: { bridges, datapathTypes } };
}
