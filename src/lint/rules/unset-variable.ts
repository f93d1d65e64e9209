/**
 * `unset-variable`: a check that uses a shell variable (`ping $ADDR succeeds`) no command up to
 * its step sets in the scenario's shell session. The check can only fail ("$ADDR is not set");
 * usually a typo, or the value was set inside a `background` block, which runs in a subshell.
 */
import type { LocalProblem } from '../../scenario/problem.js';
import { closest } from '../../util/closest.js';
import type { Rule } from '../model.js';
import { runnableCommands } from '../../scenario/scenario-commands.js';
import { parseShell } from '../../shell/simple-commands.js';

/** Variables bash sets by itself (bash(1), Shell Variables), or that it inherits in every session. */
const SHELL_SET = new Set(['HOME', 'PATH', 'PWD', 'OLDPWD', 'HOSTNAME', 'UID', 'EUID', 'PPID', 'BASHPID', 'RANDOM', 'SECONDS', 'SHELL', 'USER', 'LANG', 'TERM']);

/** The `unset-variable` warning rule (see the module comment). */
export const unsetVariableRule: Rule = {
  name: 'unset-variable',
  summary: 'a check uses a shell variable that no command up to its step sets',
  check({ scenario, lines }) {
    const problems: LocalProblem[] = [];
    const set = new Set<string>(SHELL_SET);
    const commands = runnableCommands(scenario);
    let next = 0;
    for (const step of scenario.steps) {
      // A step's checks run after all its commands.
      for (; next < commands.length && commands[next]!.step.number <= step.number; next++) {
        const { block, command } = commands[next]!;
        // A `background` command runs in a subshell: what it sets is gone when it starts.
        if (block.background) continue;
        const parsed = parseShell(command.text);
        if (parsed.dynamicAssignments) return problems;
        for (const name of parsed.assignments) set.add(name);
      }
      for (const block of step.blocks) {
        if (block.kind !== 'check') continue;
        for (const check of block.checks) {
          if (check.predicate.kind !== 'template') continue;
          for (const name of check.predicate.variables) {
            if (set.has(name)) continue;
            const text = lines[check.line - 1] ?? '';
            const near = closest(name, [...set].filter((n) => !SHELL_SET.has(n)));
            const at = new RegExp(`\\$(\\{${name}\\}|${name}(?![A-Za-z0-9_]))`).exec(text);
            problems.push({
              line: check.line, column: at ? at.index + 1 : 1, rule: 'unset-variable',
              message: `check on line ${check.line} uses $${name}, which no command up to step ${step.number} sets${near ? `; did you mean $${near}?` : ` (${name}=...): it can only fail`}`,
            });
          }
        }
      }
    }
    return problems;
  },
};
