/**
 * The kernel features a scenario may name in `requires` (`kernel:netem`), and how each shows
 * up: the Kconfig symbol that builds it (the kernel's own name for it, read from
 * /proc/config.gz), the module it is built as, and the link types (ip-link(8) `type`) and queueing
 * disciplines (tc(8)) that need it — the words by which a failing command names what it lacked.
 */

/** One kernel feature. */
export interface KernelFeature {
  /** The name written in `requires` after `kernel:`. */
  name: string;
  /** What it is, in a few words, for messages. */
  what: string;
  /** Kconfig symbols; the feature is built in when any is `y`, a module when any is `m`. */
  config: string[];
  /** The module's name (modprobe(8)), when it can be one. */
  module?: string;
  /** `ip link add ... type KIND` kinds that need it. */
  linkKinds?: string[];
  /** `tc qdisc ... KIND` kinds that need it. */
  qdiscs?: string[];
  /**
   * Present in every kernel nslab runs on (its sandbox and lessons need it): lint does not ask
   * for it in `requires`.
   */
  common?: boolean;
}

/** Every feature nslab knows, in the order `requires` documentation lists them. */
export const KERNEL_FEATURES: readonly KernelFeature[] = [
  { name: 'veth', what: 'veth pairs', config: ['CONFIG_VETH'], module: 'veth', linkKinds: ['veth'] , common: true },
  { name: 'bridge', what: 'the Linux bridge', config: ['CONFIG_BRIDGE'], module: 'bridge', linkKinds: ['bridge'] , common: true },
  { name: '8021q', what: '802.1Q VLAN interfaces', config: ['CONFIG_VLAN_8021Q'], module: '8021q', linkKinds: ['vlan'] },
  { name: 'vxlan', what: 'VXLAN tunnels', config: ['CONFIG_VXLAN'], module: 'vxlan', linkKinds: ['vxlan'] },
  { name: 'gre', what: 'GRE tunnels', config: ['CONFIG_NET_IPGRE'], module: 'ip_gre', linkKinds: ['gre', 'gretap'] },
  { name: 'ipip', what: 'IP-in-IP tunnels', config: ['CONFIG_NET_IPIP'], module: 'ipip', linkKinds: ['ipip'] },
  { name: 'sit', what: 'IPv6-in-IPv4 (sit) tunnels', config: ['CONFIG_IPV6_SIT'], module: 'sit', linkKinds: ['sit'] },
  { name: 'geneve', what: 'Geneve tunnels', config: ['CONFIG_GENEVE'], module: 'geneve', linkKinds: ['geneve'] },
  { name: 'wireguard', what: 'WireGuard interfaces', config: ['CONFIG_WIREGUARD'], module: 'wireguard', linkKinds: ['wireguard'] },
  { name: 'dummy', what: 'dummy interfaces', config: ['CONFIG_DUMMY'], module: 'dummy', linkKinds: ['dummy'] },
  { name: 'macvlan', what: 'macvlan interfaces', config: ['CONFIG_MACVLAN'], module: 'macvlan', linkKinds: ['macvlan', 'macvtap'] },
  { name: 'ipvlan', what: 'ipvlan interfaces', config: ['CONFIG_IPVLAN'], module: 'ipvlan', linkKinds: ['ipvlan'] },
  { name: 'vrf', what: 'VRF devices', config: ['CONFIG_NET_VRF'], module: 'vrf', linkKinds: ['vrf'] },
  { name: 'bonding', what: 'bonded interfaces', config: ['CONFIG_BONDING'], module: 'bonding', linkKinds: ['bond'] },
  { name: 'tun', what: 'tun/tap devices', config: ['CONFIG_TUN'], module: 'tun', linkKinds: ['tun', 'tap'] , common: true },
  { name: 'openvswitch', what: "Open vSwitch's kernel datapath", config: ['CONFIG_OPENVSWITCH'], module: 'openvswitch', linkKinds: ['openvswitch'] },
  { name: 'netem', what: 'the netem queueing discipline, for delay and loss', config: ['CONFIG_NET_SCH_NETEM'], module: 'sch_netem', qdiscs: ['netem'] },
  { name: 'tbf', what: 'the token bucket filter queueing discipline', config: ['CONFIG_NET_SCH_TBF'], module: 'sch_tbf', qdiscs: ['tbf'] },
  { name: 'htb', what: 'the HTB queueing discipline', config: ['CONFIG_NET_SCH_HTB'], module: 'sch_htb', qdiscs: ['htb'] },
  { name: 'nftables', what: 'nftables', config: ['CONFIG_NF_TABLES'], module: 'nf_tables' , common: true },
  { name: 'ipv6', what: 'IPv6', config: ['CONFIG_IPV6'], module: 'ipv6' , common: true },
];

/** Names that mean the same feature as one of the table's (`vlan` for `8021q`). */
const ALIASES: Readonly<Record<string, string>> = { vlan: '8021q', bond: 'bonding', tap: 'tun', nft: 'nftables' };

/** The prefix that marks a `requires` entry as a kernel feature, not a program. */
export const KERNEL_PREFIX = 'kernel:';

/**
 * The feature a name means, aliases included.
 * @param name as written after `kernel:` (any case)
 * @returns the feature, or undefined for a name nslab does not know
 */
export function kernelFeature(name: string): KernelFeature | undefined {
  const key = name.toLowerCase();
  const canonical = ALIASES[key] ?? key;
  return KERNEL_FEATURES.find((f) => f.name === canonical);
}

/** The feature a link type needs (`vlan` → 8021q). */
export function featureOfLinkKind(kind: string): KernelFeature | undefined {
  return KERNEL_FEATURES.find((f) => f.linkKinds?.includes(kind));
}

/** The feature a queueing discipline needs (`netem` → netem). */
export function featureOfQdisc(kind: string): KernelFeature | undefined {
  return KERNEL_FEATURES.find((f) => f.qdiscs?.includes(kind));
}
