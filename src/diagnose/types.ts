/**
 * What `nslab why` finds: the hops of the path and, when one is broken, a finding — a cause
 * with the facts that name it. Causes are a closed union so that the message table
 * (messages.ts) does not compile until a new cause has its sentence and fix.
 */

/** A namespace as the walk names it: its name, or undefined for the root namespace (`host`). */
export type Ns = string | undefined;

/** An interface in a namespace. */
export interface Port {
  ns: Ns;
  ifname: string;
}

/** A gateway the fix can name: an address on the far side of one of the namespace's links. */
export interface GatewayGuess {
  address: string;
  dev: string;
}

/**
 * A reply that left the multi-homed destination `ns` by `leftBy` although its request came in
 * on `cameIn`; `gateway` is the neighbour that handed the request in, and `table` a table
 * number the destination does not use yet (both for the policy routing fix).
 */
export interface Asymmetry {
  ns: Ns;
  /** The destination's address the request was sent to (the reply's source). */
  address: string;
  cameIn: string;
  leftBy: string;
  gateway?: string;
  /** The table the fix uses: one of the student's that goes back by `cameIn`, or an unused number. */
  table?: string;
  /** Why each of the destination's own rules did not send the reply back the way it came, in words. */
  rules?: string[];
  /** The commands that send it back the way it came, building on the rules and tables there. */
  fix?: string[];
}

/** Which way a hop goes: SRC → DST, or DST's reply back to SRC. */
export type Direction = 'forward' | 'back';

/** Every broken state `why` recognises (the numbers are those of issue 4). */
export type Finding =
  /** 13: SRC (or a DST namespace) does not exist. */
  | { cause: 'no-such-namespace'; name: string; existing: string[] }
  /**
   * 1: no route matches (no default route, DST on none of the subnets). `tables`: the tables
   * searched, when policy routing rules named others than main and default.
   */
  | { cause: 'no-route'; ns: Ns; dst: string; subnets: string[]; gateway?: GatewayGuess; tables?: string[] }
  /**
   * 7: DST's side has no route back to SRC's address. `asymmetric`: the reply left the
   * destination by another interface than the request came in on (policy routing would send it
   * back the way it came).
   */
  | {
      cause: 'no-route-back'; ns: Ns; dst: string; subnets: string[]; gateway?: GatewayGuess; tables?: string[];
      /** The namespace whose reply it is, when `ns` is a router on the way back rather than the replier. */
      replier?: Ns;
      asymmetric?: Asymmetry;
    }
  /**
   * 7 in a NAT lab: the reply has no way back to a private source (RFC 1918, ...) because
   * `router` sent the request out by `out`, toward public addresses, without source NAT; `rule`
   * is a NAT rule it has for that source that does not (or may not: `certain` false) match there.
   */
  | {
      cause: 'private-source-untranslated'; ns: Ns; source: string; range: string; prefix: string;
      router: Ns; out: string; outCidr: string; rule?: { text: string; certain: boolean }; fix: string;
      /** The router's iptables-legacy rules (nslab does not read them: one may be the NAT the walk missed). */
      legacy?: string[];
    }
  /**
   * 12 in a NAT lab: `router` gave the request the source `address` (snat), which is none of its
   * own addresses, so the reply to it finds nobody (`ns` asks for it on `dev` by ARP) and never
   * comes back to be translated back; `own` is the router's address on that link, `rule` the
   * source NAT rule, `fix` that rule with the router's own address.
   */
  | {
      cause: 'source-nat-foreign'; ns: Ns; dev: string; address: string; source: string; router: Ns;
      own?: { ifname: string; cidr: string }; rule?: string; fix?: string;
    }
  /**
   * A blackhole / unreachable / prohibit route matches (from `table` when not main), or a
   * policy routing rule with such an action (`byRule`; `route` is then the rule).
   */
  | { cause: 'route-rejects'; ns: Ns; dst: string; route: string; table?: string; byRule?: boolean }
  /**
   * A warning (a cause when nothing else is found): the namespace has iptables-legacy rules,
   * which are not in nft's ruleset, so its firewall and NAT were judged without them.
   */
  | { cause: 'iptables-legacy'; ns: Ns; rules: string[] }
  /** A warning: a policy routing rule whose match nslab cannot decide was taken as not matching. */
  | { cause: 'rule-undecided'; ns: Ns; rule: string; reason: string }
  /** 2: the route's gateway is on none of the egress interface's subnets (an `onlink` route). */
  | { cause: 'gateway-off-subnet'; ns: Ns; route: string; routeDst: string; gateway: string; dev: string; subnets: string[]; suggestion?: GatewayGuess }
  /** 3: one end of a veth pair (or a bridge port) is administratively down. */
  | { cause: 'link-down'; port: Port; end: 'near' | 'far'; other?: Port; routesGone?: boolean }
  /** 4: the veth peer was never moved into its namespace, or was moved into the wrong one. */
  | { cause: 'peer-misplaced'; near: Port; peer: Port; expected?: string }
  /** 5: the two ends of a link are on different subnets or have different prefix lengths. */
  | { cause: 'address-mismatch'; near: Port; nearCidr: string; far: Port; farCidr: string; suggested: string }
  /**
   * 6: an intermediate namespace does not forward (net.ipv4.ip_forward = 0; for IPv6, `family`
   * 6, net.ipv6.conf.all.forwarding = 0, with `onlyOn` the interfaces whose own forwarding is 1,
   * which the kernel does not look at for forwarding). `noRoute` when it also has no route to
   * `dst`: both must be fixed, and the kernel drops for the missing route first
   * (ip_route_input_slow looks the route up before it asks IN_DEV_FORWARD).
   */
  | { cause: 'forwarding-disabled'; ns: Ns; noRoute?: { dst: string; subnets: string[] }; family?: 6; onlyOn?: string[] }
  /** 11: the namespace pings its own address with its loopback down. */
  | { cause: 'loopback-down'; ns: Ns; address: string }
  /** 12: nobody in the emulation has the address the last hop asks for (nobody answers ARP). */
  | { cause: 'address-unassigned'; ns: Ns; dev: string; address: string; guess?: Port & { cidr: string } }
  /**
   * 12 for a route's gateway: nobody has the gateway, but across that link `suggestion` has an
   * address on the same subnet (a mistyped gateway: `via 10.0.1.9` for `via 10.0.1.1`).
   */
  | { cause: 'gateway-unassigned'; ns: Ns; dev: string; gateway: string; route: string; routeDst: string; suggestion: Port & { address: string } }
  /**
   * A gateway that is assigned, but not on the far side of the egress link; for a route's
   * gateway, `suggestion` is the address across that link it was probably meant to be (the far
   * end's link-local address for a link-local gateway).
   */
  | { cause: 'next-hop-elsewhere'; ns: Ns; dev: string; nextHop: string; owner?: Port; routeDst?: string; suggestion?: Port & { address: string } }
  /** A namespace on the path has no IPv4 (`family` 6: IPv6 global) address to send from or to be reached at. */
  | { cause: 'no-address'; ns: Ns; family?: 6 }
  /**
   * An IPv6 address that has not passed duplicate address detection (RFC 4862): `tentative`
   * while DAD runs, `failed` when another node on the link has it; it neither receives packets
   * nor answers neighbour solicitations. `role`: the packet's source, the next hop, or the destination.
   */
  | { cause: 'address-tentative'; port: Port; address: string; prefixlen: number; dad: 'tentative' | 'failed'; role: 'source' | 'next-hop' | 'destination' }
  /**
   * The link is not a veth or bridge this walk can follow (its peer is outside the emulation);
   * `device`: the egress is a device whose far side is a program or a tunnel (`tun`, `tap`,
   * `vxlan`, `wireguard`, ...), named by its kind.
   */
  | { cause: 'cannot-follow'; port: Port; kind: string; device?: string }
  /** The path comes back to a namespace it already crossed. */
  | { cause: 'routing-loop'; ns: Ns; dst: string }
  /**
   * 8: strict reverse-path filtering (rp_filter 1 on `all` or the interface; the kernel uses the
   * larger) drops a packet that arrives on an interface other than the one the route back to its
   * source leaves by.
   */
  | { cause: 'rp-filter'; ns: Ns; iface: string; source: string; routeBack: string; backDev: string; key: string; asymmetric?: Asymmetry }
  /**
   * 9: a firewall rule or chain policy drops the traffic (certain), or may drop it (a match nslab
   * cannot decide). `neighbourDiscovery`: the traffic is ICMPv6 neighbour discovery with `peer`
   * (RFC 4861), without which no IPv6 packet crosses the link.
   */
  | {
      cause: 'firewall-drops'; ns: Ns; hook: string; traffic: string; rule: string; fix: string; certain: boolean;
      neighbourDiscovery?: { peer: Ns };
      /** When not certain: the rule whose matches nslab cannot decide (when it is not `rule`), and those matches in words. */
      undecided?: { rule?: string; matches: string[] };
    }
  /** 10: a bridge's veth end exists but is not a port of the bridge (no master / not in the OVS bridge). */
  | { cause: 'port-detached'; port: Port; bridge: string; ovs: boolean; other?: Port }
  /** 14: an Open vSwitch bridge in the database without a datapath (no kernel device). */
  | { cause: 'ovs-no-datapath'; bridge: string; datapathType: string; available: string[] }
  /** 15: an Open vSwitch port that could not be attached (ofport -1, the Interface's error). */
  | { cause: 'ovs-port-unattached'; bridge: string; port: string; error?: string; movedTo?: Port; peer?: Port }
  /** 16: the two ends of a veth pair have different MTUs: packets larger than the smaller one are lost (`family` 6: an IPv6 ping's, 48 header bytes). */
  | { cause: 'mtu-mismatch'; near: Port; nearMtu: number; far: Port; farMtu: number; size?: number; family?: 6 }
  /** 17: TCP across an OVS userspace-datapath bridge fails while ping works: TX checksum offload on the ends that send into it. */
  | { cause: 'tcp-checksum-offload'; bridge: string; ends: Port[]; address: string; port: number }
  /** The path is clear but nothing listens: the connection was refused. */
  | { cause: 'tcp-refused'; ns: Ns; address: string; port: number }
  /** Refused, and the scenario's `background` server for that port in that namespace has exited. */
  | { cause: 'server-exited'; ns: Ns; address: string; port: number; server: ExitedServer }
  /** The path is clear, yet the TCP connection failed for a reason nslab does not see. */
  | { cause: 'tcp-fails'; address: string; port: number; message: string };

/**
 * A scenario's `background` command that ended by itself (a server that could not bind its
 * port), as the runner saw it: facts handed to the diagnosis, which has no runner of its own.
 */
export interface ExitedServer {
  /** The command as written. */
  command: string;
  /** The step that started it. */
  step: number;
  /**
   * The namespace it ran in (`ip netns exec NS ...`, `nsenter --net=/run/netns/NS ...`;
   * undefined for the sandbox's root namespace); `unknown` when the text does not say (`$NS`).
   */
  ns: Ns | 'unknown';
  /** The program it ran (`socat`, `python3`); undefined when none is named. */
  program?: string;
  /** The port numbers its words name, as a local port (`TCP-LISTEN:8080`, `-p 8080`, `http.server 8080`). */
  ports: number[];
  /** Its exit status; null when it was killed by a signal or the status could not be read. */
  exitCode: number | null;
  /** The last lines of its output (stdout and stderr). */
  output: string;
}

/** The cause names. */
export type Cause = Finding['cause'];

/** The finding of one cause, narrowed. */
export type FindingOf<C extends Cause> = Extract<Finding, { cause: C }>;

/** One hop of the walk: a namespace handing the packet on (or receiving it). */
export interface Hop {
  direction: Direction;
  /** Where the packet is. */
  from: Ns;
  /** Where it goes next; undefined when the hop is broken before a next namespace is known. */
  to?: Ns;
  /** Egress interface in `from`. */
  dev?: string;
  /** `10.0.1.2 → gw 10.0.1.1`, `10.0.1.2 → 10.0.2.2`, `10.0.1.2 is H1's own`. */
  detail: string;
  ok: boolean;
  /** What may break the hop although it holds (an MTU mismatch, a rule that may drop), in words. */
  warnings?: Explanation[];
}

/** A finding in words. */
export interface Explanation {
  /** One or two plain sentences: what is wrong and why it breaks the path. */
  because: string;
  /** Commands in the tutorial's own style (`ip netns exec H1 ip route add ...`), when there is a fix to give. */
  fix?: string;
}

/** The result of {@link why}. */
export interface WhyResult {
  src: Ns;
  /** DST as given, and the address it resolved to. */
  dst: string;
  address?: string;
  /** Hops walked, forward then back, ending at the first broken one. */
  hops: Hop[];
  /** Set when the path is broken. */
  finding?: Finding;
  explanation?: Explanation;
  /** True when every hop there and back is ✔ (and the TCP connection, when asked for, was accepted). */
  ok: boolean;
  /** What may break the path although every hop holds (the hops' warnings, as findings). */
  warnings: Finding[];
  /** The TCP connection tried after the walk (`why --tcp PORT`), when asked for and the walk was clear. */
  tcp?: { port: number; outcome: string; message?: string };
  /** Wall time of the diagnosis, in ms. */
  durationMs: number;
}

/** What `why` sends: a ping (ICMP echo) unless a TCP port is given; `size` is ping's -s (ICMP data bytes). */
export interface WhyOptions {
  /** ICMP data bytes of the ping being explained (`ping -s`); the IP packet is 28 bytes more. */
  size?: number;
  /** Diagnose a TCP connection to this port instead of a ping. */
  tcpPort?: number;
  /** The connection attempt already made (the `tcp` check's); `why` makes one itself otherwise. */
  tcpAttempt?: { outcome: string; message?: string };
  /**
   * The family a namespace DST resolves to (an explained `ping -6`, `why --6`); without it, IPv4
   * when both ends have an IPv4 address, else IPv6. An address DST has its own family.
   */
  family?: 4 | 6;
}

/** How a namespace is named in messages: its name, or `host` for the root namespace. */
export function nsLabel(ns: Ns): string {
  return ns ?? 'host';
}

/** Where a hop goes, as the why report writes it: `R → H2 via R-eth2`; `?` where no next namespace was found. */
export function hopPath(hop: Hop): string {
  // A hop that holds always has its next namespace: undefined there is the root namespace.
  const to = hop.ok || hop.to !== undefined ? nsLabel(hop.to) : '?';
  const via = hop.dev === undefined ? '' : ` via ${hop.dev}`;
  return `${nsLabel(hop.from)} → ${to}${via}`;
}
