/**
 * Four runs of the router walkthrough at once, each in its own sandbox: no shared names, files
 * or ports, so all pass, and the host is as it was afterwards. Runs in the "exclusive" vitest
 * project: the host snapshot would count other tests' sandboxes as leftovers.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hostNetworkState } from '../helpers/host-network-state.js';
import { hostSnapshot, RUN_TAG_VARIABLE, waitForClean } from '../helpers/host-snapshot.js';
import { runCli } from '../helpers/run-cli.js';

describe('concurrent runs', () => {
  it('four runs of the router walkthrough at once all pass and leave the host unchanged', async () => {
    // One tag for the four runs: their processes and namespaces, not another nslab's on the machine.
    const tag = randomUUID();
    const network = hostNetworkState();
    const before = hostSnapshot(tag);
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => runCli(['run', 'scenarios/l3-router.md', '--yes'], { [RUN_TAG_VARIABLE]: tag })),
    );
    for (const [i, run] of runs.entries()) {
      expect(run.code, `run ${i + 1}:\n${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/^PASSED A layer-3 router between two subnets · 8 passed, 0 failed/m);
    }
    expect(await waitForClean(before, 2000, tag)).toEqual({});
    expect(hostNetworkState()).toEqual(network);
  });
});
