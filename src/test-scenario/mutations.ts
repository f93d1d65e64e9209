/**
 * What `nslab test --mutate` leaves out: the state-changing commands of a scenario. A command
 * is state-changing when it runs (`sh`/`bash`/`shell`, not `norun`, not `background`) and its
 * block expects nothing but "exits 0". A command held to an output or exit status other than
 * 0, and a transcript command, are probes: they show the state rather than make it, so
 * leaving one out cannot make a later check fail, and every probe would be reported as
 * unchecked. So is a read-only command in a plain block (`ip route`, a ping: shell/read-only.ts).
 * A `background` command (a ping left running, a tcpdump) is watched, not relied on. A command
 * that changes nothing at all (`echo`, `sleep`, `true`) is not one either.
 *
 * A command that writes a 0/1 sysctl is not simply left out but replaced by writing the other
 * value. Left out, the key would keep the value the namespace started with, which a new
 * namespace copies from the host's (net.core.devconf_inherit_init_net = 0, ip-sysctl.rst): the
 * verdict on `sysctl -w net.ipv4.ip_forward=0` would then depend on whether the machine
 * forwards. With the other value it is the same on every machine: the one a host that differs
 * would give.
 */
import { hasExpectation } from '../scenario/has-expectation.js';
import { stepCommands, type StepCommand } from '../run/step-commands.js';
import type { Command, Scenario, Step } from '../scenario/model.js';
import { changesNothing, isReadOnlyCommand } from '../shell/read-only.js';
import { tokenizeShell } from '../shell/shell-tokens.js';

/** One command that a mutated run leaves out. */
export interface Mutation {
  step: Step;
  /** The command's index in the step's command order (`stepCommands`), as `runScenario`'s `skip` takes it. */
  index: number;
  command: Command;
  /** What runs in its place (a sysctl write of the other value), when not simply nothing. */
  instead?: string;
}

/**
 * Tells a state-changing command from a probe (see the module comment).
 * @param command one of a step's commands, as `stepCommands` lists them
 */
export function isStateChanging({ block, command }: StepCommand): boolean {
  // A zx step script is taken to change state, as a command nslab cannot read would be,
  // unless its author says it only reads (`zx {observe}`).
  if (block.kind === 'zx') return !block.norun && !block.observe;
  return block.kind === 'run' && !block.norun && !block.background && !hasExpectation(block) && !isReadOnlyCommand(command.text) && !changesNothing(command.text);
}

/**
 * For a command that writes one 0/1 sysctl (`[ip netns exec NS] sysctl [-q] -w KEY=V`, or
 * `[ip netns exec NS] echo V > /proc/sys/KEY/PATH`), the command writing the other value, in
 * the same namespace; undefined for any other command.
 */
export function oppositeSysctlWrite(text: string): string | undefined {
  const tokens = tokenizeShell(text.trim());
  const words = tokens.map((t) => (t.type === 'word' ? t.text : t.op));
  const ns = words[0] === 'ip' && words[1] === 'netns' && words[2] === 'exec' && words[3] !== undefined ? words[3] : undefined;
  const rest = ns === undefined ? words : words.slice(4);
  const prefix = ns === undefined ? '' : `ip netns exec ${ns} `;
  let key: string | undefined;
  let value: string | undefined;
  if (rest[0] === 'sysctl') {
    const args = rest.slice(1);
    const writes = args.filter((a) => a.includes('='));
    if (writes.length !== 1 || args.some((a) => !a.includes('=') && !/^-[qw]+$/.test(a))) return undefined;
    [key, value] = writes[0]!.split('=', 2) as [string, string];
  } else if (rest[0] === 'echo' && rest.length === 4 && rest[2] === '>' && rest[3]!.startsWith('/proc/sys/')) {
    key = rest[3]!.slice('/proc/sys/'.length).replace(/\//g, '.');
    value = rest[1];
  }
  if (key === undefined || (value !== '0' && value !== '1') || !/^[\w.-]+$/.test(key)) return undefined;
  return `${prefix}sysctl -qw ${key}=${value === '0' ? '1' : '0'}`;
}

/**
 * Lists the mutations of a scenario, one per state-changing command, in run order.
 * @returns for each step, each of its state-changing commands with its index
 */
export function listMutations(scenario: Scenario): Mutation[] {
  return scenario.steps.flatMap((step) =>
    stepCommands(step).flatMap((c, index) => {
      if (!isStateChanging(c)) return [];
      const instead = c.block.kind === 'zx' ? undefined : oppositeSysctlWrite(c.command.text);
      return [{ step, index, command: c.command, ...(instead !== undefined && { instead }) }];
    }),
  );
}
