/**
 * `host-namespace` (an error): a namespace named `host`. nslab's checks and `nslab why` write
 * `host` for the root namespace (`path host to H2 is clear`, `has learned host:IF`, `why host
 * ...`), so a namespace of that name would be taken for the root one there, and a ping from it
 * diagnosed as a ping from the root namespace: reports that could be wrong without a sign. A
 * check prefixed `host:` looks in a namespace named `host`, not in the root namespace, and is
 * named too.
 */
import { ROOT_NAMESPACE_NAME } from '../../check/check-namespaces.js';
import type { LocalProblem } from '../../scenario/problem.js';
import { createdNames } from '../../shell/created-names.js';
import type { Rule } from '../model.js';
import { locateInCommand, runnableCommands } from '../../scenario/scenario-commands.js';

/** The `host-namespace` error rule (see the module comment). */
export const hostNamespaceRule: Rule = {
  name: 'host-namespace',
  summary: 'a namespace named `host`, the name checks and `why` give the root namespace',
  severity: 'error',
  check({ scenario, lines }) {
    const problems: LocalProblem[] = [];
    for (const { command } of runnableCommands(scenario)) {
      if (!createdNames([command.text]).namespaces.includes(ROOT_NAMESPACE_NAME)) continue;
      const word = /\bnetns\s+add\s+["']?(host)\b/.exec(command.text);
      const at = locateInCommand(lines, command, word ? word.index + word[0].length - 4 : 0);
      problems.push({
        ...at, rule: 'host-namespace',
        message: 'a namespace named "host" would be taken for the root namespace, which checks and `nslab why` call host (path host to ..., has learned host:IF): give it another name, such as h0',
      });
    }
    for (const step of scenario.steps) {
      for (const block of step.blocks) {
        if (block.kind !== 'check') continue;
        for (const check of block.checks) {
          if (check.namespace !== ROOT_NAMESPACE_NAME) continue;
          const column = (lines[check.line - 1] ?? '').indexOf('host:') + 1;
          problems.push({
            line: check.line, column: Math.max(1, column), rule: 'host-namespace',
            message: '"host:" looks in a namespace named host, not in the root namespace: write the check without a prefix to look in the root namespace',
          });
        }
      }
    }
    return problems;
  },
};
