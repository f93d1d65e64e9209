/**
 * The commands a step runs, in the order it runs them: the one numbering that a Retry's
 * `resumeAt`, a mutation's `skip` and `nslab test --mutate`'s report all share.
 */
import type { Command, Expectation, ExpectedLine, RunBlock, Step, TranscriptBlock } from '../scenario/model.js';

/** A block whose commands run. */
export type CommandBlock = RunBlock | TranscriptBlock;

/** One command of a step, with the block it belongs to. */
export interface StepCommand {
  block: CommandBlock;
  command: Command;
  /** A transcript entry's expected output lines (undefined for a run block's command). */
  transcript?: ExpectedLine[];
  /** What the command must meet: the block's attributes, with a transcript entry's `[N]` exit status. */
  expect: Expectation;
}

/**
 * What one command of a block must meet: the block's `exit=`, `output=`... attributes, the exit
 * status replaced by the command's cram-style `[N]` line when its transcript entry has one.
 * @param command one of the block's commands (the same object the block holds)
 */
export function expectationOf(block: CommandBlock, command: Command): Expectation {
  const status = block.kind === 'transcript' ? block.entries.find((e) => e.command === command)?.exitStatus : undefined;
  return status ? { ...block.expect, exit: { kind: 'code', code: status.code } } : block.expect;
}

/**
 * Lists the step's commands from every block that runs (`norun` blocks do not), in file order.
 * @returns the commands; index `i` is the `i`-th command the step runs
 */
export function stepCommands(step: Step): StepCommand[] {
  return step.blocks.flatMap((block): StepCommand[] => {
    if ((block.kind !== 'run' && block.kind !== 'transcript') || block.norun) return [];
    if (block.kind === 'run') return block.commands.map((command) => ({ block, command, expect: block.expect }));
    return block.entries.map((entry) => ({ block, command: entry.command, transcript: entry.expected, expect: expectationOf(block, entry.command) }));
  });
}
