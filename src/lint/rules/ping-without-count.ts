/**
 * `ping-without-count`: `ping` with neither `-c` nor `-w` pings until it is stopped, so the
 * step waits for the command's timeout and fails. `background` blocks are exempt: they are
 * meant to run until the end.
 */
import type { LocalProblem } from '../../scenario/problem.js';
import { programsOf } from '../invocations.js';
import type { Rule } from '../model.js';
import { locateInCommand, runnableCommands } from '../scenario-commands.js';

const PINGS = new Set(['ping', 'ping6']);
/** `-c N`, `-c1`, `-qc 1`; `-w DEADLINE` also ends ping. */
const ENDS = /^-[a-zA-Z]*[cw]/;

/** The `ping-without-count` warning rule (see the module comment). */
export const pingWithoutCountRule: Rule = {
  name: 'ping-without-count',
  summary: '`ping` without `-c` in a command that runs (it never ends)',
  check({ scenario, lines }) {
    const problems: LocalProblem[] = [];
    for (const { block, command } of runnableCommands(scenario)) {
      if (block.background) continue;
      for (const { program, word, args } of programsOf(command.text).invocations) {
        if (!PINGS.has(program) || args.some((a) => ENDS.test(a.text))) continue;
        const at = locateInCommand(lines, command, word.offset);
        problems.push({ ...at, rule: 'ping-without-count', message: `ping without -c never ends: add -c 1 (line ${at.line})` });
      }
    }
    return problems;
  },
};
