import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { variablesToken, VARIABLES_FILE } from '../../src/run/variables-file.js';
import { variablesForCheck } from '../../src/verify/check-variables.js';

const scenario = (() => {
  const parsed = parseScenario('---\ntitle: T\n---\n\n## S\n\n```check\nred: route default via $GW\nblue: ping $ADDR succeeds\n```\n', 't.md');
  if (!parsed.ok) throw new Error('bad scenario');
  return parsed.scenario;
})();

describe('variablesForCheck: nslab check in a practice shell (tester3)', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("takes the values the practice shell last wrote, over nslab's environment; unset ones from the environment", () => {
    dir = mkdtempSync(join(tmpdir(), 'nslab-vars-'));
    // As printVariablesCommand writes it: the token, then per name set-or-empty and value; ADDR unset.
    writeFileSync(join(dir, VARIABLES_FILE), [variablesToken(['GW', 'ADDR']), '1', 'fe80::1', '', '', ''].join('\0'));
    const v = variablesForCheck(scenario, { GW: 'fe80::9', ADDR: 'fd00::5' }, dir);
    expect(v.available && [v.values.get('GW'), v.values.get('ADDR'), v.where]).toEqual(['fe80::1', 'fd00::5', 'your practice shell']);
  });

  it("ignores a file written for other variables (another lesson's shell), and a missing one", () => {
    dir = mkdtempSync(join(tmpdir(), 'nslab-vars-'));
    writeFileSync(join(dir, VARIABLES_FILE), [variablesToken(['MAC']), '1', 'aa:bb:cc:dd:ee:ff', ''].join('\0'));
    const other = variablesForCheck(scenario, { GW: 'fe80::9' }, dir);
    expect(other.available && [other.values.get('GW'), other.where]).toEqual(['fe80::9', expect.stringContaining("nslab check's environment")]);
    const none = variablesForCheck(scenario, {}, join(dir, 'missing'));
    expect(none.available && none.values.has('GW')).toBe(false);
  });
});
