/**
 * `route DEST [via GW] [dev IF] [table T]` and `no route DEST [table T]`, against a routing table
 * (main unless `table` says otherwise) of the family the destination or gateway names; `default`
 * without a gateway means the default route of either family (ip-route(8) shows both as
 * `default`): `no route default` holds only when there is neither. A table other than main,
 * local and default is read by number, a name looked up in the namespace's rt_tables
 * (routing-table.ts).
 */
import { formatRoute } from '../state/read-routes.js';
import { describeTable } from '../state/read-table-names.js';
import type { RouteInfo } from '../state/types.js';
import { ipFamily, normalizeAddress, normalizeDestination } from '../util/cidr.js';
import { describePlace } from './describe-check.js';
import { failedRead, isFailure, type Evaluator } from './evaluate-context.js';
import type { Predicate } from './model.js';
import { needsNames, resolveTable } from './routing-table.js';

type RoutePredicate = Extract<Predicate, { kind: 'route' | 'no-route' }>;

/**
 * The address families whose routing tables a route check reads.
 * @returns [6] when the destination or the gateway is IPv6, [4] when either is IPv4, and both
 *   for `default` with no gateway
 */
export function routeFamilies(p: RoutePredicate): Array<4 | 6> {
  const via = 'via' in p ? p.via : undefined;
  if (ipFamily(p.destination) === 6 || (via !== undefined && ipFamily(via) === 6)) return [6];
  if (p.destination === 'default' && via === undefined) return [4, 6];
  return [4];
}

function routeName(dst: string, table: string | undefined): string {
  return `${dst === 'default' ? 'default route' : `route to ${dst}`}${inTable(table)}`;
}

const inTable = (table: string | undefined): string => (table === undefined ? '' : ` in table ${table}`);

function listRoutes(routes: RouteInfo[], table: string | undefined): string {
  const where = table === undefined ? 'its routes' : `table ${table}`;
  return routes.length > 0 ? `${where}: ${routes.map(formatRoute).join(', ')}` : table === undefined ? 'it has no routes' : `table ${table} is empty`;
}

/**
 * The routes of every family the check reads, one list, and the table as found texts show it
 * (`100 (rt2)`; undefined for main when the check names none); or the failing verdict.
 */
async function readAll(p: RoutePredicate, ns: string | undefined, reader: Parameters<Evaluator<'route'>>[2]) {
  let table = p.table;
  let shown = p.table;
  if (needsNames(p.table)) {
    const resolved = await resolveTable(p.table, ns, reader);
    if (!resolved.ok) return resolved;
    table = resolved.value.table;
    shown = describeTable(table, resolved.value.names);
  }
  const reads = await Promise.all(routeFamilies(p).map((family) => reader.routes(ns, family, table)));
  const failed = reads.find(isFailure);
  if (failed) return { ok: false as const, verdict: failedRead(failed) };
  return { ok: true as const, value: reads.flatMap((r) => (r.ok ? r.value : [])), shown };
}

/**
 * `route DEST [via GW] [dev IF] [table T]`: some unicast route of the table has that destination
 * (canonical: `default`, host bits cleared) and, when given, that gateway and device.
 */
export const evaluateRoute: Evaluator<'route'> = async (p, ns, reader) => {
  const read = await readAll(p, ns, reader);
  if (!read.ok) return read.verdict;
  const { shown } = read;
  const dst = normalizeDestination(p.destination);
  const via = p.via === undefined ? undefined : normalizeAddress(p.via);
  const candidates = read.value.filter((r) => r.dst === dst);
  const match = candidates.find(
    (r) => r.type === 'unicast' && (via === undefined || r.gateway === via) && (p.dev === undefined || r.dev === p.dev),
  );
  const place = describePlace(ns);
  if (match) return { passed: true, found: `${place} has ${formatRoute(match)}${inTable(shown)}` };
  if (candidates.length > 0) return { passed: false, found: `${place} has ${candidates.map(formatRoute).join(', ')}${inTable(shown)}` };
  return { passed: false, found: `${place} has no ${routeName(dst, shown)}; ${listRoutes(read.value, shown)}` };
};

/** `no route DEST [table T]`: holds when the table has no entry at all for DEST (any type, every family read). */
export const evaluateNoRoute: Evaluator<'no-route'> = async (p, ns, reader) => {
  const read = await readAll(p, ns, reader);
  if (!read.ok) return read.verdict;
  const dst = normalizeDestination(p.destination);
  const found = read.value.filter((r) => r.dst === dst);
  const place = describePlace(ns);
  if (found.length === 0) return { passed: true, found: `${place} has no ${routeName(dst, read.shown)}` };
  return { passed: false, found: `${place} has ${found.map(formatRoute).join(', ')}${inTable(read.shown)}` };
};
