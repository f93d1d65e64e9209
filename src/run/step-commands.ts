/**
 * The commands a step runs, in the order it runs them: the one numbering that a Retry's
 * `resumeAt`, a mutation's `skip` and `nslab test --mutate`'s report all share.
 */
import type { Command, ExpectedLine, RunBlock, Step, TranscriptBlock } from '../scenario/model.js';

/** A block whose commands run. */
export type CommandBlock = RunBlock | TranscriptBlock;

/** One command of a step, with the block it belongs to. */
export interface StepCommand {
  block: CommandBlock;
  command: Command;
  /** A transcript entry's expected output lines (undefined for a run block's command). */
  transcript?: ExpectedLine[];
}

/**
 * Lists the step's commands from every block that runs (`norun` blocks do not), in file order.
 * @returns the commands; index `i` is the `i`-th command the step runs
 */
export function stepCommands(step: Step): StepCommand[] {
  return step.blocks.flatMap((block): StepCommand[] => {
    if ((block.kind !== 'run' && block.kind !== 'transcript') || block.norun) return [];
    if (block.kind === 'run') return block.commands.map((command) => ({ block, command }));
    return block.entries.map((entry) => ({ block, command: entry.command, transcript: entry.expected }));
  });
}
