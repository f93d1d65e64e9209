/**
 * `run` opens its private sandbox while it reads the scenario (RunScenarioOptions.privateSandbox):
 * runScenario then owns that sandbox, runs in it, and closes it in every case, also when it
 * throws before step 1. The sandbox itself starts its first shell at once (openShell() takes it).
 * The CLI's `main` starts opening it before it parses the command line (openEarlySandbox).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/run/run-scenario.js';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';
import { openEarlySandbox } from '../../src/cli/early-sandbox.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { pidNamespaceOf, processesInPidNamespace } from '../helpers/with-sandbox.js';

const SCENARIO = `---
title: Early sandbox
---

## Make a host

\`\`\`sh
ip netns add H1
\`\`\`

\`\`\`check
namespace H1 exists
\`\`\`
`;

function scenario() {
  const parsed = parseScenario(SCENARIO, 'early.md');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.scenario;
}

/** Opens a sandbox the way the CLI does, and notes its PID namespace to see it end. */
async function opening() {
  const privateSandbox = openPrivateSandbox();
  const pidNs = await pidNamespaceOf(await privateSandbox);
  expect(processesInPidNamespace(pidNs).length).toBeGreaterThan(0);
  return { privateSandbox, pidNs };
}

describe('a sandbox opened before runScenario', () => {
  it('is the one the steps run in, and is closed after the run', async () => {
    const { privateSandbox, pidNs } = await opening();
    const result = await runScenario(scenario(), { privateSandbox });
    expect(result.status).toBe('passed');
    expect(result.steps[0]?.checks[0]?.passed).toBe(true);
    expect(processesInPidNamespace(pidNs)).toEqual([]);
  });

  it('is closed when runScenario refuses to start (a step range outside the scenario)', async () => {
    const { privateSandbox, pidNs } = await opening();
    await expect(runScenario(scenario(), { privateSandbox, from: 5 })).rejects.toThrow(RangeError);
    expect(processesInPidNamespace(pidNs)).toEqual([]);
  });

  it('gives the pre-started shell to the first openShell(), fresh: in /tmp, then a new one after it', async () => {
    const { privateSandbox } = await opening();
    const sandbox = await privateSandbox;
    try {
      const first = await sandbox.openShell();
      expect((await first.run('pwd; X=1', { timeoutMs: 5000 })).output.trim()).toBe('/tmp');
      const second = await sandbox.openShell();
      expect((await second.run('echo "x=$X"; pwd', { timeoutMs: 5000 })).output.trim()).toBe('x=\n/tmp');
    } finally {
      await sandbox.close();
    }
  });
});

describe('the sandbox `main` opens before parsing the command line (openEarlySandbox)', () => {
  it('for `run --yes FILE`: handed over once, and left running by closeUntaken once taken', async () => {
    const early = await openEarlySandbox(['run', '--yes', 'early.md']);
    const taken = early.take();
    expect(taken).toBeDefined();
    expect(early.take()).toBeUndefined();
    const sandbox = await taken!.sandbox;
    try {
      const pidNs = await pidNamespaceOf(sandbox);
      await early.closeUntaken();
      // Once open, giving it up (an interrupt during the run) does nothing to it.
      taken!.giveUp();
      expect(processesInPidNamespace(pidNs).length).toBeGreaterThan(0);
      const result = await runScenario(scenario(), { privateSandbox: taken!.sandbox });
      expect(result.status).toBe('passed');
      expect(processesInPidNamespace(pidNs)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it('closes one no command took (the command line turned out to be a usage error)', async () => {
    const opened: Promise<Sandbox>[] = [];
    const early = await openEarlySandbox(['run', '--report=r.json', 'early.md'], (signal) => {
      const opening = openPrivateSandbox({ signal });
      opened.push(opening);
      return opening;
    });
    expect(opened).toHaveLength(1);
    const pidNs = await pidNamespaceOf(await opened[0]!);
    expect(processesInPidNamespace(pidNs).length).toBeGreaterThan(0);
    await early.closeUntaken();
    expect(processesInPidNamespace(pidNs)).toEqual([]);
    expect(early.take()).toBeUndefined();
  });

  it('opens nothing for command lines that do not surely run in a private sandbox', async () => {
    for (const argv of [['run', '--host', 'x.md'], ['run', '--dry-run', 'x.md'], ['lint', 'x.md'], ['run', 'x.md', '--help']]) {
      const early = await openEarlySandbox(argv);
      expect(early.take(), argv.join(' ')).toBeUndefined();
      await early.closeUntaken();
    }
  });
});
