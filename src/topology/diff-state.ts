/**
 * What a step changed: the difference between two reads of the emulation, in the terms a
 * tutorial uses — namespaces, links (added, removed, moved, up/down), addresses, routes,
 * forwarding, bridges and their ports. A teaching aid ("this step gave H1 a default route")
 * and a debugging one.
 */
import { formatRoute } from '../state/read-routes.js';
import { namespaceLabel, type BridgeInfo, type InterfaceState, type NamespaceState, type NetworkState } from './network-state.js';

/** One change, discriminated by `kind`; `namespace` is a display name (`host` = root namespace). */
export type StateChange =
  | { kind: 'namespace'; change: 'added' | 'removed'; namespace: string }
  | { kind: 'bridge'; change: 'added' | 'removed'; bridge: string; type: 'linux' | 'openvswitch' }
  | { kind: 'link'; change: 'added' | 'removed'; namespace: string; ifname: string; linkKind?: string }
  /** `ip link set IF netns NS`: the interface left `from` for `namespace`. */
  | { kind: 'link-moved'; namespace: string; from: string; ifname: string }
  | { kind: 'link-state'; namespace: string; ifname: string; up: boolean }
  | { kind: 'address'; change: 'added' | 'removed'; namespace: string; ifname: string; address: string }
  | { kind: 'route'; change: 'added' | 'removed'; namespace: string; route: string }
  /** net.ipv4.ip_forward (`IPv4`) or net.ipv6.conf.all.forwarding (`IPv6`) flipped. */
  | { kind: 'forwarding'; namespace: string; family: 'IPv4' | 'IPv6'; on: boolean }
  | { kind: 'bridge-port'; change: 'added' | 'removed' | 'attached' | 'detached'; bridge: string; port: string; problem?: string };

/** A namespace as `ip netns add` makes it: only `lo`, down (a new namespace's baseline). */
function freshNamespace(name: string | undefined): NamespaceState {
  return { ...(name !== undefined && { name }), interfaces: [{ name: 'lo', up: false, operstate: 'DOWN', addresses: [] }], routes: [], ipForward: false, ipv6Forward: false };
}

/** Devices Open vSwitch makes for itself in the root namespace: reported as bridges, not links. */
function ovsDevices(state: NetworkState): Set<string> {
  return new Set(['ovs-netdev', 'ovs-system', ...state.bridges.filter((b) => b.type === 'openvswitch').map((b) => b.name)]);
}

/** `ns\0ifname` (NUL cannot occur in names). */
function key(ns: string | undefined, ifname: string): string {
  return `${ns ?? ''}\0${ifname}`;
}

function added<T>(before: readonly T[], after: readonly T[]): T[] {
  return after.filter((x) => !before.includes(x));
}

function diffInterface(ns: string, was: InterfaceState, now: InterfaceState): StateChange[] {
  const out: StateChange[] = [];
  if (was.up !== now.up) out.push({ kind: 'link-state', namespace: ns, ifname: now.name, up: now.up });
  for (const a of added(was.addresses, now.addresses)) out.push({ kind: 'address', change: 'added', namespace: ns, ifname: now.name, address: a });
  for (const a of added(now.addresses, was.addresses)) out.push({ kind: 'address', change: 'removed', namespace: ns, ifname: now.name, address: a });
  return out;
}

/**
 * Compares two reads.
 * @param before the state before a step (readNetworkState).
 * @param after the state after it.
 * @returns the changes: namespaces and bridges first, then per namespace (root first, then by
 *   name) its links, link states, addresses, routes and forwarding, then bridge ports. Empty
 *   when nothing changed.
 */
export function diffNetworkStates(before: NetworkState, after: NetworkState): StateChange[] {
  const out: StateChange[] = [];
  const names = (s: NetworkState) => s.namespaces.filter((n) => n.name !== undefined).map((n) => n.name!);
  for (const n of added(names(before), names(after))) out.push({ kind: 'namespace', change: 'added', namespace: n });
  for (const n of added(names(after), names(before))) out.push({ kind: 'namespace', change: 'removed', namespace: n });
  const bridgeIn = (s: NetworkState, b: BridgeInfo) => s.bridges.find((x) => x.name === b.name && x.namespace === b.namespace);
  for (const b of after.bridges) if (!bridgeIn(before, b)) out.push({ kind: 'bridge', change: 'added', bridge: b.name, type: b.type });
  for (const b of before.bridges) if (!bridgeIn(after, b)) out.push({ kind: 'bridge', change: 'removed', bridge: b.name, type: b.type });

  const skip = new Set([...ovsDevices(before), ...ovsDevices(after)]);
  const isBridge = (s: NetworkState, ns: string | undefined, ifname: string) => s.bridges.some((b) => b.type === 'linux' && b.namespace === ns && b.name === ifname);
  const stillThere = new Set(names(after));
  // Interfaces that disappeared from a namespace still there, and appeared in another: moved.
  // (A namespace that is gone took its interfaces with it: `ip netns del` lists nothing else.)
  const gone = new Map<string, { ns: NamespaceState; iface: InterfaceState }>();
  for (const ns of before.namespaces) {
    if (ns.name !== undefined && !stillThere.has(ns.name)) continue;
    const now = after.namespaces.find((n) => n.name === ns.name)!;
    for (const iface of ns.interfaces) if (!now.interfaces.some((i) => i.name === iface.name)) gone.set(iface.name, { ns, iface });
  }
  // Found before the namespaces are walked: the root namespace, walked first, loses what a
  // named one gains.
  const moved = new Map<string, NamespaceState>();
  for (const now of after.namespaces) {
    const was = before.namespaces.find((n) => n.name === now.name) ?? freshNamespace(now.name);
    for (const iface of now.interfaces) {
      const from = gone.get(iface.name);
      if (!was.interfaces.some((i) => i.name === iface.name) && from && from.iface.kind === iface.kind && from.ns.name !== now.name) {
        moved.set(key(now.name, iface.name), from.ns).set(key(from.ns.name, iface.name), from.ns);
      }
    }
  }
  for (const now of after.namespaces) {
    const label = namespaceLabel(now);
    const was = before.namespaces.find((n) => n.name === now.name) ?? freshNamespace(now.name);
    const local = (ifname: string) => (now.name === undefined && skip.has(ifname)) || isBridge(after, now.name, ifname) || isBridge(before, now.name, ifname);
    for (const iface of now.interfaces) {
      const old = was.interfaces.find((i) => i.name === iface.name);
      if (old) {
        out.push(...diffInterface(label, old, iface));
        continue;
      }
      const from = moved.get(key(now.name, iface.name));
      if (from) {
        out.push({ kind: 'link-moved', namespace: label, from: namespaceLabel(from), ifname: iface.name });
        out.push(...diffInterface(label, gone.get(iface.name)!.iface, iface));
      } else {
        if (!local(iface.name)) out.push({ kind: 'link', change: 'added', namespace: label, ifname: iface.name, ...(iface.kind !== undefined && { linkKind: iface.kind }) });
        out.push(...diffInterface(label, { ...iface, up: false, addresses: [] }, iface));
      }
    }
    for (const iface of was.interfaces) {
      if (now.interfaces.some((i) => i.name === iface.name) || moved.has(key(now.name, iface.name)) || local(iface.name)) continue;
      out.push({ kind: 'link', change: 'removed', namespace: label, ifname: iface.name, ...(iface.kind !== undefined && { linkKind: iface.kind }) });
    }
    const routes = (n: NamespaceState) => n.routes.map(formatRoute);
    for (const r of added(routes(was), routes(now))) out.push({ kind: 'route', change: 'added', namespace: label, route: r });
    for (const r of added(routes(now), routes(was))) out.push({ kind: 'route', change: 'removed', namespace: label, route: r });
    if (was.ipForward !== now.ipForward) out.push({ kind: 'forwarding', namespace: label, family: 'IPv4', on: now.ipForward });
    if (was.ipv6Forward !== now.ipv6Forward) out.push({ kind: 'forwarding', namespace: label, family: 'IPv6', on: now.ipv6Forward });
  }

  for (const b of after.bridges) {
    const was = bridgeIn(before, b);
    for (const port of b.ports) {
      const old = was?.ports.find((p) => p.name === port.name);
      if (!old) out.push({ kind: 'bridge-port', change: 'added', bridge: b.name, port: port.name });
      if ((old?.attached ?? true) !== port.attached) {
        out.push({ kind: 'bridge-port', change: port.attached ? 'attached' : 'detached', bridge: b.name, port: port.name, ...(port.problem !== undefined && { problem: port.problem }) });
      }
    }
    for (const port of was?.ports ?? []) if (!b.ports.some((p) => p.name === port.name)) out.push({ kind: 'bridge-port', change: 'removed', bridge: b.name, port: port.name });
  }
  return out;
}

const SIGN = { added: '+', removed: '-' } as const;

/**
 * One change as a line: `H1: + route default via 10.0.1.1 dev H1-eth0`, `+ namespace H1`,
 * `H1: + link H1-eth0 (moved from host)`, `R: ~ forwarding on (ip_forward 0 → 1)`,
 * `R: ~ IPv6 forwarding on (all.forwarding 0 → 1)`.
 */
export function formatChange(c: StateChange): string {
  switch (c.kind) {
    case 'namespace':
      return `${SIGN[c.change]} namespace ${c.namespace}`;
    case 'bridge':
      return `${SIGN[c.change]} bridge ${c.bridge} (${c.type === 'openvswitch' ? 'Open vSwitch' : 'Linux bridge'})`;
    case 'link':
      return `${c.namespace}: ${SIGN[c.change]} link ${c.ifname}${c.linkKind ? ` (${c.linkKind})` : ''}`;
    case 'link-moved':
      return `${c.namespace}: + link ${c.ifname} (moved from ${c.from})`;
    case 'link-state':
      return `${c.namespace}: ~ link ${c.ifname} ${c.up ? 'up' : 'down'}`;
    case 'address':
      return `${c.namespace}: ${SIGN[c.change]} address ${c.address} on ${c.ifname}`;
    case 'route':
      return `${c.namespace}: ${SIGN[c.change]} route ${c.route}`;
    case 'forwarding':
      if (c.family === 'IPv6') return `${c.namespace}: ~ IPv6 forwarding ${c.on ? 'on (all.forwarding 0 → 1)' : 'off (all.forwarding 1 → 0)'}`;
      return `${c.namespace}: ~ forwarding ${c.on ? 'on (ip_forward 0 → 1)' : 'off (ip_forward 1 → 0)'}`;
    case 'bridge-port':
      if (c.change === 'added' || c.change === 'removed') return `${c.bridge}: ${SIGN[c.change]} port ${c.port}`;
      return `${c.bridge}: ~ port ${c.port} ${c.change === 'attached' ? 'attached' : `not attached${c.problem ? ` (${c.problem})` : ''}`}`;
  }
}
