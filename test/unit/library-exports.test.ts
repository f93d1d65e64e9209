/**
 * The library's runtime exports, pinned (as zx pins its own): a name added to or dropped from
 * src/index.ts is a change of the documented API (docs/library.md), made on purpose here too.
 * Types are not listed: they do not exist at run time; `npm run typecheck` checks them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as nslab from '../../src/index.js';

const EXPORTS = [
  // parse
  'loadScenario', 'parseScenario', 'parseCheck', 'ScenarioError', 'EnvironmentError', 'UsageError',
  // lint
  'lintSource', 'lintFiles',
  // run
  'runScenario', 'unattendedController', 'stepCommands', 'openPrivateSandbox', 'openHostSandbox', 'createTerminalReporter',
  // check
  'checkScenario', 'verifyStep', 'evaluateCheck',
  // why
  'why',
  // topology
  'readNetworkState', 'buildTopology', 'readTopology', 'renderTopology', 'TOPOLOGY_FORMATS', 'diffNetworkStates', 'formatChange',
  // reports
  'REPORT_SCHEMA_VERSION', 'reportTotals', 'buildRunReport', 'buildSessionReport', 'renderReport', 'writeReport', 'fileIdentity',
];

describe('the library (src/index.ts)', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(nslab).sort()).toEqual([...EXPORTS].sort());
  });

  it('docs/library.md names every export', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/library.md'), 'utf8');
    expect(EXPORTS.filter((name) => !doc.includes(`\`${name}`))).toEqual([]);
  });

  it("the parse, lint and reports examples of docs/library.md work as written", async () => {
    const source = '---\ntitle: Two hosts\n---\n\n# Two hosts\n\n## Make a namespace\n\n```sh\nip netns add h1\n```\n\n```check\nnamespace h1 exists\n```\n';
    const parsed = nslab.parseScenario(source, 'two-hosts.md');
    expect(parsed.scenario?.steps.map((s) => s.title)).toEqual(['Make a namespace']);
    expect(nslab.lintSource(source, 'two-hosts.md').filter((p) => p.severity === 'error')).toEqual([]);
    expect(nslab.parseCheck('H1: ping 10.0.2.2 succeeds within 3s', 1)).toMatchObject({ ok: true, check: { namespace: 'H1' } });
  });
});
