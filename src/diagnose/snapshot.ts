/**
 * The state of every namespace `why` may cross, read once: links with their addresses for all
 * namespaces up front (DST may be anywhere), routes, sysctls and nsid tables on first use.
 * Reads go through a {@link StateReader}, so a check that already read a namespace's links
 * (the ping check) shares them.
 */
import type { Exec } from '../sandbox/types.js';
import { readNetFilterFacts, type NetFilterFacts, type NetSysctls } from '../state/read-net-sysctls.js';
import type { IptablesFamily, IptablesTable } from '../state/read-iptables.js';
import { readNetnsIds } from '../state/read-netns-ids.js';
import type { NftRuleset } from '../state/read-nft-ruleset.js';
import { readOvs, type OvsState } from '../state/read-ovs.js';
import { readTxChecksumming } from '../state/read-tx-checksum.js';
import type { StateReader } from '../state/state-reader.js';
import type { LinkInfo, RouteInfo, RuleInfo, StateResult } from '../state/types.js';
import { EnvironmentError } from '../util/errors.js';
import type { Family } from './ip-address.js';
import type { Ns } from './types.js';

/** An interface found in the snapshot. */
export interface Located {
  ns: Ns;
  link: LinkInfo;
}

/** One read of the emulation. Every method answers from memory after its first call per argument. */
export interface Snapshot {
  /** Named namespaces, sorted. */
  readonly namespaces: readonly string[];
  /** Links (with addresses) of a namespace; [] for one that vanished meanwhile. */
  links(ns: Ns): readonly LinkInfo[];
  /**
   * A routing table of a namespace (`ip [-6] -json route show table T`): the IPv4 main table
   * unless `table`/`family` say otherwise; a table that does not exist is empty. IPv6 routes
   * are read only when asked for (an IPv4 walk never does).
   */
  routes(ns: Ns, options?: { table?: string; family?: Family }): Promise<readonly RouteInfo[]>;
  /** The policy routing rules of a namespace (`ip rule show`), IPv4 unless `family` is 6. */
  rules(ns: Ns, family?: Family): Promise<readonly RuleInfo[]>;
  /** ip_forward, rp_filter and IPv6 forwarding of a namespace. */
  sysctls(ns: Ns): Promise<NetSysctls>;
  /**
   * The other end of a veth: `outside` when it is in a namespace that is neither named nor the
   * root one, undefined for a link that is not a veth.
   */
  peer(ns: Ns, link: LinkInfo): Promise<Located | 'outside' | undefined>;
  /** Interfaces carrying an address (IPv4 or IPv6, canonical text), in namespace order. */
  owners(address: string): Located[];
  /** The nftables ruleset of a namespace (`nft -j list ruleset`); empty when nft is missing. */
  firewall(ns: Ns): Promise<NftRuleset>;
  /** `iptables -t TABLE -S` of a namespace (`ip6tables` for family `ip6`; `-P`, `-N`, `-A` lines); [] when it cannot say. */
  iptablesTable(ns: Ns, table: IptablesTable, family?: IptablesFamily): Promise<string[]>;
  /** Open vSwitch's bridges and ports (vswitchd runs in the root namespace); none when it is not running. */
  ovs(): Promise<OvsState>;
  /** `tx-checksumming` of an interface (ethtool -k); undefined when ethtool cannot say. */
  txChecksumming(ns: Ns, ifname: string): Promise<boolean | undefined>;
  /** Where the state is read, for probes that are not reads (the TCP connection of `why --tcp`). */
  readonly exec: Exec;
}

function unwrap<T>(read: StateResult<T>, empty: T): T {
  if (read.ok) return read.value;
  // A namespace deleted between `ip netns list` and its read is simply empty.
  if (read.reason === 'no-such-namespace') return empty;
  throw new EnvironmentError(`cannot read the network state: ${read.message}`);
}

/**
 * Thrown by a partial snapshot's `links`/`owners` (and what uses them) for links it has not read
 * yet: the caller reads them with {@link PartialSnapshot.load} and starts its walk again.
 */
export class LinksNotRead extends Error {
  constructor(readonly ns: Ns | 'all') {
    super(`the links of ${ns === 'all' ? 'every namespace' : (ns ?? 'the root namespace')} are not read yet`);
  }
}

/** A snapshot that reads the links of a namespace only when asked to. */
export interface PartialSnapshot extends Snapshot {
  /** Reads the links of one namespace (or of all) into the snapshot. */
  load(ns: Ns | 'all'): Promise<void>;
}

/**
 * Reads the namespace list and every namespace's links (root included), in parallel.
 * @param reader memoizing reader over the Exec to diagnose (sandbox or host).
 * @throws EnvironmentError when the root namespace cannot be read (no `ip`, no privilege).
 */
export async function takeSnapshot(reader: StateReader): Promise<Snapshot> {
  return takePartialSnapshot(reader, 'all');
}

/**
 * Reads the namespace list and the links of `first` only; `links(ns)` of another namespace
 * throws {@link LinksNotRead} until `load(ns)`. Why: `why` under a failing ping (a run shows one
 * for every expected failure) mostly needs one or two namespaces — "no route" is found in the
 * source alone — and each namespace read is an `ip -json -details address` process (docs/performance.md, "Costs behind the code").
 * @param first the namespaces to read at once (undefined: the root namespace), or `all`
 * @param family the family of the walk: `first`'s routes of that family are read up front
 * @throws EnvironmentError when the root namespace cannot be read (no `ip`, no privilege).
 */
export async function takePartialSnapshot(reader: StateReader, first: readonly Ns[] | 'all', family: Family = 4): Promise<PartialSnapshot> {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, read());
    return memo.get(key) as Promise<T>;
  };
  const facts = (ns: Ns): Promise<NetFilterFacts> =>
    once(`facts\0${ns ?? ''}`, async () =>
      unwrap(await readNetFilterFacts(reader.exec, ns), { sysctls: { ipForward: 0, rpFilter: {}, ipv6Forwarding: {} }, ruleset: { chains: [] }, rules: { 4: [], 6: [] } }));
  const nsids = (ns: Ns) => once(`ids\0${ns ?? ''}`, async () => unwrap(await readNetnsIds(reader.exec, ns), new Map()));
  // What every walk from `first` reads first — its links, its routes and rules (the route
  // lookup), its nsid table (the peers of its veths) and its sysctls and firewall — is read
  // while the namespace list is, each in its own probe process: one round of waiting instead of five (the reader memoizes; a read of a
  // namespace that turns out not to exist answers "no such namespace", i.e. empty).
  const early = first === 'all' ? [] : [...first];
  for (const ns of early) {
    // Errors surface where the walk awaits the same (memoized) promise.
    for (const read of [reader.links(ns), reader.routes(ns, family), nsids(ns), facts(ns)]) read.catch(() => {});
  }
  const named = await reader.namespaces();
  const namespaces = [...unwrap(named, [])].sort();
  const links = new Map<Ns, readonly LinkInfo[]>();
  const known = (ns: Ns): boolean => ns === undefined || namespaces.includes(ns);
  const loadOne = async (ns: Ns): Promise<void> => {
    if (!links.has(ns)) links.set(ns, unwrap(await reader.links(ns), []));
  };
  const load = async (which: Ns | 'all'): Promise<void> => {
    await Promise.all((which === 'all' ? [undefined, ...namespaces] : [which]).filter(known).map(loadOne));
  };
  if (first === 'all') await load('all');
  else await Promise.all(first.filter(known).map(loadOne));
  // A namespace that is not in the list (vanished, or a name from another table) has no links.
  const linksOf = (ns: Ns): readonly LinkInfo[] => {
    const read = links.get(ns);
    if (read !== undefined) return read;
    if (known(ns)) throw new LinksNotRead(ns);
    return [];
  };
  const exec = reader.exec;
  return {
    exec,
    namespaces,
    load,
    firewall: async (ns) => (await facts(ns)).ruleset,
    iptablesTable: async (ns, table, family) => {
      const read = await reader.iptables(ns, table, family);
      return read.ok ? read.value : [];
    },
    ovs: () => once('ovs', async () => unwrap(await readOvs(exec), { bridges: [], datapathTypes: [] })),
    txChecksumming: (ns, ifname) =>
      once(`tx\0${ns ?? ''}\0${ifname}`, async () => {
        const r = await readTxChecksumming(exec, ns, ifname);
        return r.ok ? r.value : undefined;
      }),
    links: linksOf,
    routes: async (ns, options = {}) => unwrap(await reader.routes(ns, options.family ?? 4, options.table ?? 'main'), []),
    rules: async (ns, family = 4) => (await facts(ns)).rules[family],
    sysctls: async (ns) => (await facts(ns)).sysctls,
    async peer(ns, link) {
      if (link.kind !== 'veth') return undefined;
      if (link.linkNetnsId === undefined) {
        // Both ends in one namespace: ip names the peer in `link`.
        const same = linksOf(ns).find((l) => l.name === link.peer || l.ifindex === link.peerIfindex);
        return same ? { ns, link: same } : 'outside';
      }
      let ids = await nsids(ns);
      // The kernel gives a peer namespace its id when something first asks (the link dump that
      // printed `link_netnsid` may run after the early nsid read): read the table again once.
      if (!ids.has(link.linkNetnsId)) ids = await once(`ids-again\0${ns ?? ''}`, async () => unwrap(await readNetnsIds(reader.exec, ns), new Map()));
      if (!ids.has(link.linkNetnsId)) return 'outside';
      const name = ids.get(link.linkNetnsId);
      // An id without a name is the root namespace if the root has the reciprocal end;
      // otherwise some unnamed namespace (a container's) outside the emulation.
      const candidates: Ns[] = name !== undefined ? [name] : ns === undefined ? [] : [undefined];
      for (const other of candidates) {
        const end = linksOf(other).find((l) => l.ifindex === link.peerIfindex && l.kind === 'veth');
        if (end && (end.peerIfindex === undefined || end.peerIfindex === link.ifindex)) return { ns: other, link: end };
      }
      return 'outside';
    },
    owners(address) {
      if (links.size < namespaces.length + 1) throw new LinksNotRead('all');
      const found: Located[] = [];
      for (const ns of [...namespaces, undefined]) {
        for (const link of linksOf(ns)) {
          if (link.addresses.some((a) => a.address === address)) found.push({ ns, link });
        }
      }
      return found;
    },
  };
}
