/**
 * `unknown-namespace`: a check on a namespace (`NS: ...`, or one its predicate names:
 * `bridge B has learned NS:IF on PORT`, `path SRC to DST is clear`) that no command up to its
 * step creates with `ip netns add NS`. Usually a typo (`H3` for `H2`, `r` for `R`); such a check can
 * only fail with "no such namespace".
 */
import { namespacesOf } from '../../check/check-namespaces.js';
import type { LocalProblem } from '../../scenario/problem.js';
import { createdNames } from '../../shell/created-names.js';
import type { Rule } from '../model.js';
import { runnableCommands } from '../../scenario/scenario-commands.js';

/** The `unknown-namespace` warning rule (see the module comment). */
export const unknownNamespaceRule: Rule = {
  name: 'unknown-namespace',
  summary: 'a check on a namespace that no step up to it creates with `ip netns add`',
  check({ scenario, lines }) {
    const problems: LocalProblem[] = [];
    // Each command is parsed once and its namespaces added as the steps go by: re-reading every
    // earlier step at each step made 10,000 steps take minutes (found by the fuzz test).
    const created = new Set<string>();
    const commands = runnableCommands(scenario);
    let next = 0;
    for (const step of scenario.steps) {
      const texts: string[] = [];
      while (next < commands.length && commands[next]!.step.number <= step.number) texts.push(commands[next++]!.command.text);
      const names = createdNames(texts);
      // `ip netns add $NS` or `ip netns add "H$i"`: any name may have been made.
      if (names.dynamic.namespaces) return problems;
      for (const name of names.namespaces) created.add(name);
      for (const block of step.blocks) {
        if (block.kind !== 'check') continue;
        for (const check of block.checks) {
          for (const ns of namespacesOf(check)) {
            if (created.has(ns)) continue;
            const column = columnOf(lines[check.line - 1] ?? '', ns);
            problems.push({
              line: check.line, column, rule: 'unknown-namespace',
              message: `check "${check.source}" on line ${check.line} looks in namespace "${ns}", which no step up to this one creates (ip netns add ${ns})`,
            });
          }
        }
      }
    }
    return problems;
  },
};

/** 1-based column of a namespace name as a whole word of the line (`H1` not inside `H1-eth0`); 1 when not found. */
function columnOf(line: string, name: string): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(^|[\\s"])${escaped}(?=[:\\s"]|$)`).exec(line);
  return m ? m.index + m[1]!.length + 1 : 1;
}
