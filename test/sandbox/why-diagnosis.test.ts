import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { evaluateCheck } from '../../src/check/evaluate-check.js';
import { why } from '../../src/diagnose/why.js';
import { nsLabel, type Hop, type WhyResult } from '../../src/diagnose/types.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { BRIDGE_LAN as LAN, check, L3_TOPOLOGY, setUp, withSandbox } from '../helpers/with-sandbox.js';

/** The router walkthrough after its last step: routes both ways, R forwarding. */
const HEALTHY = `${L3_TOPOLOGY}
ip netns exec R sysctl -qw net.ipv4.ip_forward=1
ip -n H1 route add default via 10.0.1.1 dev H1-eth0
ip -n H2 route add default via 10.0.2.1 dev H2-eth0
`;

const hopText = (h: Hop): string => `${h.ok ? '✔' : '✘'} ${nsLabel(h.from)} → ${h.to === undefined ? '?' : nsLabel(h.to)}${h.dev ? ` via ${h.dev}` : ''}`;

/** Builds `script` in a fresh sandbox, runs why, and returns its result. */
async function diagnose(script: string, src: string, dst: string, more?: (s: Sandbox, r: WhyResult) => Promise<void>): Promise<WhyResult> {
  return withSandbox(async (sandbox) => {
    await setUp(sandbox, script);
    const result = await why(sandbox.exec, src, dst);
    await more?.(sandbox, result);
    return result;
  });
}

/** Asserts that the broken state really breaks ping (the diagnosis explains a real failure). */
const pingFails = (ns: string, address: string) => async (sandbox: Sandbox) => {
  const ping = await sandbox.exec(['ip', 'netns', 'exec', ns, 'ping', '-c', '1', '-W', '1', address]);
  expect(ping.exitCode).not.toBe(0);
};

/** The router topology with one veth end built by a different script (causes 4). */
const TOPOLOGY_WITHOUT_R_ETH1 = L3_TOPOLOGY.replace('ip link set R-eth1 netns R; ', '').replace('ip -n R addr add 10.0.1.1/24 dev R-eth1; ', '').replace('ip -n R link set R-eth1 up; ', '');

/** The last hop is the broken one. */
function lastHop(r: WhyResult): string {
  return hopText(r.hops[r.hops.length - 1]!);
}

describe('nslab why on the router topology H1 — R — H2', () => {
  it('a healthy path: every hop ✔, there and back; ping agrees', async () => {
    const r = await diagnose(HEALTHY, 'H1', 'H2', async (sandbox) => {
      const ping = await sandbox.exec(['ip', 'netns', 'exec', 'H1', 'ping', '-c', '1', '-W', '1', '10.0.2.2']);
      expect(ping.exitCode).toBe(0);
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await why(sandbox.exec, 'H1', '10.0.2.2');
        times.push(performance.now() - t);
      }
      console.log(`why H1 10.0.2.2 on the router topology: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    });
    expect(r.finding).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.address).toBe('10.0.2.2');
    expect(r.hops.map(hopText)).toEqual([
      '✔ H1 → R via H1-eth0',
      '✔ R → H2 via R-eth2',
      '✔ H2 → R via H2-eth0',
      '✔ R → H1 via R-eth1',
    ]);
    expect(r.hops[0]!.detail).toBe('10.0.1.2 → gw 10.0.1.1');
  });

  it('(1) the source has no default route', async () => {
    const r = await diagnose(L3_TOPOLOGY, 'H1', '10.0.2.2');
    expect(r.ok).toBe(false);
    expect(r.finding).toMatchObject({ cause: 'no-route', ns: 'H1' });
    expect(lastHop(r)).toBe('✘ H1 → ?');
    expect(r.explanation).toEqual({
      because: 'H1 has no route to 10.0.2.2: it has no default route, and 10.0.2.2 is on none of its subnets (10.0.1.0/24).',
      fix: 'ip netns exec H1 ip route add default via 10.0.1.1 dev H1-eth0',
    });
  });

  it('(2) the gateway is on none of the source\'s subnets (an onlink route; the kernel refuses it otherwise)', async () => {
    const script = `${L3_TOPOLOGY}
ip netns exec R sysctl -qw net.ipv4.ip_forward=1
! ip -n H1 route add default via 10.0.9.1 2>/tmp/err; grep -q 'Nexthop has invalid gateway' /tmp/err
ip -n H1 route add default via 10.0.9.1 dev H1-eth0 onlink`;
    const r = await diagnose(script, 'H1', '10.0.2.2', pingFails('H1', '10.0.2.2'));
    expect(r.finding).toMatchObject({ cause: 'gateway-off-subnet', ns: 'H1', gateway: '10.0.9.1', dev: 'H1-eth0' });
    expect(lastHop(r)).toBe('✘ H1 → ? via H1-eth0');
    expect(r.explanation?.because).toContain('goes via 10.0.9.1, which is on none of H1-eth0\'s subnets (10.0.1.2/24)');
    expect(r.explanation?.fix).toBe('ip netns exec H1 ip route replace default via 10.0.1.1 dev H1-eth0');
  });

  it('(3) the near end of the veth pair is down (and its routes went with it)', async () => {
    const r = await diagnose(`${HEALTHY}\nip -n H1 link set H1-eth0 down`, 'H1', '10.0.2.2', pingFails('H1', '10.0.2.2'));
    expect(r.finding).toMatchObject({ cause: 'link-down', end: 'near', port: { ns: 'H1', ifname: 'H1-eth0' } });
    expect(r.explanation?.because).toMatch(/^H1-eth0 in H1 is down, so H1 cannot send on it/);
    expect(r.explanation?.fix).toBe('ip netns exec H1 ip link set H1-eth0 up');
  });

  it('(3) the far end of the veth pair is down', async () => {
    const r = await diagnose(`${HEALTHY}\nip -n R link set R-eth1 down`, 'H1', '10.0.2.2', pingFails('H1', '10.0.2.2'));
    expect(r.finding).toMatchObject({ cause: 'link-down', end: 'far', port: { ns: 'R', ifname: 'R-eth1' } });
    expect(lastHop(r)).toBe('✘ H1 → ? via H1-eth0');
    expect(r.explanation).toEqual({
      because: 'R-eth1 in R, the other end of H1-eth0 in H1, is down, so nothing sent to it arrives.',
      fix: 'ip netns exec R ip link set R-eth1 up',
    });
  });

  it('(4) the veth peer was left in the root namespace', async () => {
    const r = await diagnose(TOPOLOGY_WITHOUT_R_ETH1, 'H1', '10.0.1.1', pingFails('H1', '10.0.1.1'));
    expect(r.finding).toMatchObject({ cause: 'peer-misplaced', peer: { ns: undefined, ifname: 'R-eth1' }, expected: 'R' });
    expect(r.explanation?.because).toBe('R-eth1, the other end of H1-eth0 in H1, is still in the root namespace: it was never moved into R.');
    expect(r.explanation?.fix).toMatch(/^ip link set R-eth1 netns R /);
  });

  it('(4) the veth peer was moved into the wrong namespace', async () => {
    const r = await diagnose(`${TOPOLOGY_WITHOUT_R_ETH1}\nip link set R-eth1 netns H2`, 'H1', '10.0.1.1', pingFails('H1', '10.0.1.1'));
    expect(r.finding).toMatchObject({ cause: 'peer-misplaced', peer: { ns: 'H2', ifname: 'R-eth1' }, expected: 'R' });
    expect(r.explanation?.because).toBe('R-eth1, the other end of H1-eth0 in H1, is in H2, not in R.');
    expect(r.explanation?.fix).toMatch(/^ip netns exec H2 ip link set R-eth1 netns R /);
  });

  it('(5) a /32 address: no subnet in common with the router, so no route can be added', async () => {
    const script = `${HEALTHY.replace('10.0.1.2/24', '10.0.1.2/32').replace('ip -n H1 route add default via 10.0.1.1 dev H1-eth0', '! ip -n H1 route add default via 10.0.1.1 dev H1-eth0')}`;
    const r = await diagnose(script, 'H1', '10.0.2.2', pingFails('H1', '10.0.2.2'));
    expect(r.finding).toMatchObject({ cause: 'address-mismatch', nearCidr: '10.0.1.2/32', farCidr: '10.0.1.1/24' });
    expect(r.explanation?.because).toBe(
      'H1-eth0 in H1 has 10.0.1.2/32 but the other end, R-eth1 in R, has 10.0.1.1/24: the prefix lengths differ, so the two ends do not agree on what is on the link.',
    );
    expect(r.explanation?.fix).toBe('ip netns exec H1 ip addr del 10.0.1.2/32 dev H1-eth0 && ip netns exec H1 ip addr add 10.0.1.2/24 dev H1-eth0');
  });

  it('(5) /8 against /24: H1 thinks 10.0.2.2 is on its own link and asks for it there', async () => {
    const r = await diagnose(HEALTHY.replace('10.0.1.2/24', '10.0.1.2/8'), 'H1', '10.0.2.2', pingFails('H1', '10.0.2.2'));
    expect(r.finding).toMatchObject({ cause: 'address-mismatch', nearCidr: '10.0.1.2/8', farCidr: '10.0.1.1/24' });
    expect(lastHop(r)).toBe('✘ H1 → ? via H1-eth0');
  });

  it('(5) different subnets on the two ends', async () => {
    const r = await diagnose(L3_TOPOLOGY.replace('10.0.1.2/24', '10.0.3.2/24'), 'H1', '10.0.2.2');
    expect(r.finding).toMatchObject({ cause: 'address-mismatch', nearCidr: '10.0.3.2/24', farCidr: '10.0.1.1/24', suggested: '10.0.1.2/24' });
    expect(r.explanation?.because).toContain('they are on different subnets');
  });

  it('(6) forwarding is disabled on the router', async () => {
    const r = await diagnose(HEALTHY.replace('net.ipv4.ip_forward=1', 'net.ipv4.ip_forward=0'), 'H1', '10.0.2.2', pingFails('H1', '10.0.2.2'));
    expect(r.hops.map(hopText)).toEqual(['✔ H1 → R via H1-eth0', '✘ R → ?']);
    expect(r.explanation).toEqual({
      because: 'R has the routes, but forwarding is disabled (net.ipv4.ip_forward = 0), so it drops packets that are not for itself.',
      fix: 'ip netns exec R sysctl -w net.ipv4.ip_forward=1',
    });
  });

  it('(6) a router with forwarding disabled and no route onward is told both (issue 17, item 1)', async () => {
    // As reported: A—R, A's default route via R, R forwarding 0 and no route to 10.2.0.0/24.
    const script = `
ip netns add A; ip netns add R
ip link add A-eth0 type veth peer name R-eth0
ip link set A-eth0 netns A; ip link set R-eth0 netns R
ip -n A addr add 10.1.0.2/24 dev A-eth0; ip -n A link set A-eth0 up; ip -n A link set lo up
ip -n R addr add 10.1.0.1/24 dev R-eth0; ip -n R link set R-eth0 up; ip -n R link set lo up
ip -n A route add default via 10.1.0.1 dev A-eth0
ip netns exec R sysctl -qw net.ipv4.ip_forward=0
`;
    const r = await diagnose(script, 'A', '10.2.0.2', pingFails('A', '10.2.0.2'));
    expect(r.hops.map(hopText)).toEqual(['✔ A → R via A-eth0', '✘ R → ?']);
    expect(r.finding).toMatchObject({ cause: 'forwarding-disabled', ns: 'R', noRoute: { dst: '10.2.0.2', subnets: ['10.1.0.0/24'] } });
    expect(r.explanation?.because).not.toContain('has the routes');
    expect(r.explanation?.because).toBe(
      'R cannot pass the packet on for two reasons: forwarding is disabled (net.ipv4.ip_forward = 0), and it has no route to 10.2.0.2, which is on none of its subnets (10.1.0.0/24).',
    );
    expect(r.explanation?.fix).toBe('ip netns exec R sysctl -w net.ipv4.ip_forward=1, and ip netns exec R ip route add 10.2.0.2 via GATEWAY');
  });

  it('(7) the destination has no route back', async () => {
    const r = await diagnose(HEALTHY.replace('ip -n H2 route add default via 10.0.2.1 dev H2-eth0', ''), 'H1', '10.0.2.2', pingFails('H1', '10.0.2.2'));
    expect(r.hops.map(hopText)).toEqual(['✔ H1 → R via H1-eth0', '✔ R → H2 via R-eth2', '✘ H2 → ?']);
    expect(r.hops[2]!.direction).toBe('back');
    expect(r.finding).toMatchObject({ cause: 'no-route-back', ns: 'H2', dst: '10.0.1.2' });
    expect(r.explanation?.because).toMatch(/^H2 has no route back to 10\.0\.1\.2, so its replies cannot leave/);
    expect(r.explanation?.fix).toBe('ip netns exec H2 ip route add default via 10.0.2.1 dev H2-eth0');
  });

  it('(11) loopback down when pinging the namespace\'s own address', async () => {
    const r = await diagnose(`${HEALTHY}\nip -n H1 link set lo down`, 'H1', '10.0.1.2', pingFails('H1', '10.0.1.2'));
    expect(r.hops.map(hopText)).toEqual(['✘ H1 → H1 via lo']);
    expect(r.finding).toMatchObject({ cause: 'loopback-down', ns: 'H1' });
    expect(r.explanation?.fix).toBe('ip netns exec H1 ip link set lo up');
  });

  it('(12) the destination address is assigned nowhere', async () => {
    const r = await diagnose(HEALTHY, 'H1', '10.0.2.9', pingFails('H1', '10.0.2.9'));
    expect(r.hops.map(hopText)).toEqual(['✔ H1 → R via H1-eth0', '✘ R → ? via R-eth2']);
    expect(r.explanation).toEqual({
      because: 'Nobody in the emulation has 10.0.2.9: R asks for it on R-eth2 (ARP) and no one answers.',
      fix: 'ip netns exec H2 ip addr add 10.0.2.9/24 dev H2-eth0',
    });
  });

  it('(12) a default route via a gateway nobody has: the address across the link is the fix', async () => {
    const broken = HEALTHY.replace('ip -n H1 route add default via 10.0.1.1 dev H1-eth0', 'ip -n H1 route add default via 10.0.1.9 dev H1-eth0');
    expect(broken).not.toBe(HEALTHY);
    const r = await diagnose(broken, 'H1', '10.0.2.2', pingFails('H1', '10.0.2.2'));
    expect(r.hops.map(hopText)).toEqual(['✘ H1 → ? via H1-eth0']);
    expect(r.finding).toMatchObject({ cause: 'gateway-unassigned', ns: 'H1', gateway: '10.0.1.9' });
    expect(r.explanation).toEqual({
      because:
        "H1's route `default via 10.0.1.9 dev H1-eth0` goes via 10.0.1.9, but nobody in the emulation has 10.0.1.9: " +
        'H1 asks for it on H1-eth0 (ARP) and no one answers. Across that link, R-eth1 in R has 10.0.1.1.',
      fix: 'ip netns exec H1 ip route replace default via 10.0.1.1 dev H1-eth0',
    });
  });

  it('(13) the source namespace does not exist', async () => {
    const r = await diagnose(HEALTHY, 'H3', '10.0.2.2');
    expect(r.hops).toEqual([]);
    expect(r.explanation).toEqual({ because: 'There is no namespace H3; the namespaces are: H1, H2, R.', fix: 'ip netns add H3' });
  });
});

describe('why wired into ping checks and the command line', () => {
  it('a failing `ping ADDR succeeds` check says why in its found', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, L3_TOPOLOGY);
      const result = await evaluateCheck(check({ kind: 'ping', address: '10.0.2.2', succeeds: true }, 'H1'), sandbox.exec);
      expect(result.passed).toBe(false);
      expect(result.found).toBe(
        'ping exited 2: connect: Network is unreachable — H1 has no route to 10.0.2.2: it has no default route, and 10.0.2.2 is on none of its subnets (10.0.1.0/24).',
      );
    });
  });

  it('`nslab why` inside a sandbox: exit 0 on a clear path, 1 with cause and fix on a broken one', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, HEALTHY);
      const nslab = ['env', 'NO_COLOR=1', process.execPath, `${ROOT}/bin/nslab`, 'why'];
      const clear = await sandbox.exec([...nslab, 'H1', 'H2']);
      expect(clear.exitCode).toBe(0);
      expect(clear.output).toContain('why H1 → H2 (10.0.2.2)\n  ✔ H1 → R via H1-eth0 (10.0.1.2 → gw 10.0.1.1)\n');
      expect(clear.output).toContain('  back:\n  ✔ H2 → R via H2-eth0 (10.0.2.2 → gw 10.0.2.1)\n');
      expect(clear.output).toMatch(/path clear both ways \(\d+ ms\)/);
      await setUp(sandbox, 'ip netns exec R sysctl -qw net.ipv4.ip_forward=0');
      const broken = await sandbox.exec([...nslab, 'H1', '10.0.2.2']);
      expect(broken.exitCode).toBe(1);
      expect(broken.output).toContain('  ✘ R → ? (forwards 10.0.1.2 → 10.0.2.2)\nCause: R has the routes, but forwarding is disabled');
      expect(broken.output).toContain('Fix: ip netns exec R sysctl -w net.ipv4.ip_forward=1\n');
    });
  });

  it('`nslab why` with a link-local or prefix destination is a usage error (exit 2); -4 and -6 together too', async () => {
    const linkLocal = await runCli(['why', 'H1', 'fe80::1']);
    expect(linkLocal.code).toBe(2);
    expect(linkLocal.stderr).toContain('fe80::1 is a link-local address, meaningful only on one link');
    const prefix = await runCli(['why', 'H1', '10.0.2.0/24']);
    expect(prefix.code).toBe(2);
    expect(prefix.stderr).toContain('why takes an address or a namespace name as DST, not 10.0.2.0/24');
    const both = await runCli(['why', 'H1', 'H2', '-4', '-6']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('why takes -4 or -6, not both');
  });
});

describe('why across a Linux bridge', () => {

  it('follows a veth to its bridge and the bridge to the other port', async () => {
    const r = await diagnose(LAN, 'H1', 'H2');
    expect(r.ok).toBe(true);
    expect(r.hops.map(hopText)).toEqual(['✔ H1 → H2 via H1-eth0', '✔ H2 → H1 via H2-eth0']);
  });

  it('(10) a bridge port that is down', async () => {
    const r = await diagnose(`${LAN}\nip -n S link set S-H2 down`, 'H1', '10.0.0.2', pingFails('H1', '10.0.0.2'));
    expect(r.finding).toMatchObject({ cause: 'link-down', end: 'far', port: { ns: 'S', ifname: 'S-H2' } });
    expect(r.explanation?.fix).toBe('ip netns exec S ip link set S-H2 up');
  });
});
