/**
 * Which network namespaces a check looks in, by name: its `NAMESPACE:` prefix, and the ones
 * its predicate names itself (`bridge B has learned NS:IF on PORT`, `path SRC to DST`). For
 * lint, which warns about namespaces no step creates.
 */
import { isIP } from 'node:net';
import type { Check } from './model.js';

/** How checks that name a namespace in their predicate write the root namespace (as `nslab why` does). */
export const ROOT_NAMESPACE_NAME = 'host';

/**
 * Lists the named namespaces a check reads, in the order they appear in its line.
 * @param check a parsed check.
 * @returns names, without duplicates; `host` (the root namespace) and addresses left out.
 *   `namespace NAME exists|is absent` names none: it asks whether one exists.
 */
export function namespacesOf(check: Check): string[] {
  const names: string[] = check.namespace === undefined ? [] : [check.namespace];
  const p = check.predicate;
  if (p.kind === 'bridge-learned' && 'namespace' in p.station) names.push(p.station.namespace);
  if (p.kind === 'path') names.push(p.src, ...(isIP(p.dst) !== 0 ? [] : [p.dst]));
  return [...new Set(names.filter((n) => n !== ROOT_NAMESPACE_NAME))];
}
