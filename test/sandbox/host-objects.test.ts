/**
 * Reading and removing Open vSwitch bridges as a host run records them, in a private sandbox
 * with its own OVS daemons (userspace datapath).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeRecorded } from '../../src/host-mode/remove-recorded.js';
import { startOpenVswitch } from '../../src/sandbox/openvswitch.js';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { readHostObjects } from '../../src/state/host-objects.js';
import { setUp } from '../helpers/with-sandbox.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await openPrivateSandbox();
  await startOpenVswitch(sandbox);
});
afterAll(() => sandbox.close());

describe('OVS bridges of a host run', () => {
  it('are read with their uuid, their own devices not counted as links, and removed with del-br', async () => {
    await setUp(sandbox, [
      'ovs-vsctl add-br s1 -- set bridge s1 datapath_type=netdev',
      'ovs-vsctl add-port s1 p1 -- set interface p1 type=internal',
      'ip link add v0 type veth peer name v1 && ovs-vsctl add-port s1 v0',
    ].join('\n'));
    const { objects, ovs } = await readHostObjects(sandbox.exec, { netnsDir: '/nonexistent', askOvs: true });
    expect(ovs).toBe(true);
    const bridge = objects.find((o) => o.kind === 'bridge' && o.name === 's1');
    expect(bridge?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(objects.filter((o) => o.kind === 'link').map((o) => o.name).sort()).toEqual(['lo', 'v0', 'v1']);

    // Recorded with another uuid: another bridge of that name, left alone.
    const replaced = await removeRecorded([{ kind: 'bridge', name: 's1', id: 'not-its-uuid', step: 1 }], sandbox.exec);
    expect(replaced.map((o) => o.outcome)).toEqual(['replaced']);
    const removed = await removeRecorded([{ ...bridge!, step: 1 }], sandbox.exec);
    expect(removed.map((o) => o.outcome)).toEqual(['removed']);
    const after = await readHostObjects(sandbox.exec, { netnsDir: '/nonexistent', askOvs: true });
    expect(after.objects.map((o) => `${o.kind} ${o.name}`).sort()).toEqual(['link lo', 'link v0', 'link v1']);
    expect((await sandbox.exec(['ip', 'link', 'show', 'p1'])).exitCode).not.toBe(0);
  });
});
