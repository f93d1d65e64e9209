import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCheck, evaluateCheckWithin } from '../../src/check/evaluate-check.js';
import type { Predicate } from '../../src/check/model.js';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { createStateReader } from '../../src/state/state-reader.js';
import { check, L3_TOPOLOGY, recordingExec, setUp } from '../helpers/with-sandbox.js';

describe('checks on the L3 topology H1 — R — H2', () => {
  let sandbox: Sandbox;
  const evaluate = (predicate: Predicate, ns?: string) => evaluateCheck(check(predicate, ns), sandbox.exec);

  beforeAll(async () => {
    sandbox = await openPrivateSandbox();
    await setUp(sandbox, L3_TOPOLOGY);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('namespace exists / is absent', async () => {
    expect(await evaluate({ kind: 'namespace', name: 'H1', present: true })).toMatchObject({
      passed: true,
      expected: 'namespace H1 exists',
    });
    const absent = await evaluate({ kind: 'namespace', name: 'H3', present: true });
    expect(absent).toMatchObject({ passed: false, found: 'namespace H3 is absent; namespaces: H1, H2, R' });
    expect((await evaluate({ kind: 'namespace', name: 'H3', present: false })).passed).toBe(true);
  });

  it('link exists / is absent / is up / is down', async () => {
    expect((await evaluate({ kind: 'link-exists', ifname: 'H1-eth0', present: true }, 'H1')).passed).toBe(true);
    expect(await evaluate({ kind: 'link-exists', ifname: 'H1-eth0', present: true })).toMatchObject({
      passed: false,
      found: 'the root namespace has no link H1-eth0; its links: lo',
    });
    expect((await evaluate({ kind: 'link-exists', ifname: 'nope', present: false }, 'H1')).passed).toBe(true);
    expect((await evaluate({ kind: 'link-state', ifname: 'R-eth1', up: true }, 'R')).passed).toBe(true);
    await setUp(sandbox, 'ip -n R link set R-eth2 down');
    const down = await evaluate({ kind: 'link-state', ifname: 'R-eth2', up: true }, 'R');
    expect(down).toMatchObject({ passed: false, found: 'link R-eth2 is DOWN', expected: 'R: link R-eth2 is up' });
    expect((await evaluate({ kind: 'link-state', ifname: 'R-eth2', up: false }, 'R')).passed).toBe(true);
    // Its peer is UP but has no carrier now: still UP (administrative), operstate shown.
    const peer = await evaluate({ kind: 'link-state', ifname: 'H2-eth0', up: true }, 'H2');
    await setUp(sandbox, 'ip -n R link set R-eth2 up');
    expect(peer).toMatchObject({ passed: true, found: 'link H2-eth0 is UP (operstate DOWN)' });
  });

  it('link has address: address and prefix length must both match', async () => {
    expect((await evaluate({ kind: 'link-address', ifname: 'H1-eth0', cidr: '10.0.1.2/24' }, 'H1')).passed).toBe(true);
    expect(await evaluate({ kind: 'link-address', ifname: 'H1-eth0', cidr: '10.0.1.2/16' }, 'H1')).toMatchObject({
      passed: false,
      found: 'H1-eth0 has 10.0.1.2/24',
    });
    expect((await evaluate({ kind: 'link-address', ifname: 'H1-eth0', cidr: '10.0.1.3/24' }, 'H1')).passed).toBe(false);
  });

  it('link has address in fe80::/64: found says why there is none, DOWN or UP without a carrier (its peer down)', async () => {
    await setUp(sandbox, 'ip -n H2 link add t0 type veth peer name t1\nip -n H2 link set t0 up');
    try {
      const noCarrier = await evaluate({ kind: 'link-address', ifname: 't0', cidr: 'fe80::/64', inPrefix: true }, 'H2');
      expect(noCarrier.passed).toBe(false);
      expect(noCarrier.found).toMatch(/^t0 has no IPv6 address: it is UP but has no carrier \(NO-CARRIER, operstate \S+, its peer is down\)/);
      const down = await evaluate({ kind: 'link-address', ifname: 't1', cidr: 'fe80::/64', inPrefix: true }, 'H2');
      expect(down).toMatchObject({ passed: false, found: 't1 has no IPv6 address: it is DOWN' });
    } finally {
      await setUp(sandbox, 'ip -n H2 link del t0');
    }
  });

  it('link lacks address: the interface is there, without that address and prefix length', async () => {
    expect(await evaluate({ kind: 'link-lacks-address', ifname: 'H1-eth0', cidr: '10.0.1.2/24' }, 'H1')).toMatchObject({
      passed: false,
      found: 'H1-eth0 has 10.0.1.2/24',
      expected: 'H1: link H1-eth0 lacks address 10.0.1.2/24',
    });
    expect((await evaluate({ kind: 'link-lacks-address', ifname: 'H1-eth0', cidr: '10.0.1.2/16' }, 'H1')).passed).toBe(true);
    await setUp(sandbox, 'ip -n H1 addr del 10.0.1.2/24 dev H1-eth0');
    const gone = await evaluate({ kind: 'link-lacks-address', ifname: 'H1-eth0', cidr: '10.0.1.2/24' }, 'H1');
    await setUp(sandbox, 'ip -n H1 addr add 10.0.1.2/24 dev H1-eth0');
    expect(gone).toMatchObject({ passed: true, found: 'H1-eth0 has no IPv4 address' });
    // An interface that is not there lacks nothing: the check is about it.
    expect((await evaluate({ kind: 'link-lacks-address', ifname: 'H1-eth9', cidr: '10.0.1.2/24' }, 'H1')).found).toMatch(/^H1 has no link H1-eth9; its links: /);
    expect((await evaluate({ kind: 'link-lacks-address', ifname: 'H1-eth9', cidr: '10.0.1.2/24' }, 'H1')).passed).toBe(false);
  });

  it('a missing namespace is a failed check, not an error', async () => {
    expect(await evaluate({ kind: 'link-exists', ifname: 'x', present: false }, 'NOPE')).toMatchObject({
      passed: false,
      found: 'namespace NOPE does not exist',
    });
    expect((await evaluate({ kind: 'ping', address: '10.0.1.1', succeeds: false }, 'NOPE')).found).toBe(
      'namespace NOPE does not exist',
    );
  });

  it('sysctl, dotted or slashed', async () => {
    expect(await evaluate({ kind: 'sysctl', key: 'net.ipv4.ip_forward', value: '1' }, 'R')).toMatchObject({
      passed: false,
      expected: 'R: sysctl net.ipv4.ip_forward = 1',
      found: 'net.ipv4.ip_forward = 0',
    });
    expect((await evaluate({ kind: 'sysctl', key: 'net/ipv4/ip_forward', value: ' 0 ' }, 'R')).passed).toBe(true);
    const bad = await evaluate({ kind: 'sysctl', key: 'net.ipv4.nope', value: '1' }, 'R');
    expect(bad.passed).toBe(false);
    expect(bad.found).toContain('cannot stat /proc/sys/net/ipv4/nope');
  });

  it('routes, ping and forwarding, step by step', async () => {
    const defaultVia = { kind: 'route', destination: 'default', via: '10.0.1.1' } as const;
    expect(await evaluate(defaultVia, 'H1')).toMatchObject({
      passed: false,
      found: 'H1 has no default route; its routes: 10.0.1.0/24 dev H1-eth0',
    });
    expect((await evaluate({ kind: 'no-route', destination: 'default' }, 'H1')).passed).toBe(true);
    expect((await evaluate({ kind: 'route', destination: '10.0.1.7/24', dev: 'H1-eth0' }, 'H1')).passed).toBe(true);

    // No route: ping fails at once, exit 2.
    const unreachable = await evaluate({ kind: 'ping', address: '10.0.2.2', succeeds: false, text: 'Network is unreachable' }, 'H1');
    expect(unreachable).toMatchObject({ passed: true, found: 'ping exited 2: connect: Network is unreachable' });
    expect((await evaluate({ kind: 'ping', address: '10.0.2.2', succeeds: true }, 'H1')).passed).toBe(false);

    await setUp(sandbox, 'ip -n H1 route add default via 10.0.1.1; ip -n H2 route add default via 10.0.2.1');
    expect(await evaluate({ ...defaultVia, dev: 'H1-eth0' }, 'H1')).toMatchObject({
      passed: true,
      found: 'H1 has default via 10.0.1.1 dev H1-eth0',
    });
    expect(await evaluate({ kind: 'route', destination: '0.0.0.0/0', via: '10.0.1.9' }, 'H1')).toMatchObject({
      passed: false,
      found: 'H1 has default via 10.0.1.1 dev H1-eth0',
    });
    expect((await evaluate({ kind: 'no-route', destination: 'default' }, 'H1')).passed).toBe(false);

    // Routes but no forwarding: the request is dropped at R, exit 1.
    const lost = await evaluate({ kind: 'ping', address: '10.0.2.2', succeeds: false, text: '100% packet loss' }, 'H1');
    expect(lost).toMatchObject({ passed: true, found: 'ping exited 1: 1 packets transmitted, 0 received, 100% packet loss' });
    expect((await evaluate({ kind: 'ping', address: '10.0.2.2', succeeds: false, text: 'unreachable' }, 'H1')).passed).toBe(false);

    await setUp(sandbox, 'ip netns exec R sysctl -qw net.ipv4.ip_forward=1');
    expect((await evaluate({ kind: 'sysctl', key: 'net.ipv4.ip_forward', value: '1' }, 'R')).passed).toBe(true);
    const ok = await evaluate({ kind: 'ping', address: '10.0.2.2', succeeds: true }, 'H1');
    expect(ok).toMatchObject({ passed: true, found: 'ping exited 0: 1 packets transmitted, 1 received, 0% packet loss' });
    expect((await evaluate({ kind: 'ping', address: '10.0.2.2', succeeds: false }, 'H1')).passed).toBe(false);
  });

  it('a shared state reader reads each namespace once per round', async () => {
    const { exec: counting, calls } = recordingExec(sandbox);
    const reader = createStateReader(counting);
    const results = await Promise.all([
      evaluateCheck(check({ kind: 'link-state', ifname: 'R-eth1', up: true }, 'R'), counting, reader),
      evaluateCheck(check({ kind: 'link-address', ifname: 'R-eth1', cidr: '10.0.1.1/24' }, 'R'), counting, reader),
      evaluateCheck(check({ kind: 'link-exists', ifname: 'R-eth2', present: true }, 'R'), counting, reader),
    ]);
    expect(results.every((r) => r.passed)).toBe(true);
    expect(calls).toEqual(['ip -n R -json -details address show']);
  });

  it('within: retries until the state is there', async () => {
    const pending = evaluateCheckWithin(check({ kind: 'link-exists', ifname: 'late0', present: true }, 'H1', 5000), sandbox.exec);
    await setUp(sandbox, 'sleep 0.3; ip -n H1 link add late0 type veth peer name late1');
    const result = await pending;
    expect(result.passed).toBe(true);
    const never = await evaluateCheckWithin(check({ kind: 'link-exists', ifname: 'never0', present: true }, 'H1', 300), sandbox.exec);
    expect(never.passed).toBe(false);
    expect(never.durationMs).toBeGreaterThanOrEqual(300);
  });
});
