import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { findScenarioFiles } from '../../src/scenario/find-scenario-files.js';
import { debianPackageOf } from '../../src/util/debian-packages.js';

describe('debianPackageOf', () => {
  it('names the package of a program, and nothing for an unknown one', () => {
    expect(debianPackageOf('nstat')).toBe('iproute2');
    expect(debianPackageOf('traceroute')).toBe('traceroute');
    expect(debianPackageOf('no-such-program')).toBeUndefined();
  });

  // A machine missing a program a bundled scenario needs must be told which package to install
  // (exit 3 with "apt-get install ..."), not left to search for it.
  it('knows the package of every program the bundled scenarios require', async () => {
    const unknown: string[] = [];
    for (const file of await findScenarioFiles(['scenarios'])) {
      const scenario = await loadScenario(file);
      for (const program of scenario.meta.requires) {
        if (debianPackageOf(program) === undefined) unknown.push(`${file}: ${program}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});
