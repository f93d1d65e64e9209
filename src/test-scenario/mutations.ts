/**
 * What `nslab test --mutate` leaves out: the state-changing commands of a scenario. A command
 * is state-changing when it runs (`sh`/`bash`/`shell`, not `norun`, not `background`) and its
 * block expects nothing but "exits 0". A command held to an output or exit status other than
 * 0, and a transcript command, are probes: they show the state rather than make it, so
 * leaving one out cannot make a later check fail, and every probe would be reported as
 * unchecked. So is a read-only command in a plain block (`ip route`, a ping: verify/read-only.ts).
 * A `background` command (a ping left running, a tcpdump) is watched, not relied on.
 */
import { hasExpectation } from '../lint/rules/step-unchecked.js';
import { stepCommands, type StepCommand } from '../run/step-commands.js';
import type { Command, Scenario, Step } from '../scenario/model.js';
import { isReadOnlyCommand } from '../verify/read-only.js';

/** One command that a mutated run leaves out. */
export interface Mutation {
  step: Step;
  /** The command's index in the step's command order (`stepCommands`), as `runScenario`'s `skip` takes it. */
  index: number;
  command: Command;
}

/**
 * Tells a state-changing command from a probe (see the module comment).
 * @param command one of a step's commands, as `stepCommands` lists them
 */
export function isStateChanging({ block, command }: StepCommand): boolean {
  return block.kind === 'run' && !block.norun && !block.background && !hasExpectation(block) && !isReadOnlyCommand(command.text);
}

/**
 * Lists the mutations of a scenario, one per state-changing command, in run order.
 * @returns for each step, each of its state-changing commands with its index
 */
export function listMutations(scenario: Scenario): Mutation[] {
  return scenario.steps.flatMap((step) =>
    stepCommands(step).flatMap((c, index) => (isStateChanging(c) ? [{ step, index, command: c.command }] : [])),
  );
}
