/**
 * `requires`: a program a command runs that the front matter's `requires` does not list. nslab
 * checks `requires` before step 1 so that a missing program is named (with its Debian package)
 * at once, not as "command not found" halfway through the lab. Likewise a kernel feature a
 * command asks for by name (`type vlan`, `netem`) that `requires` does not list as `kernel:NAME`.
 */
import { KERNEL_PREFIX } from '../../kernel/features.js';
import { featureAskedFor } from '../../kernel/missing-features.js';
import { programsNeeded } from '../../run/find-missing-programs.js';
import type { LocalProblem } from '../../scenario/problem.js';
import { programsOf } from '../../shell/invocations.js';
import type { Rule } from '../model.js';
import { locateInCommand, runnableCommands } from '../../scenario/scenario-commands.js';
import { ALWAYS_INSTALLED, SHELL_BUILTINS } from '../../shell/shell-builtins.js';

/** The `requires` warning rule (see the module comment). */
export const requiresRule: Rule = {
  name: 'requires',
  summary: 'a program used by a command that `requires` does not list',
  check({ scenario, lines }) {
    const commands = runnableCommands(scenario);
    const parsed = commands.map((c) => ({ ...c, programs: programsOf(c.command.text) }));
    // A function the scenario defines anywhere may be called anywhere after: it is no program.
    const functions = new Set(parsed.flatMap((p) => p.programs.functions));
    // What nslab checks anyway (bash, ip, ping, sysctl, the services' programs) and what is listed.
    const known = new Set(programsNeeded(scenario, true));
    const reported = new Set<string>();
    const problems: LocalProblem[] = [];
    for (const { command, programs } of parsed) {
      for (const { program, word } of programs.invocations) {
        if (SHELL_BUILTINS.has(program) || ALWAYS_INSTALLED.has(program) || functions.has(program) || known.has(program) || reported.has(program)) continue;
        reported.add(program);
        const at = locateInCommand(lines, command, word.offset);
        problems.push({
          ...at, rule: 'requires',
          message: `"${program}" is used on line ${at.line} but not listed in requires`,
        });
      }
    }
    const features = new Set(scenario.meta.kernel);
    for (const { command } of parsed) {
      const feature = featureAskedFor(command.text.split(/\s+/));
      if (!feature || feature.common || features.has(feature.name)) continue;
      features.add(feature.name);
      problems.push({
        ...locateInCommand(lines, command, 0), rule: 'requires',
        message: `this command needs the kernel feature ${feature.name} (${feature.what}), which requires does not list: add ${KERNEL_PREFIX}${feature.name}, so that a kernel without it is named before step 1`,
      });
    }
    return problems;
  },
};
