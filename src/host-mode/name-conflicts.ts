/**
 * Refusing to clobber: before a `--host` run, the names its commands create (read from their
 * text) that already exist on the host. Running anyway would make `ip netns add` fail at best,
 * and at worst have the scenario's cleanup delete the user's own namespace or bridge.
 */
import { createdNames } from '../shell/created-names.js';
import { runnableCommands } from '../scenario/scenario-commands.js';
import type { Scenario } from '../scenario/model.js';
import type { HostObject } from '../state/host-objects.js';

/** A name a scenario's command creates. */
export interface CreatedName {
  kind: HostObject['kind'];
  name: string;
  /** The line of the command that creates it. */
  line: number;
  /** The number of the step that command is in. */
  step: number;
}

/**
 * The names a scenario's steps create, per command (kind, name, command line). Names only known
 * at run time (`ip netns add "$NS"`) are not included.
 * @param lastStep only steps up to this number (a run with `--to`/`--step`).
 */
export function namesCreatedBy(scenario: Scenario, lastStep = Infinity): CreatedName[] {
  const out: CreatedName[] = [];
  for (const { step, command } of runnableCommands(scenario, lastStep)) {
    const names = createdNames([command.text]);
    out.push(
      ...names.namespaces.map((name) => ({ kind: 'namespace' as const, name, line: command.line, step: step.number })),
      ...names.links.map((name) => ({ kind: 'link' as const, name, line: command.line, step: step.number })),
      ...names.bridges.map((name) => ({ kind: 'bridge' as const, name, line: command.line, step: step.number })),
    );
  }
  return out;
}

/**
 * Which created names exist already. A link name clashes with any link or OVS bridge of that
 * name (an OVS bridge has a device of its name), an OVS bridge name with either too; a
 * namespace name with a namespace.
 * @param created from {@link namesCreatedBy}.
 * @param host the host's objects now.
 * @returns each clashing name once, with its first creating line, in file order.
 */
export function nameConflicts(created: readonly CreatedName[], host: readonly HostObject[]): CreatedName[] {
  const seen = new Set<string>();
  return created.filter((c) => {
    const key = `${c.kind === 'namespace' ? 'ns' : 'dev'}\0${c.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return host.some((h) => h.name === c.name && (c.kind === 'namespace') === (h.kind === 'namespace'));
  });
}
