/**
 * A memoizing view of the state for one evaluation round: several checks on the same
 * namespace share one `ip -json address` read. Create one per round (e.g. per step's checks),
 * then drop it — it never refreshes.
 */
import type { Exec } from '../sandbox/types.js';
import { listNamespaces } from './list-namespaces.js';
import { readBridgePorts, readOvsPortBridge, type OvsPortBridge } from './read-bridge-ports.js';
import { readCapture, type CaptureRead } from './read-capture.js';
import { readLinuxFdb, readOvsFdb } from './read-fdb.js';
import { searchFile, type FileSearch } from './read-file-text.js';
import { linksToAddresses, readLinks } from './read-interfaces.js';
import { readIptablesRules, type IptablesFamily, type IptablesTable } from './read-iptables.js';
import { readIptablesLegacy } from './read-iptables-legacy.js';
import { readNeighbors } from './read-neighbors.js';
import { readNftRuleset, type NftRuleset } from './read-nft-ruleset.js';
import { readProcesses, type ProcessInfo } from './read-processes.js';
import { readRoutes } from './read-routes.js';
import { readRules } from './read-rules.js';
import { readTableNames, type TableNames } from './read-table-names.js';
import { readListeningSockets, type ListeningSocket } from './read-sockets.js';
import { readSysctl } from './read-sysctl.js';
import type { AddressInfo, BridgeState, FdbEntry, LinkInfo, NeighborInfo, RouteInfo, RuleInfo, StateResult } from './types.js';

/** Same functions as the `read*` modules, memoized per argument; ns undefined = root namespace. */
export interface StateReader {
  /** The Exec reads go through (for commands that are not state reads, such as ping). */
  readonly exec: Exec;
  namespaces(): Promise<StateResult<string[]>>;
  links(ns?: string): Promise<StateResult<LinkInfo[]>>;
  addresses(ns?: string): Promise<StateResult<AddressInfo[]>>;
  /** A routing table (`table`, default main) of one family (default 4). */
  routes(ns?: string, family?: 4 | 6, table?: string): Promise<StateResult<RouteInfo[]>>;
  sysctl(ns: string | undefined, key: string): Promise<StateResult<string>>;
  rules(ns: string | undefined, family: 4 | 6): Promise<StateResult<RuleInfo[]>>;
  /** The routing table names the namespace's `ip` commands see (rt_tables). */
  tableNames(ns: string | undefined): Promise<StateResult<TableNames>>;
  bridge(name: string, ns?: string): Promise<StateResult<BridgeState>>;
  neighbors(ns?: string): Promise<StateResult<NeighborInfo[]>>;
  /** Learned entries of bridge `name` (Linux in ns, else Open vSwitch); a failure names a missing bridge. */
  fdb(name: string, ns?: string): Promise<StateResult<FdbEntry[]>>;
  ovsPortBridge(port: string): Promise<OvsPortBridge>;
  fileSearch(ns: string | undefined, path: string, text: string): Promise<StateResult<FileSearch>>;
  capture(ns: string | undefined, file: string): Promise<StateResult<CaptureRead>>;
  /** The nftables ruleset (iptables-nft's rules included); `unavailable` when nft is not installed. */
  ruleset(ns?: string): Promise<StateResult<NftRuleset>>;
  /** `iptables -t TABLE -S` lines (`ip6tables` for family `ip6`); none when it is missing or cannot list the table. */
  iptables(ns: string | undefined, table: IptablesTable, family?: IptablesFamily): Promise<StateResult<string[]>>;
  /** iptables-legacy's rules that make a difference (read-iptables-legacy.ts); ask only when the ruleset says `legacy`. */
  iptablesLegacy(ns: string | undefined): Promise<StateResult<string[]>>;
  /** Listening TCP and bound UDP sockets (`ss -Hltnup`). */
  sockets(ns?: string): Promise<StateResult<ListeningSocket[]>>;
  /** Processes whose network namespace is ns. */
  processes(ns?: string): Promise<StateResult<ProcessInfo[]>>;
}

/**
 * Creates a reader whose results are computed once per distinct argument (concurrent callers
 * share the same in-flight read).
 * @param exec the sandbox's exec.
 */
export function createStateReader(exec: Exec): StateReader {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let value = memo.get(key) as Promise<T> | undefined;
    if (value === undefined) {
      value = read();
      memo.set(key, value);
    }
    return value;
  };
  // NUL cannot occur in names, so it separates key parts unambiguously.
  const k = (...parts: Array<string | number | undefined>): string => parts.map((p) => p ?? '').join('\0');
  const reader: StateReader = {
    exec,
    namespaces: () => once('netns', () => listNamespaces(exec)),
    links: (ns) => once(k('links', ns), () => readLinks(exec, ns)),
    addresses: async (ns) => linksToAddresses(await reader.links(ns)),
    routes: (ns, family = 4, table = 'main') => once(k('routes', ns, family, table), () => readRoutes(exec, ns, family, table)),
    sysctl: (ns, key) => once(k('sysctl', ns, key), () => readSysctl(exec, ns, key)),
    rules: (ns, family) => once(k('rules', ns, family), () => readRules(exec, ns, family)),
    tableNames: (ns) => once(k('rt_tables', ns), () => readTableNames(exec, ns)),
    bridge: (name, ns) => once(k('bridge', name, ns), () => readBridgePorts(exec, name, ns)),
    neighbors: (ns) => once(k('neigh', ns), () => readNeighbors(exec, ns)),
    fdb: (name, ns) => once(k('fdb', name, ns), () => readFdb(reader, name, ns)),
    ovsPortBridge: (port) => once(k('port-to-br', port), () => readOvsPortBridge(exec, port)),
    fileSearch: (ns, path, text) => once(k('file', ns, path, text), () => searchFile(exec, ns, path, text)),
    capture: (ns, file) => once(k('capture', ns, file), () => readCapture(exec, ns, file)),
    ruleset: (ns) => once(k('nft', ns), () => readNftRuleset(exec, ns)),
    iptables: (ns, table, family = 'ip') => once(k('iptables', ns, table, family), () => readIptablesRules(exec, ns, table, family)),
    iptablesLegacy: (ns) => once(k('iptables-legacy', ns), () => readIptablesLegacy(exec, ns)),
    sockets: (ns) => once(k('ss', ns), () => readListeningSockets(exec, ns)),
    processes: (ns) => once(k('ps', ns), () => readProcesses(exec, ns)),
  };
  return reader;
}

/** The forwarding database of whichever bridge is called `name`: Linux bridge in ns, else Open vSwitch. */
async function readFdb(reader: StateReader, name: string, ns: string | undefined): Promise<StateResult<FdbEntry[]>> {
  const bridge = await reader.bridge(name, ns);
  if (!bridge.ok) return bridge;
  const { kind, ports, note } = bridge.value;
  if (kind === 'linux') return readLinuxFdb(reader.exec, name, ns);
  if (kind === 'openvswitch') return readOvsFdb(reader.exec, name, ports);
  return { ok: false, reason: 'failed', message: `bridge ${name} does not exist${note !== undefined ? ` (Open vSwitch: ${note})` : ''}` };
}
