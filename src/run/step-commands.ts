/**
 * The commands a step runs, in the order it runs them: the one numbering that a Retry's
 * `resumeAt`, a mutation's `skip` and `nslab test --mutate`'s report all share.
 */
import { scriptVariables } from '../zx/script-source.js';
import { stepScriptCommand } from '../zx/runner-command.js';
import type { Block, Command, Expectation, ExpectedLine, RunBlock, Step, TranscriptBlock, ZxBlock } from '../scenario/model.js';

/** A block whose commands run (a zx block's script is one command). */
export type CommandBlock = RunBlock | TranscriptBlock | ZxBlock;

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
    if ((block.kind !== 'run' && block.kind !== 'transcript' && block.kind !== 'zx') || block.norun) return [];
    if (block.kind === 'transcript') return block.entries.map((entry) => ({ block, command: entry.command, transcript: entry.expected, expect: expectationOf(block, entry.command) }));
    return blockCommands(block).map((command) => ({ block, command, expect: block.expect }));
  });
}

/**
 * What the shell session is given to run a command: the command itself, or for a zx block the
 * zx runner started with its script (src/zx/runner-command.ts).
 */
export function shellTextOf(block: CommandBlock, command: Command): string {
  return block.kind === 'zx' ? stepScriptCommand(command.line, command.text, scriptVariables(command.text)) : command.text;
}

/**
 * Whether a command is shell text that nslab's shell analyses (read-only.ts, command-effect.ts,
 * explain-ping.ts) may read: not a zx script, which is JavaScript and counts as changing state.
 */
export function isShellCommand(block: CommandBlock): boolean {
  return block.kind !== 'zx';
}

/** A block's commands in order, `norun` or not: a zx block's is its script. */
export function blockCommands(block: CommandBlock): Command[] {
  if (block.kind === 'run') return block.commands;
  if (block.kind === 'zx') return [block.command];
  return block.entries.map((e) => e.command);
}

/** True for a block whose commands nslab runs (or shows as commands, when `norun`). */
export function isCommandBlock(block: Block): block is CommandBlock {
  return block.kind === 'run' || block.kind === 'transcript' || block.kind === 'zx';
}
