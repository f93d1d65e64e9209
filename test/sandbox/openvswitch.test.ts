import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCheck } from '../../src/check/evaluate-check.js';
import type { Predicate } from '../../src/check/model.js';
import { startOpenVswitch } from '../../src/sandbox/openvswitch.js';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { check, setUp } from '../helpers/with-sandbox.js';

describe('bridge checks with Open vSwitch in the sandbox', () => {
  let sandbox: Sandbox;
  const evaluate = (predicate: Predicate, ns?: string) => evaluateCheck(check(predicate, ns), sandbox.exec);

  beforeAll(async () => {
    sandbox = await openPrivateSandbox();
    await startOpenVswitch(sandbox);
    await startOpenVswitch(sandbox); // a second start is a no-op
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('passes for a userspace (netdev) bridge whose ports are attached', async () => {
    await setUp(sandbox, `
      ip link add H1-eth0 type veth peer name s-eth1
      ip link add H2-eth0 type veth peer name s-eth2
      ovs-vsctl add-br s -- set bridge s datapath_type=netdev
      ovs-vsctl add-port s s-eth1
      ovs-vsctl add-port s s-eth2`);
    expect(await evaluate({ kind: 'bridge-ports', bridge: 's', ports: ['s-eth1', 's-eth2'] })).toMatchObject({
      passed: true,
      found: 'bridge s has ports s-eth1, s-eth2',
    });
    expect(await evaluate({ kind: 'bridge-ports', bridge: 's', ports: ['s-eth1', 's-eth3'] })).toMatchObject({
      passed: false,
      found: 'port s-eth3 is missing; bridge s has ports s-eth1, s-eth2',
    });
  });

  it('fails for a port that ovs-vsctl "added" but vswitchd could not open', async () => {
    const add = await sandbox.exec(['ovs-vsctl', 'add-port', 's', 'nosuch']);
    expect(add.exitCode).toBe(0); // the trap: ovs-vsctl succeeds anyway
    const result = await evaluate({ kind: 'bridge-ports', bridge: 's', ports: ['s-eth1', 'nosuch'] });
    expect(result.passed).toBe(false);
    expect(result.found).toContain('port nosuch is not attached: could not open network device nosuch (No such device)');
    await setUp(sandbox, 'ovs-vsctl del-port s nosuch');
  });

  it('fails for a bridge without datapath_type=netdev (no kernel datapath here)', async () => {
    await setUp(sandbox, 'ip link add x1 type veth peer name x2; ovs-vsctl add-br k; ovs-vsctl add-port k x1 || true');
    const result = await evaluate({ kind: 'bridge-ports', bridge: 'k', ports: ['x1'] });
    expect(result.passed).toBe(false);
    expect(result.found).toMatch(/^bridge \S+ has no kernel device/);
    expect(result.found).toContain('port x1 is not attached');
  });

  it('lets plain ovs-appctl reach both daemons, as on a host', async () => {
    // ovs-appctl without -t looks for RUNDIR/ovs-vswitchd.PID.ctl (ovs-appctl(8)).
    const fdb = await sandbox.exec(['ovs-appctl', 'fdb/show', 's']);
    expect(fdb).toMatchObject({ exitCode: 0 });
    expect(fdb.output).toMatch(/^ port\s+VLAN\s+MAC\s+Age/);
    expect(await sandbox.exec(['ovs-appctl', '-t', 'ovsdb-server', 'ovsdb-server/list-dbs'])).toMatchObject({
      exitCode: 0,
      output: expect.stringContaining('Open_vSwitch'),
    });
  });

  it('fails for a bridge that does not exist', async () => {
    expect(await evaluate({ kind: 'bridge-ports', bridge: 'zz', ports: ['a'] })).toMatchObject({
      passed: false,
      found: 'bridge zz does not exist',
    });
  });

  it('handles Linux bridges too, in a namespace', async () => {
    await setUp(sandbox, `
      ip netns add B
      ip -n B link add br0 type bridge
      ip -n B link add p1 type veth peer name p2
      ip -n B link set p1 master br0`);
    expect((await evaluate({ kind: 'bridge-ports', bridge: 'br0', ports: ['p1'] }, 'B')).passed).toBe(true);
    expect(await evaluate({ kind: 'bridge-ports', bridge: 'br0', ports: ['p1', 'p2'] }, 'B')).toMatchObject({
      passed: false,
      found: 'port p2 is missing; bridge br0 has ports p1',
    });
  });
});

describe('bridge checks without Open vSwitch running', () => {
  it('say the bridge does not exist, and why Open vSwitch could not tell', async () => {
    const sandbox = await openPrivateSandbox();
    try {
      const result = await evaluateCheck(check({ kind: 'bridge-ports', bridge: 's', ports: ['p'] }), sandbox.exec);
      expect(result.passed).toBe(false);
      expect(result.found).toMatch(/^bridge s does not exist \(Open vSwitch: .*database connection failed/);
    } finally {
      await sandbox.close();
    }
  });
});
