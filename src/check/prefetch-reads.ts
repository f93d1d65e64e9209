/**
 * Starting a round's state reads together. A step's checks are evaluated one after the other
 * (a `within` may wait for the state), but the reads most of them make — a namespace's links,
 * its routes, a sysctl — do not depend on each other, and each is its own `ip`/`sysctl` process
 * of a few ms: started together, they run side by side in the sandbox's probe bashes
 * (probe-exec.ts), and the evaluators then find them in the round's memoizing reader.
 */
import type { StateReader } from '../state/state-reader.js';
import { routeFamilies } from './evaluate-routes.js';
import type { Check } from './model.js';
import { needsNames } from './routing-table.js';

/**
 * Starts the reads the checks' evaluators will make through `reader`, without waiting for them.
 * Probes (ping, tcp, path), bridge, neighbour, file and capture reads are left to their checks:
 * a probe is not a read, and the others are rare. Errors are not reported here: each evaluator
 * gets the same (memoized) result and reports it.
 * @param checks the checks of one round that will share `reader`, in evaluation order
 * @param reader the round's reader (createStateReader)
 */
export function prefetchReads(checks: readonly Check[], reader: StateReader): void {
  const started: Array<Promise<unknown>> = [];
  for (const { predicate: p, namespace: ns } of checks) {
    switch (p.kind) {
      case 'namespace':
        started.push(reader.namespaces());
        break;
      case 'link-exists':
      case 'link-state':
      case 'link-address':
      case 'link-lacks-address':
      case 'link-mtu':
        started.push(reader.links(ns));
        break;
      case 'route':
      case 'no-route':
        // A named table's number is read first (evaluate-routes.ts); a numbered one shows its name.
        if (needsNames(p.table)) started.push(reader.tableNames(ns));
        else for (const family of routeFamilies(p)) started.push(reader.routes(ns, family, p.table));
        break;
      case 'sysctl':
        started.push(reader.sysctl(ns, p.key));
        break;
      case 'source-nat':
      case 'destination-nat':
      case 'firewall':
        started.push(reader.ruleset(ns), reader.links(ns));
        break;
      case 'listening':
        started.push(reader.sockets(ns));
        break;
      case 'process':
        started.push(reader.processes(ns));
        break;
      default:
        break;
    }
  }
  for (const read of started) read.catch(() => {});
}
