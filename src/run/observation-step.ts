/**
 * Observation steps: a step that changes no state — "now watch it fail", "look at the routing
 * table", a step of checks alone. Its checks describe the state the earlier steps left, so they
 * hold before it as much as after it; `nslab test` does not call them vacuous.
 */
import { isShellCommand, stepCommands } from './step-commands.js';
import type { Step } from '../scenario/model.js';
import { changesNothing, isReadOnlyCommand } from '../shell/read-only.js';

/**
 * True when no command of the step can change state: each is read-only (read-only.ts: a ping,
 * `ip route`, `sysctl KEY`) or changes nothing at all (`echo`, `sleep`), and none is left
 * running in the background; a zx step block counts when its author marks it `observe`. A step
 * with no commands (checks alone) is one too.
 */
export function isObservationStep(step: Step): boolean {
  return stepCommands(step).every(({ block, command }) =>
    block.kind === 'zx' ? block.observe : !(block.kind === 'run' && block.background) && isShellCommand(block) && (isReadOnlyCommand(command.text) || changesNothing(command.text)));
}
