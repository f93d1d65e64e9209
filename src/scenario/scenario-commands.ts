/**
 * The commands of a scenario that run, and where a word of one of them is in the file.
 */
import type { Command, RunBlock, Scenario, Step, TranscriptBlock } from './model.js';

/** A command with the step and block it belongs to. */
export interface StepCommand {
  step: Step;
  block: RunBlock | TranscriptBlock;
  command: Command;
}

/**
 * Lists the commands nslab runs, in file order: every command of run blocks and every command
 * of transcripts. `norun` blocks are left out, as nothing of theirs runs.
 * @param scenario the parsed scenario.
 * @param lastStep include steps up to this number only (default: all).
 */
export function runnableCommands(scenario: Scenario, lastStep = Infinity): StepCommand[] {
  const out: StepCommand[] = [];
  for (const step of scenario.steps) {
    if (step.number > lastStep) break;
    for (const block of step.blocks) {
      if (block.kind === 'run' && !block.norun) out.push(...block.commands.map((command) => ({ step, block, command })));
      if (block.kind === 'transcript' && !block.norun) out.push(...block.entries.map((e) => ({ step, block, command: e.command })));
    }
  }
  return out;
}

/**
 * Finds the file line and column of a character of a command's text.
 * @param lines the file's lines (index 0 = line 1).
 * @param command the command (its text's lines are the file's lines from `command.line` on,
 *   less fence indentation or a transcript prompt).
 * @param offset the character's offset in `command.text`.
 * @returns 1-based line and column; the column counts from the start of the file line when the
 *   file line ends with the command's line, as it always does (else from the command's line).
 */
export function locateInCommand(lines: readonly string[], command: Command, offset: number): { line: number; column: number } {
  const before = command.text.slice(0, offset);
  const row = before.split('\n').length - 1;
  const lineStart = before.lastIndexOf('\n') + 1;
  const textLine = command.text.split('\n')[row] ?? '';
  const fileLine = lines[command.line + row - 1] ?? '';
  const shift = fileLine.endsWith(textLine) ? fileLine.length - textLine.length : 0;
  return { line: command.line + row, column: shift + offset - lineStart + 1 };
}
