/**
 * `why` reads a namespace's links only when its walk needs them (takePartialSnapshot): "no
 * route" is found in the source namespace alone, and a walk that goes further still finds the
 * same cause as with every namespace read up front.
 */
import { describe, expect, it } from 'vitest';
import { takeSnapshot } from '../../src/diagnose/snapshot.js';
import { why } from '../../src/diagnose/why.js';
import { createStateReader } from '../../src/state/state-reader.js';
import { L3_TOPOLOGY, recordingExec, setUp, withSandbox } from '../helpers/with-sandbox.js';

/** The namespaces whose addresses (links) a list of recorded calls read; '' for the root one. */
function linkReads(calls: string[]): string[] {
  return calls.filter((c) => / address show$/.test(c)).map((c) => /-n (\S+)/.exec(c)?.[1] ?? '');
}

describe('why with a partial snapshot', () => {
  it('finds "no route" from the source without reading the root namespace or the far host', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, L3_TOPOLOGY);
      const { exec, calls } = recordingExec(sandbox);
      const result = await why(exec, 'H1', '10.0.2.2');
      expect(result.finding?.cause).toBe('no-route');
      const read = linkReads(calls);
      expect(read).toContain('H1');
      expect(read).not.toContain('H2');
      expect(read).not.toContain('');
    });
  });

  it('reads more namespaces as the walk reaches them, with the same finding as before', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, `${L3_TOPOLOGY}
        ip -n H1 route add default via 10.0.1.1
        ip -n H2 route add default via 10.0.2.1`);
      const { exec, calls } = recordingExec(sandbox);
      const result = await why(exec, 'H1', '10.0.2.2');
      expect(result.finding?.cause).toBe('forwarding-disabled');
      expect(linkReads(calls)).toContain('R');
      // The full snapshot (topology's) still reads every namespace and the root one.
      const full = recordingExec(sandbox);
      const snap = await takeSnapshot(createStateReader(full.exec));
      expect(snap.owners('10.0.2.2').map((o) => o.ns)).toEqual(['H2']);
      expect(linkReads(full.calls).sort()).toEqual(['', 'H1', 'H2', 'R']);
    });
  });
});
