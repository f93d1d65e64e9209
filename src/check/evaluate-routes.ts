/** `route DEST [via GW] [dev IF]` and `no route DEST`, against the main table. */
import { formatRoute } from '../state/read-routes.js';
import type { RouteInfo } from '../state/types.js';
import { ipFamily, normalizeAddress, normalizeDestination } from '../util/cidr.js';
import { describePlace } from './describe-check.js';
import { failedRead, isFailure, type Evaluator } from './evaluate-context.js';
import type { Predicate } from './model.js';

/** IPv6 when the destination or the gateway is IPv6 (ip shows one family per read). */
function familyOf(destination: string, via?: string): 4 | 6 {
  return ipFamily(destination) === 6 || (via !== undefined && ipFamily(via) === 6) ? 6 : 4;
}

/**
 * The address family whose routing table a route check reads.
 * @returns 6 when the destination or the gateway is IPv6, else 4
 */
export function routeFamily(p: Extract<Predicate, { kind: 'route' | 'no-route' }>): 4 | 6 {
  return familyOf(p.destination, 'via' in p ? p.via : undefined);
}

function routeName(dst: string): string {
  return dst === 'default' ? 'default route' : `route to ${dst}`;
}

function listRoutes(routes: RouteInfo[]): string {
  return routes.length > 0 ? `its routes: ${routes.map(formatRoute).join(', ')}` : 'it has no routes';
}

/**
 * `route DEST [via GW] [dev IF]`: some unicast route of the main table has that destination
 * (canonical: `default`, host bits cleared) and, when given, that gateway and device.
 */
export const evaluateRoute: Evaluator<'route'> = async (p, ns, reader) => {
  const read = await reader.routes(ns, routeFamily(p));
  if (isFailure(read)) return failedRead(read);
  const dst = normalizeDestination(p.destination);
  const via = p.via === undefined ? undefined : normalizeAddress(p.via);
  const candidates = read.value.filter((r) => r.dst === dst);
  const match = candidates.find(
    (r) => r.type === 'unicast' && (via === undefined || r.gateway === via) && (p.dev === undefined || r.dev === p.dev),
  );
  const place = describePlace(ns);
  if (match) return { passed: true, found: `${place} has ${formatRoute(match)}` };
  if (candidates.length > 0) return { passed: false, found: `${place} has ${candidates.map(formatRoute).join(', ')}` };
  return { passed: false, found: `${place} has no ${routeName(dst)}; ${listRoutes(read.value)}` };
};

/** `no route DEST`: holds when the main table has no entry at all for DEST (any type). */
export const evaluateNoRoute: Evaluator<'no-route'> = async (p, ns, reader) => {
  const read = await reader.routes(ns, routeFamily(p));
  if (isFailure(read)) return failedRead(read);
  const dst = normalizeDestination(p.destination);
  const found = read.value.filter((r) => r.dst === dst);
  const place = describePlace(ns);
  if (found.length === 0) return { passed: true, found: `${place} has no ${routeName(dst)}` };
  return { passed: false, found: `${place} has ${found.map(formatRoute).join(', ')}` };
};
