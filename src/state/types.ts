/**
 * Typed views of the live network state, as read with iproute2 and ovs-vsctl.
 * Reading never throws for a state problem: a missing namespace or a failing tool is a value.
 */

/** One address of an interface (`addr_info` of `ip -json address`). */
export interface AddressInfo {
  /** Interface the address is on. */
  ifname: string;
  family: 'inet' | 'inet6';
  /** Canonical address text, without prefix length (e.g. `10.0.1.2`, `fe80::1`). */
  address: string;
  /** Prefix length in bits. */
  prefixlen: number;
  /** `global`, `link`, `host`, ... */
  scope?: string;
  /**
   * IPv6 duplicate address detection (RFC 4862 5.4) not passed: `tentative` while it runs (about
   * a second after the address is added or its link comes up), `failed` when another node on the
   * link has the address (`dadfailed`). Such an address neither receives nor answers neighbour
   * solicitations. Absent for a usable address.
   */
  dad?: 'tentative' | 'failed';
}

/** One network interface (`ip -json -details address show`). */
export interface LinkInfo {
  name: string;
  ifindex: number;
  /** Kernel flags as ip prints them, e.g. `["BROADCAST","MULTICAST","UP","LOWER_UP"]`. */
  flags: string[];
  /** The UP flag: administratively up (`ip link set X up`), whatever the carrier. */
  up: boolean;
  /** RFC 2863 operational state as ip prints it: `UP`, `DOWN`, `LOWERLAYERDOWN`, `UNKNOWN`. */
  operstate: string;
  /** Maximum transmission unit in bytes (`mtu` of `ip -json link`). */
  mtu?: number;
  /** Ethernet (MAC) address, lower case, e.g. `be:3a:e0:1f:bd:9b`; undefined for non-Ethernet links. */
  mac?: string;
  /** Bridge or bond this interface is a port of (`ip link set X master BR`). */
  master?: string;
  /** For a veth whose peer is in another namespace: that namespace's id as seen from here. */
  linkNetnsId?: number;
  /** The `link` field: the peer of a veth in the same namespace, the parent of a VLAN. */
  peer?: string;
  /**
   * The `link_index` field: for a veth whose peer is in another namespace, the peer's ifindex
   * in that namespace (see {@link linkNetnsId}); ifindexes are per namespace.
   */
  peerIfindex?: number;
  /** `linkinfo.info_kind`: `veth`, `bridge`, `tun`, `vlan`, ...; undefined for plain devices. */
  kind?: string;
  /** For a `tun` device, `linkinfo.info_data.type`: `tun` (IP packets) or `tap` (Ethernet frames). */
  tunType?: 'tun' | 'tap';
  addresses: AddressInfo[];
}

/** One route of the main table (`ip -json route show table main`). */
export interface RouteInfo {
  /** Canonical destination: `default`, or network/prefix (`10.0.1.0/24`, `10.0.9.7/32`). */
  dst: string;
  /** Canonical next-hop address, when the route has one. */
  gateway?: string;
  dev?: string;
  /** `unicast` unless ip printed another type (`blackhole`, `unreachable`, ...). */
  type: string;
}

/** One policy routing rule (`ip rule`), its address selectors canonical (`10.0.2.2/32`). */
export interface RuleInfo {
  priority: number;
  family: 4 | 6;
  /** `not`: the selector is inverted. */
  not: boolean;
  /** Source prefix; absent for `from all`. */
  from?: string;
  /** Destination prefix; absent when the rule has none. */
  to?: string;
  iif?: string;
  oif?: string;
  /** `0x1` or `0x1/0xff`, as ip prints it. */
  fwmark?: string;
  /** The table looked up (`main`, `local`, `100`), for a `lookup` rule. */
  table?: string;
  /** Another action (`unreachable`, `prohibit`, `blackhole`, `nop`). */
  action?: string;
  /** `goto N`: evaluation continues at the rule of priority N. */
  goto?: number;
  /** `suppress_prefixlength N`: a route of prefix length N or less from the table is ignored. */
  suppressPrefixLength?: number;
  /** The iif or oif device does not exist (ip prints `[detached]`): the rule matches nothing. */
  detached?: boolean;
  /** Selectors beyond from/to/iif/oif/fwmark, as ip prints them (`tos 0x10`, `uid_start 10`, `dport 80`). */
  selectors?: string[];
}

/** How reading went wrong, for the result's `found` text. */
export type StateFailure =
  /** The named namespace does not exist (as `ip netns list` would show). */
  | { ok: false; reason: 'no-such-namespace'; namespace: string }
  /** The tool failed otherwise; message is its output's last line (or a description). */
  | { ok: false; reason: 'failed'; message: string };

/** A state read: the value, or why there is none. */
export type StateResult<T> = { ok: true; value: T } | StateFailure;

/** What a bridge looks like, for the `bridge-ports` check. */
export interface BridgeState {
  /** Which implementation holds a bridge of that name; 'none' = no bridge found. */
  kind: 'openvswitch' | 'linux' | 'none';
  /** The bridge's device exists in the kernel (for Open vSwitch: in the sandbox's root namespace). */
  device: boolean;
  /** Ports in the bridge's own order. */
  ports: BridgePort[];
  /** Why Open vSwitch could not be asked, when it could not (e.g. not running). */
  note?: string;
}

/** One port of a bridge. */
export interface BridgePort {
  name: string;
  /** Forwarding: OVS ofport > 0 and no error; Linux bridge: listed as enslaved (always true). */
  attached: boolean;
  /** Why not attached, in OVS's words (`could not open network device x (No such device)`). */
  problem?: string;
  /** Open vSwitch: the OpenFlow port number (as `ovs-appctl fdb/show` names ports); undefined for Linux bridges. */
  ofport?: number;
}

/** One entry of a neighbor table (`ip -json neigh show`). */
export interface NeighborInfo {
  /** Canonical IP address. */
  address: string;
  /** Interface the entry is on. */
  dev?: string;
  /** Link-layer (MAC) address, lower case; absent while unresolved (INCOMPLETE, FAILED). */
  lladdr?: string;
  /** NUD states as ip prints them, e.g. `["REACHABLE"]`, `["STALE"]`, `["FAILED"]`. */
  states: string[];
}

/** One learned entry of a bridge's forwarding database. */
export interface FdbEntry {
  /** MAC address, lower case. */
  mac: string;
  /** Port (interface name) the MAC was learned on; for Open vSwitch `LOCAL` or `port N` when no name is known. */
  port: string;
}
