/**
 * What a scenario does that the sandbox of a user without root cannot do: that sandbox is a
 * user namespace mapping only the user (as its root), and some programs need more.
 */
import { stepCommands } from './step-commands.js';
import type { Scenario } from '../scenario/model.js';

/**
 * Why the scenario needs nslab to run as root, one reason per need; empty when it does not.
 * - `services: [openvswitch]`: the userspace datapath makes each bridge's device through
 *   /dev/net/tun, which fails in a user namespace (openvswitch.ts).
 * - a live tcpdump capture (tcpdump without `-r`): run as root, tcpdump gives root up for its
 *   own user (initgroups(3), setuid(2); `-Z root` too), and a user namespace allows neither
 *   setgroups(2) (user_namespaces(7), /proc/PID/setgroups is "deny") nor a uid it does not map:
 *   "Couldn't change to 'tcpdump' uid=103". Reading a capture (`tcpdump -r`) gives nothing up.
 * - dnsmasq: it changes its group even when told to stay root (`--user=root --group=root`),
 *   which the same rule refuses: "failed to change group-id to root: Operation not permitted",
 *   exit 5 (found by the tester).
 */
export function rootOnlyReasons(scenario: Scenario): string[] {
  const reasons: string[] = [];
  if (scenario.meta.services.includes('openvswitch')) {
    reasons.push('Open vSwitch bridges (its userspace datapath needs /dev/net/tun)');
  }
  const commands = scenario.steps.flatMap((step) => stepCommands(step).map((c) => c.command.text));
  if (commands.some(runsLiveCapture)) {
    reasons.push('a live tcpdump capture (tcpdump gives root up for its own user, which a user namespace refuses)');
  }
  if (commands.some((c) => /(^|[\s/;&|(])dnsmasq(\s|$)/m.test(c))) {
    reasons.push('dnsmasq (it changes its group at start, which a user namespace refuses)');
  }
  return reasons;
}

/** Whether a command line runs tcpdump to capture (not `tcpdump -r FILE`). */
function runsLiveCapture(command: string): boolean {
  return command
    .split(/[;&|\n]/)
    .some((part) => /(^|[\s/])tcpdump(\s|$)/.test(part) && !/\s-[A-Za-z]*r\s/.test(` ${part} `));
}
