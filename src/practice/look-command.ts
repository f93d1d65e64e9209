/**
 * For a check that does not hold, the command a student types to look at what it is about —
 * the state, not the fix: `hint` on a step with no written hint left points there, so the
 * student finds the cause before being told it.
 */
import type { Check } from '../check/model.js';
import { programsOf } from '../shell/invocations.js';
import { isShellCommand, stepCommands } from '../run/step-commands.js';
import type { Step } from '../scenario/model.js';

/** How the scenario sets its firewall and NAT rules, so the look shows them as it wrote them. */
export type RulesTool = 'nft' | 'iptables';

const IPTABLES = /^iptables(-nft|-legacy)?$/;

/**
 * The tool a step writes its rules with: `iptables` when its commands run iptables and not nft;
 * else, for a step that runs neither, the earlier steps', the nearest first; `nft` by default.
 * @param steps the scenario's steps up to and including the current one, in order
 */
export function rulesToolOf(steps: readonly Step[]): RulesTool {
  for (const step of [...steps].reverse()) {
    const programs = stepCommands(step).flatMap(({ block, command }) => (isShellCommand(block) ? programsOf(command.text).invocations.map((i) => i.program) : []));
    const iptables = programs.some((p) => IPTABLES.test(p));
    if (programs.includes('nft')) return 'nft';
    if (iptables) return 'iptables';
  }
  return 'nft';
}

/**
 * A command that shows what a check looks at.
 * @param check the check that does not hold
 * @param openvswitch the scenario's bridges are Open vSwitch ones (its `services`), not Linux bridges
 * @param rules the tool the scenario writes its firewall and NAT rules with ({@link rulesToolOf})
 * @returns a shell command (in the check's namespace), or undefined when no single command shows
 *   it better than the check's own found text (a file, a capture)
 */
export function lookCommand(check: Check, openvswitch: boolean, rules: RulesTool = 'nft'): string | undefined {
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
      return inNs(rules === 'iptables' ? 'iptables -t nat -S' : 'nft list ruleset');
    case 'firewall':
      return inNs(rules === 'iptables' ? 'iptables -S' : 'nft list ruleset');
    case 'listening':
      return inNs(`ss -l${p.proto === 'tcp' ? 't' : 'u'}np`);
    case 'process':
      return ns === undefined ? 'ps -ef' : `ip netns pids ${ns} | xargs ps -o pid,args -p`;
    case 'file-text':
    case 'capture':
      return undefined;
  }
}
