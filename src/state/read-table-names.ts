/**
 * The names of routing tables, as iproute2 reads them: `ip route add ... table rt2` and `ip rule
 * add ... lookup rt2` take a name, `ip rule` prints one, from these files (lib/rt_names.c):
 *
 * - `/etc/iproute2/rt_tables`, or, when it does not exist, `/usr/share/iproute2/rt_tables`
 *   (where newer iproute2 releases ship the file; Debian 12's iproute2 6.1 reads /etc only, and
 *   ships the file there);
 * - then every `*.conf` file in `/etc/iproute2/rt_tables.d/`.
 *
 * Each line is `NUMBER NAME` (the number decimal or `0x` hexadecimal), `#` starts a comment. The
 * kernel knows only numbers: `local` 255, `main` 254 and `default` 253 are built into iproute2.
 * The files are read by a process in the namespace's view of the file system: `ip -n NS` and
 * `ip netns exec NS` show it `/etc/netns/NS/` over `/etc` (ip-netns(8)), so the names are the
 * ones the student's `ip` commands used.
 */
import type { Exec } from '../sandbox/types.js';
import { failureOf, inNamespace, READ_TIMEOUT_MS } from './run-ip.js';
import type { StateResult } from './types.js';

/** The tables iproute2 names without any file (rt_names.c), by number. */
export const STANDARD_TABLES: ReadonlyMap<number, string> = new Map([[255, 'local'], [254, 'main'], [253, 'default']]);

/**
 * A table as nslab keeps it (RuleInfo.table, a route read's table): `local`, `main` and
 * `default` by name, any other by number; `ip -N` prints `254` for main. A name from `ip`
 * without `-N` (`rt2`) stays as it is.
 */
export function tableOf(printed: string): string {
  return /^[0-9]+$/.test(printed) ? (STANDARD_TABLES.get(Number(printed)) ?? printed) : printed;
}

/** The number of a table kept as {@link tableOf} keeps it; undefined for a name from a file. */
export function tableNumber(table: string): number | undefined {
  if (/^[0-9]+$/.test(table)) return Number(table);
  for (const [id, name] of STANDARD_TABLES) if (name === table) return id;
  return undefined;
}

/** Routing table names in both directions. */
export interface TableNames {
  /** Table number → name (the last line naming the number wins, as `ip rule` prints it). */
  names: ReadonlyMap<number, string>;
  /** Name → table number (the last line with the name wins). */
  numbers: ReadonlyMap<string, number>;
}

/** The largest table number (TABLE_ID in ip-route(8): 2^32 - 1). */
const MAX_TABLE = 0xffffffff;

// `cat` of each file that exists, in the order iproute2 reads them; nothing is pasted in.
const SCRIPT = [
  'if [ -e /etc/iproute2/rt_tables ]; then cat /etc/iproute2/rt_tables; else cat /usr/share/iproute2/rt_tables 2>/dev/null; fi',
  'for f in /etc/iproute2/rt_tables.d/*.conf; do if [ -f "$f" ]; then echo; cat "$f"; fi; done',
  'exit 0',
].join('\n');

/**
 * Reads the table names a namespace's `ip` commands see (see the module comment).
 * @param exec runs `[ip netns exec NS] sh -c SCRIPT` (a fixed script)
 * @param ns namespace; undefined = the root namespace
 * @returns the names, the standard three included; a failure only when the namespace is missing
 *   or sh fails (missing files are no names)
 */
export async function readTableNames(exec: Exec, ns: string | undefined): Promise<StateResult<TableNames>> {
  const result = await exec(inNamespace(ns, ['sh', '-c', SCRIPT]), { timeoutMs: READ_TIMEOUT_MS });
  if (result.exitCode !== 0) return failureOf(result, ns);
  return { ok: true, value: parseTableNames(result.stdout ?? result.output) };
}

/**
 * The names in the text of rt_tables files, one after the other.
 * @param text the files' lines; a line that is not `NUMBER NAME` (after blanks, before a `#`
 *   comment) is skipped, as is a number above 2^32 - 1
 * @returns the names, with `local`, `main` and `default` (which a file may not rename)
 */
export function parseTableNames(text: string): TableNames {
  const names = new Map<number, string>();
  const numbers = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^\s*(0x[0-9a-f]+|[0-9]+)\s+([^\s#]+)\s*(?:#.*)?$/i.exec(line);
    if (!m) continue;
    const id = Number(m[1]);
    if (id > MAX_TABLE) continue;
    names.set(id, m[2]!);
    numbers.set(m[2]!, id);
  }
  for (const [id, name] of STANDARD_TABLES) {
    names.set(id, name);
    numbers.set(name, id);
  }
  return { names, numbers };
}

/**
 * A table as a check's found text shows it: `main`, `100`, or `100 (rt2)` when `names` name it.
 * @param table a RuleInfo's table (`main`, `100`) or a check's resolved table
 */
export function describeTable(table: string, names?: TableNames): string {
  const name = /^[0-9]+$/.test(table) ? names?.names.get(Number(table)) : undefined;
  return name === undefined || name === table ? table : `${table} (${name})`;
}
