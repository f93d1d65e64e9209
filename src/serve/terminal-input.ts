/**
 * What the page's buttons type into the terminal: a command block's commands (*Run*) and the
 * practice shell's commands (*Hint*, *Why*...). Pure; the lesson session types the text.
 */
import type { Scenario } from '../scenario/model.js';
import { shellQuote } from '../util/child-process.js';
import type { LessonAction } from '../view/web/protocol.js';

const ACTIONS: ReadonlySet<string> = new Set<LessonAction>(['hint', 'why', 'solve', 'next', 'restart', 'status', 'check', 'topo', 'changes']);

/**
 * The text *Run* types for a block: each command the student would type, followed by a
 * carriage return (the Enter key). A transcript's commands, not its output; a command of
 * several lines (`\` continuations, a heredoc) has each line ended by Enter, as typed.
 * @param step 1-based step number
 * @param block the block's index in the step's `blocks`
 * @returns the keystrokes; undefined when there is no such block or it is not one the student
 *   runs in the shell (a check, a zx script, a shown block, `norun`)
 */
export function blockKeystrokes(scenario: Scenario, step: number, block: number): string | undefined {
  return blockInput(scenario, step, block)?.keys;
}

/**
 * What *Run* types for a block (see {@link blockKeystrokes}) and how many commands that is: each
 * comes back to the prompt once.
 * @returns undefined when the block is not one the student runs in the shell
 */
export function blockInput(scenario: Scenario, step: number, block: number): { keys: string; commands: number } | undefined {
  const b = scenario.steps[step - 1]?.blocks[block];
  if (!b || (b.kind !== 'run' && b.kind !== 'transcript') || b.norun) return undefined;
  const commands = b.kind === 'run' ? b.commands : b.entries.map((e) => e.command);
  if (commands.length === 0) return undefined;
  return { keys: commands.map((c) => `${c.text.replace(/\r?\n/g, '\r')}\r`).join(''), commands: commands.length };
}

/**
 * The practice shell's command for a button, with Enter: `hint\r`, `why 'H1' '10.0.2.2'\r`.
 * @param args for `why`: SRC DST and its options, each quoted as one word
 * @returns undefined for an action the practice shell does not have
 */
export function actionKeystrokes(action: string, args: readonly string[] = []): string | undefined {
  if (!ACTIONS.has(action)) return undefined;
  const words = action === 'why' ? args.map(shellQuote) : [];
  return `${[action, ...words].join(' ')}\r`;
}
