/**
 * `link IF is in bridge B` and `bridge B has learned MAC|NS:IF on PORT`: which bridge an
 * interface is a port of, and what a bridge has learned from the traffic it forwarded.
 */
import type { StateReader } from '../state/state-reader.js';
import { ROOT_NAMESPACE_NAME } from './check-namespaces.js';
import { describeStation } from './describe-check.js';
import { failedRead, isFailure, type Evaluator, type Verdict } from './evaluate-context.js';
import { missing } from './evaluate-links.js';
import type { Station } from './model.js';

/**
 * `link IF is in bridge B`: IF's `master` is the Linux bridge B (`ip link set IF master B`), or
 * Open vSwitch lists IF as a port of B (`ovs-vsctl port-to-br IF`). Membership only: whether an
 * OVS port is attached is `bridge B has ports IF`'s question.
 */
export const evaluateLinkBridge: Evaluator<'link-bridge'> = async (p, ns, reader) => {
  const read = await reader.links(ns);
  if (isFailure(read)) return failedRead(read);
  const link = read.value.find((l) => l.name === p.ifname);
  if (!link) return missing(p.ifname, ns, read.value);
  const master = link.master === undefined ? undefined : read.value.find((l) => l.name === link.master);
  // A port of a kernel-datapath OVS bridge has master `ovs-system` (kind openvswitch): ask OVS.
  if (master?.kind === 'bridge') return { passed: master.name === p.bridge, found: `${p.ifname} is in bridge ${master.name}` };
  if (master !== undefined && master.kind !== 'openvswitch') {
    return { passed: false, found: `${p.ifname} is in no bridge (its master is ${master.name}, a ${master.kind ?? 'device'})` };
  }
  // ovs-vswitchd opens its ports' devices in its own namespace, the root one: a same-named
  // port there is another interface than one in a named namespace.
  if (ns !== undefined) return { passed: false, found: `${p.ifname} is in no bridge` };
  const ovs = await reader.ovsPortBridge(p.ifname);
  if (ovs.bridge !== undefined) return { passed: ovs.bridge === p.bridge, found: `${p.ifname} is in Open vSwitch bridge ${ovs.bridge}` };
  const note = ovs.note !== undefined ? ` (Open vSwitch: ${ovs.note})` : '';
  return { passed: false, found: `${p.ifname} is in no bridge${note}` };
};

/** The MAC a station stands for: as written, or read live from its interface. */
async function macOf(station: Station, reader: StateReader): Promise<{ mac: string } | Verdict> {
  if ('mac' in station) return { mac: station.mac };
  const ns = station.namespace === ROOT_NAMESPACE_NAME ? undefined : station.namespace;
  const read = await reader.links(ns);
  if (isFailure(read)) return failedRead(read);
  const link = read.value.find((l) => l.name === station.ifname);
  if (!link) return missing(station.ifname, ns, read.value);
  if (link.mac === undefined) return { passed: false, found: `${station.namespace}:${station.ifname} has no MAC address (not an Ethernet interface)` };
  return { mac: link.mac };
}

/**
 * `bridge B has learned MAC|NS:IF on PORT`: B's forwarding database has a learned entry for
 * that MAC behind PORT — the bridge saw a frame from it arrive there (IEEE 802.1D learning).
 * Entries age out (Linux: `ageing_time`, 300 s by default; OVS: `mac-aging-time`, 300 s).
 */
export const evaluateBridgeLearned: Evaluator<'bridge-learned'> = async (p, ns, reader) => {
  const station = await macOf(p.station, reader);
  if ('passed' in station) return station;
  const read = await reader.fdb(p.bridge, ns);
  if (isFailure(read)) return failedRead(read);
  const name = 'mac' in p.station ? station.mac : `${station.mac} (${describeStation(p.station)})`;
  const entries = read.value.filter((e) => e.mac === station.mac);
  if (entries.some((e) => e.port === p.port)) return { passed: true, found: `bridge ${p.bridge} learned ${name} on ${p.port}` };
  if (entries.length > 0) {
    return { passed: false, found: `bridge ${p.bridge} learned ${name} on ${entries.map((e) => e.port).join(', ')}` };
  }
  const learned = read.value.map((e) => `${e.mac} on ${e.port}`);
  const others = learned.length > 0 ? `it learned ${learned.join(', ')}` : 'it has learned no MAC address';
  return { passed: false, found: `bridge ${p.bridge} has not learned ${name}; ${others}` };
};
