/**
 * The routing table a check names (`route ... table T`, `rule ... lookup T`), by number: the
 * kernel knows tables only by number, and `ip rule` prints a name for any number that
 * /etc/iproute2/rt_tables names (`lookup rt2` for table 100), so checks compare numbers. A
 * check may name a table as the student's commands do; its number is looked up in the
 * namespace's rt_tables (state/read-table-names.ts) when the check is evaluated.
 */
import type { StateReader } from '../state/state-reader.js';
import { tableNumber, tableOf, type TableNames } from '../state/read-table-names.js';
import { describePlace } from './describe-check.js';
import { failedRead, type Verdict } from './evaluate-context.js';

/** A check's table resolved: as nslab keeps tables (`main`, `100`: read-table-names.ts), and the names to show. */
export interface CheckTable {
  /** `main`, `local`, `default` or the number, as RuleInfo.table and the route reads take it. */
  table: string;
  names: TableNames;
}

/**
 * Looks up the number of a check's table in the namespace's rt_tables.
 * @param table the check's word: `main`, a number, or a name
 * @param ns the check's namespace (its view of /etc/iproute2)
 * @param reader the round's reader
 * @returns the table, or the failing verdict: the names cannot be read, or no file names it
 *   (then neither `ip route add ... table NAME` nor `ip rule add ... lookup NAME` would work,
 *   and whether there is such a route or rule cannot be said)
 */
export async function resolveTable(table: string, ns: string | undefined, reader: StateReader): Promise<{ ok: true; value: CheckTable } | { ok: false; verdict: Verdict }> {
  const read = await reader.tableNames(ns);
  if (!read.ok) return { ok: false, verdict: failedRead(read) };
  const id = tableNumber(table) ?? read.value.numbers.get(table);
  if (id === undefined) {
    const found = `${describePlace(ns)} has no routing table named ${table}: /etc/iproute2/rt_tables and rt_tables.d/*.conf do not name it`;
    return { ok: false, verdict: { passed: false, found } };
  }
  return { ok: true, value: { table: tableOf(String(id)), names: read.value } };
}

/** Whether a table word needs rt_tables to be shown or compared: not `main`, `local` or `default`. */
export function needsNames(table: string | undefined): table is string {
  return table !== undefined && !/^(main|local|default)$/.test(table);
}
