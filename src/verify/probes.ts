/**
 * A step's read-only probes: the commands of its blocks that carry an expectation (a run block
 * with `exit=`, `output=`, `no-output=` or `match=`; any transcript), which `isReadOnlyCommand`
 * accepts. `practice` and `check` run them again to verify a step that has no check block.
 */
import { hasExpectation } from '../scenario/has-expectation.js';
import { stepCommands, type StepCommand } from '../run/step-commands.js';
import type { Step } from '../scenario/model.js';
import { isReadOnlyCommand } from '../shell/read-only.js';

/**
 * Lists the step's probes in run order: not `norun`, not `background`, with an expectation
 * (every transcript command has one: its output or exit 0), and read-only.
 * @returns the commands with their blocks, as `stepCommands` gives them
 */
export function probesOf(step: Step): StepCommand[] {
  return stepCommands(step).filter(({ block, command }) => {
    if (block.background) return false;
    const expects = block.kind === 'transcript' || hasExpectation(block);
    return expects && isReadOnlyCommand(command.text);
  });
}
