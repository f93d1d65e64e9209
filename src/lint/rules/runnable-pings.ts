/**
 * The pings a scenario runs and waits for, as the ping rules (`ping-without-count`,
 * `ping-without-wait`) read them: every `ping`/`ping6` invocation of a command that runs,
 * `background` blocks left out (they are meant to run until the end).
 */
import type { Scenario } from '../../scenario/model.js';
import { programsOf } from '../../shell/invocations.js';
import { locateInCommand, runnableCommands } from '../../scenario/scenario-commands.js';

const PINGS = new Set(['ping', 'ping6']);

/** One ping invocation: its arguments' texts and where its program word is in the file. */
export interface RunnablePing {
  args: string[];
  line: number;
  column: number;
}

/**
 * Lists the pings of the commands nslab runs and waits for, in file order.
 * @param lines the file's lines (index 0 = line 1), to place each ping's column
 */
export function runnablePings(scenario: Scenario, lines: readonly string[]): RunnablePing[] {
  return runnableCommands(scenario)
    .filter(({ block }) => !block.background)
    .flatMap(({ command }) =>
      programsOf(command.text).invocations
        .filter((inv) => PINGS.has(inv.program))
        .map(({ word, args }) => ({ args: args.map((a) => a.text), ...locateInCommand(lines, command, word.offset) })),
    );
}
