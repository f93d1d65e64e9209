/**
 * The check language: a step's postconditions, one per line of a `check` block.
 *
 *     [NAMESPACE:] PREDICATE [within DURATION]
 *
 * Without `NAMESPACE:` a check looks at the runner's root namespace (the sandbox's, or the
 * host's with `--host`).
 */
import type { RuleInfo } from '../state/types.js';

/**
 * The selectors of a `rule` check, as written (prefixes canonical), in the fields a rule read
 * from the kernel has; the priority only when given.
 */
export type RuleSelector = Pick<RuleInfo, 'not' | 'from' | 'to' | 'iif' | 'oif' | 'fwmark'> & { priority?: number; table: string };

/** What a check asserts about the live network state. */
export type Predicate =
  /** `namespace NAME exists` / `namespace NAME is absent` (as `ip netns list` shows it). */
  | { kind: 'namespace'; name: string; present: boolean }
  /** `link IF exists` / `link IF is absent`. */
  | { kind: 'link-exists'; ifname: string; present: boolean }
  /** `link IF is up` / `link IF is down` (administrative state, the UP flag). */
  | { kind: 'link-state'; ifname: string; up: boolean }
  /** `link IF has address CIDR`: address with prefix length, e.g. `10.0.1.2/24`. */
  | { kind: 'link-address'; ifname: string; cidr: string; inPrefix?: boolean }
  /** `link IF lacks address CIDR`: the interface is there, without that address (e.g. after `ip addr del`). */
  | { kind: 'link-lacks-address'; ifname: string; cidr: string; inPrefix?: boolean }
  /**
   * `route default via GW [dev IF]`, `route CIDR via GW [dev IF]`, `route CIDR dev IF`, each
   * with `table T` for another routing table than main (policy routing, ip-rule(8)).
   */
  | { kind: 'route'; destination: string; via?: string; dev?: string; table?: string }
  /** `no route default`, `no route CIDR`, with `table T`; `default` means both families' defaults. */
  | { kind: 'no-route'; destination: string; table?: string }
  /**
   * `[no] rule [pref N] [not] [from CIDR|all] [to CIDR] [iif IF] [oif IF] [fwmark M] lookup T`
   * (ip-rule(8)): a policy routing rule with exactly these selectors (and priority, when given).
   */
  | { kind: 'rule'; present: boolean; selector: RuleSelector }
  /** `sysctl KEY = VALUE`. */
  | { kind: 'sysctl'; key: string; value: string }
  /** `ping ADDR succeeds`, `ping ADDR fails`, `ping ADDR fails with "TEXT"`. */
  | { kind: 'ping'; address: string; succeeds: boolean; text?: string }
  /** `bridge NAME has ports IF...` (Open vSwitch or Linux bridge). */
  | { kind: 'bridge-ports'; bridge: string; ports: string[] }
  /** `link IF has mtu N` (bytes, the interface's MTU as `ip link` shows it). */
  | { kind: 'link-mtu'; ifname: string; mtu: number }
  /** `link IF is in bridge B`: a port of Linux bridge B (its master) or of Open vSwitch bridge B. */
  | { kind: 'link-bridge'; ifname: string; bridge: string }
  /** `neighbor ADDR is reachable|incomplete|failed|absent` (the namespace's neighbor table). */
  | { kind: 'neighbor'; address: string; state: NeighborExpectation }
  /** `bridge B has learned MAC on PORT`, `bridge B has learned NS:IF on PORT` (forwarding database). */
  | { kind: 'bridge-learned'; bridge: string; station: Station; port: string }
  /** `file PATH contains "TEXT"` / `file PATH lacks "TEXT"` (PATH absolute, read inside the sandbox). */
  | { kind: 'file-text'; path: string; text: string; contains: boolean }
  /** `capture FILE shows "TEXT" [N times | at least N times]` (lines of `tcpdump -n -r FILE`). */
  | { kind: 'capture'; file: string; text: string; count: { n: number; atLeast: boolean } }
  /** `path SRC to DST is clear`: `nslab why SRC DST` finds every hop there and back ✔. */
  | { kind: 'path'; src: string; dst: string }
  /** `tcp ADDR:PORT accepts` / `tcp ADDR:PORT refuses` (a connection from the namespace; IPv6 as `[ADDR]:PORT`). */
  | { kind: 'tcp'; address: string; port: number; accepts: boolean }
  /**
   * `tcp|udp ADDR:PORT is listening` / `is not listening`: a socket of the namespace (`ss`)
   * bound there; address `*` = on any address. A wildcard-bound socket counts for every address of its family.
   */
  | { kind: 'listening'; proto: 'tcp' | 'udp'; address: string; port: number; listening: boolean }
  /** `process NAME is running` / `is not running`: a process whose network namespace is the check's. */
  | { kind: 'process'; name: string; running: boolean }
  /**
   * `nat masquerades PREFIX [out IF]` (`to` undefined) / `nat translates PREFIX [out IF] to ADDR`:
   * the namespace's NAT (nftables, iptables-nft) rewrites the source of every packet from PREFIX
   * leaving by IF (by any interface without `out`) — to the outgoing interface's address, or to ADDR.
   */
  | { kind: 'source-nat'; source: string; out?: string; to?: string }
  /**
   * `nat forwards tcp|udp ADDR:PORT [in IF] to ADDR2[:PORT2]`: connections arriving for ADDR:PORT
   * have their destination rewritten to ADDR2:PORT2 (port publishing); no PORT2 = the port is kept.
   */
  | { kind: 'destination-nat'; proto: 'tcp' | 'udp'; address: string; port: number; in?: string; to: string; toPort?: number }
  /** `firewall accepts|drops FLOW`: what the namespace's packet filter does with a flow's first packet. */
  | { kind: 'firewall'; accepts: boolean; flow: Flow }
  /**
   * A predicate that uses the scenario's shell variables (`ping $ADDR succeeds`): kept as
   * written until their values are known, then expanded and parsed (session-variables.ts).
   * `keyword` is its first word (`ping`), which names what kind of check it will be.
   */
  | { kind: 'template'; text: string; keyword: string; variables: string[] }
  /**
   * A ```` ```zx {check} ```` block: a zx script that holds when it ends without `fail(...)` or
   * an error (src/zx/). `summary` says what it checks (its first `//` comment, else its first
   * line); `variables` are the session variables it reads as `process.env.NAME`.
   */
  | { kind: 'zx'; script: string; firstLine: number; summary: string; variables: string[]; timeoutMs: number };

/**
 * A flow for a `firewall` check: `icmp` (a ping's echo request), `tcp` or `udp` with an optional
 * destination port, from and to an IPv4 address or prefix (any when absent), in and out of
 * interfaces (found from the routes when absent).
 */
export interface Flow {
  proto: 'icmp' | 'tcp' | 'udp';
  from?: string;
  to?: string;
  port?: number;
  in?: string;
  out?: string;
}

/**
 * What `neighbor ADDR is ...` expects: `reachable` = resolved (a link-layer address in state
 * REACHABLE, STALE, DELAY, PROBE, PERMANENT or NOARP); the others name the entry's state, or
 * its absence (ip-neighbour(8), NUD states).
 */
export type NeighborExpectation = 'reachable' | 'incomplete' | 'failed' | 'absent';

/**
 * A station a bridge may have learned: a MAC address as written (lower case), or the MAC of
 * interface `ifname` in namespace `namespace` (`host` = the root namespace), read live.
 */
export type Station = { mac: string } | { namespace: string; ifname: string };

/** All predicate kinds, for tables keyed by kind. */
export type PredicateKind = Predicate['kind'];

/** One parsed check line. */
export interface Check {
  /** The line as written, trimmed. */
  source: string;
  /** 1-based line in the scenario file. */
  line: number;
  /** Network namespace to look in; undefined = the runner's root namespace. */
  namespace?: string;
  predicate: Predicate;
  /** `within 3s`: retry until it holds or this many ms have passed; undefined = evaluate once. */
  withinMs?: number;
}

/** The result of evaluating a check once (or until `within` ran out). */
export interface CheckResult {
  check: Check;
  passed: boolean;
  /** What was expected, in the field's terms, e.g. `R: sysctl net.ipv4.ip_forward = 1`. */
  expected: string;
  /** What was found, e.g. `net.ipv4.ip_forward = 0`, `H1 has no default route`. */
  found: string;
  /** Wall time spent, in ms, retries included. */
  durationMs: number;
}
