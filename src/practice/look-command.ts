/**
 * For a check that does not hold, the command a student types to look at what it is about —
 * the state, not the fix: `hint` on a step with no written hint left points there, so the
 * student finds the cause before being told it.
 */
import type { Check } from '../check/model.js';

/**
 * A command that shows what a check looks at.
 * @param check the check that does not hold
 * @param openvswitch the scenario's bridges are Open vSwitch ones (its `services`), not Linux bridges
 * @returns a shell command (in the check's namespace), or undefined when no single command shows
 *   it better than the check's own found text (a file, a capture)
 */
export function lookCommand(check: Check, openvswitch: boolean): string | undefined {
  const ns = check.namespace;
  const ip = (args: string) => (ns === undefined ? `ip ${args}` : `ip -n ${ns} ${args}`);
  const inNs = (command: string) => (ns === undefined ? command : `ip netns exec ${ns} ${command}`);
  const p = check.predicate;
  switch (p.kind) {
    case 'namespace':
      return 'ip netns list';
    case 'link-exists':
      return ip('link');
    case 'link-state':
    case 'link-mtu':
      return ip(`link show ${p.ifname}`);
    case 'link-address':
    case 'link-lacks-address':
      return ip(`address show ${p.ifname}`);
    case 'route':
    case 'no-route':
      return ip('route');
    case 'sysctl':
      return inNs(`sysctl ${p.key}`);
    case 'neighbor':
      return ip('neigh');
    case 'ping':
    case 'tcp':
      // `why` is a practice shell command: the path walk, hop by hop.
      return `why ${ns ?? 'host'} ${p.address}${p.kind === 'tcp' ? ` --tcp ${p.port}` : ''}`;
    case 'path':
      return `why ${p.src} ${p.dst}`;
    case 'bridge-learned':
      return openvswitch ? `ovs-appctl fdb/show ${p.bridge}` : inNs(`bridge fdb show br ${p.bridge}`);
    case 'bridge-ports':
    case 'link-bridge':
      return openvswitch ? 'ovs-vsctl show' : ip('link show master ' + p.bridge);
    case 'source-nat':
    case 'destination-nat':
    case 'firewall':
      return inNs('nft list ruleset');
    case 'listening':
      return inNs(`ss -l${p.proto === 'tcp' ? 't' : 'u'}np`);
    case 'process':
      return ns === undefined ? 'ps -ef' : `ip netns pids ${ns} | xargs ps -o pid,args -p`;
    case 'file-text':
    case 'capture':
      return undefined;
  }
}
