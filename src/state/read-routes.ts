/** Routes of one routing table (main by default), as `ip -json route show table T` prints them. */
import type { Exec } from '../sandbox/types.js';
import { normalizeAddress, normalizeDestination } from '../util/cidr.js';
import { ipArgv, readJson } from './run-ip.js';
import type { RouteInfo, StateResult } from './types.js';

interface IpRouteJson {
  dst: string;
  type?: string;
  gateway?: string;
  dev?: string;
  nexthops?: Array<{ gateway?: string; dev?: string }>;
}

/**
 * Reads a routing table of a namespace.
 * @param exec runs `ip [-n NS] [-6] -json route show table TABLE`.
 * @param ns namespace; undefined = root namespace.
 * @param family 4 (default) or 6: ip shows one family at a time.
 * @param table `main` (default), `local`, `default` or a number (ip-route(8) TABLE_ID); a
 *   numbered table nothing was ever added to does not exist in the kernel, and reads as empty.
 * @returns routes with canonical dst (`default`, `10.0.1.0/24`; host routes get /32 or /128)
 *   and gateway; a multipath route gives one entry per next hop.
 */
export async function readRoutes(exec: Exec, ns?: string, family: 4 | 6 = 4, table = 'main'): Promise<StateResult<RouteInfo[]>> {
  const args = [...(family === 6 ? ['-6'] : []), '-json', 'route', 'show', 'table', table];
  const read = await readJson(exec, ipArgv(ns, args), ns);
  // "Error: ipv4: FIB table does not exist." (fib_get_table): an empty table, not a failure.
  if (!read.ok && read.reason === 'failed' && read.message.includes('table does not exist')) return { ok: true, value: [] };
  if (!read.ok) return read;
  const routes: RouteInfo[] = [];
  for (const raw of read.value as IpRouteJson[]) {
    const dst = normalizeDestination(raw.dst);
    const type = raw.type ?? 'unicast';
    const hops = raw.nexthops ?? [{ gateway: raw.gateway, dev: raw.dev }];
    for (const hop of hops) {
      routes.push({
        dst,
        type,
        ...(hop.gateway !== undefined && { gateway: normalizeAddress(hop.gateway) }),
        ...(hop.dev !== undefined && { dev: hop.dev }),
      });
    }
  }
  return { ok: true, value: routes };
}

/** A route as `ip route` would show it: `10.0.1.0/24 via 10.0.1.1 dev eth0`. */
export function formatRoute(route: RouteInfo): string {
  const type = route.type === 'unicast' ? '' : `${route.type} `;
  const via = route.gateway !== undefined ? ` via ${route.gateway}` : '';
  const dev = route.dev !== undefined ? ` dev ${route.dev}` : '';
  return `${type}${route.dst}${via}${dev}`;
}
