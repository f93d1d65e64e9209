/**
 * Causes 8, 9, 10 (detached port), 14, 15, 16, 17 of `nslab why`, the `tcp` check and
 * `why --tcp`/`--size`: each broken state is built for real in a private sandbox, the failure
 * is shown to be real (ping or TCP fails), then the hop and the cause are asserted.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCheck } from '../../src/check/evaluate-check.js';
import { why } from '../../src/diagnose/why.js';
import { nsLabel, type Hop, type WhyOptions, type WhyResult } from '../../src/diagnose/types.js';
import { startOpenVswitch } from '../../src/sandbox/openvswitch.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { ROOT } from '../helpers/run-cli.js';
import { BRIDGE_LAN, check, L3_TOPOLOGY, setUp, withSandbox } from '../helpers/with-sandbox.js';

const HEALTHY = `${L3_TOPOLOGY}
ip netns exec R sysctl -qw net.ipv4.ip_forward=1
ip -n H1 route add default via 10.0.1.1 dev H1-eth0
ip -n H2 route add default via 10.0.2.1 dev H2-eth0
`;

/** H1 and H2 on one LAN through Open vSwitch bridge s (userspace datapath), as in l2-switch.md. */
const OVS_LAN = (addBridge = 'ovs-vsctl add-br s -- set bridge s datapath_type=netdev') => `
ip netns add H1; ip netns add H2
ip link add H1-eth0 type veth peer name s-eth1
ip link add H2-eth0 type veth peer name s-eth2
ip link set H1-eth0 netns H1; ip link set H2-eth0 netns H2
${addBridge}
ovs-vsctl add-port s s-eth1; ovs-vsctl add-port s s-eth2
ip link set s-eth1 up; ip link set s-eth2 up
ip -n H1 addr add 10.0.0.1/24 dev H1-eth0; ip -n H1 link set H1-eth0 up; ip -n H1 link set lo up
ip -n H2 addr add 10.0.0.2/24 dev H2-eth0; ip -n H2 link set H2-eth0 up; ip -n H2 link set lo up
`;

const hopText = (h: Hop): string => `${h.ok ? '✔' : '✘'} ${nsLabel(h.from)} → ${h.to === undefined ? '?' : nsLabel(h.to)}${h.dev ? ` via ${h.dev}` : ''}`;

async function diagnose(script: string, src: string, dst: string, options: WhyOptions & { ovs?: boolean } = {}, more?: (s: Sandbox) => Promise<void>): Promise<WhyResult> {
  return withSandbox(async (sandbox) => {
    if (options.ovs) await startOpenVswitch(sandbox);
    await setUp(sandbox, script);
    await more?.(sandbox);
    return why(sandbox.exec, src, dst, undefined, options);
  });
}

const ping = (ns: string, address: string, size = 56) => (sandbox: Sandbox) =>
  sandbox.exec(['ip', 'netns', 'exec', ns, 'ping', '-c', '1', '-W', '1', '-s', String(size), address]);
const pingFails = (ns: string, address: string, size?: number) => async (sandbox: Sandbox) => {
  expect((await ping(ns, address, size)(sandbox)).exitCode).not.toBe(0);
};

describe('(8) reverse-path filtering', () => {
  // H1 has a second link to R (10.0.3.0/24); R's host route to 10.0.1.2 goes over it, so a
  // ping from 10.0.1.2 enters R on R-eth1 but R would answer by R-eth3: asymmetric.
  const ASYMMETRIC = `${HEALTHY}
ip link add H1-eth1 type veth peer name R-eth3
ip link set H1-eth1 netns H1; ip link set R-eth3 netns R
ip -n H1 addr add 10.0.3.2/24 dev H1-eth1; ip -n H1 link set H1-eth1 up
ip -n R addr add 10.0.3.1/24 dev R-eth3; ip -n R link set R-eth3 up
ip -n R route add 10.0.1.2/32 via 10.0.3.2 dev R-eth3
`;

  it('loose (0) lets the asymmetric path work: every hop ✔', async () => {
    const r = await diagnose(ASYMMETRIC, 'H1', '10.0.2.2', {}, async (sandbox) => {
      expect((await ping('H1', '10.0.2.2')(sandbox)).exitCode).toBe(0);
    });
    expect(r.ok).toBe(true);
  });

  it('strict (1) on R drops what enters on the "wrong" interface', async () => {
    const r = await diagnose(`${ASYMMETRIC}\nip netns exec R sysctl -qw net.ipv4.conf.all.rp_filter=1`, 'H1', '10.0.2.2', {}, pingFails('H1', '10.0.2.2'));
    expect(r.hops.map(hopText)).toEqual(['✔ H1 → R via H1-eth0', '✘ R → ?']);
    expect(r.finding).toMatchObject({ cause: 'rp-filter', ns: 'R', iface: 'R-eth1', source: '10.0.1.2', backDev: 'R-eth3', key: 'net.ipv4.conf.all.rp_filter' });
    expect(r.explanation?.because).toBe(
      'R drops packets from 10.0.1.2 arriving on R-eth1: reverse-path filtering is strict there (net.ipv4.conf.all.rp_filter = 1) and its route back to 10.0.1.2, `10.0.1.2/32 via 10.0.3.2 dev R-eth3`, leaves by R-eth3, not R-eth1.',
    );
    expect(r.explanation?.fix).toMatch(/^ip netns exec R sysctl -w net\.ipv4\.conf\.all\.rp_filter=2/);
  });
});

describe('(9) a firewall drops it', () => {
  it('an iptables FORWARD rule on R, named as iptables prints it', async () => {
    const script = `${HEALTHY}\nip netns exec R iptables -A FORWARD -s 10.0.1.0/24 -p icmp -j DROP`;
    const r = await diagnose(script, 'H1', '10.0.2.2', {}, pingFails('H1', '10.0.2.2'));
    expect(r.hops.map(hopText)).toEqual(['✔ H1 → R via H1-eth0', '✘ R → ? via R-eth2']);
    expect(r.finding).toMatchObject({ cause: 'firewall-drops', ns: 'R', hook: 'forward', certain: true });
    expect(r.explanation).toEqual({
      because: "R's firewall drops pings (ICMP echo requests) from 10.0.1.2 to 10.0.2.2 (forward hook): iptables rule `-A FORWARD -s 10.0.1.0/24 -p icmp -j DROP`.",
      fix: 'ip netns exec R iptables -D FORWARD -s 10.0.1.0/24 -p icmp -j DROP',
    });
  });

  it('an nftables input policy drop on H2 with established replies let through: the ping dies at H2', async () => {
    const script = `${HEALTHY}
ip netns exec H2 nft add table inet fw
ip netns exec H2 nft add chain inet fw input '{ type filter hook input priority 0; policy drop; }'
ip netns exec H2 nft add rule inet fw input ct state established,related accept
ip netns exec H2 nft add rule inet fw input tcp dport 22 accept`;
    const r = await diagnose(script, 'H1', '10.0.2.2', {}, pingFails('H1', '10.0.2.2'));
    expect(r.hops.map(hopText)).toEqual(['✔ H1 → R via H1-eth0', '✔ R → H2 via R-eth2', '✘ H2 → ?']);
    expect(r.explanation).toEqual({
      because: "H2's firewall drops pings (ICMP echo requests) from 10.0.1.2 to 10.0.2.2 (input hook): the policy drop of chain inet fw input.",
      fix: "ip netns exec H2 nft chain inet fw input '{ policy accept; }'",
    });
  });

  it('a rule it cannot fully evaluate is a warning, "may drop", while the hop holds', async () => {
    const script = `${HEALTHY}\nip netns exec R iptables -A FORWARD -p icmp -m limit --limit 1/hour -j DROP`;
    const r = await diagnose(script, 'H1', '10.0.2.2');
    expect(r.ok).toBe(true);
    expect(r.warnings[0]).toMatchObject({ cause: 'firewall-drops', ns: 'R', certain: false });
    expect(r.hops.map(hopText)).toEqual(['✔ H1 → R via H1-eth0', '✔ R → H2 via R-eth2', '✔ H2 → R via H2-eth0', '✔ R → H1 via R-eth1']);
    expect(r.hops[1]!.warnings?.[0]?.because).toContain("R's firewall may drop pings (ICMP echo requests) from 10.0.1.2 to 10.0.2.2 (forward hook): iptables rule `-A FORWARD -p icmp -m limit");
  });

  it('with --tcp, a rule on the port drops the connection, and ping still works', async () => {
    const script = `${HEALTHY}\nip netns exec R nft add table ip f; ip netns exec R nft add chain ip f forward_filter '{ type filter hook forward priority 0; }'\nip netns exec R nft add rule ip f forward_filter ip daddr 10.0.2.2 tcp dport 80 reject`;
    const r = await diagnose(script, 'H1', '10.0.2.2', { tcpPort: 80 }, async (sandbox) => {
      expect((await ping('H1', '10.0.2.2')(sandbox)).exitCode).toBe(0);
    });
    expect(r.finding).toMatchObject({ cause: 'firewall-drops', ns: 'R', hook: 'forward' });
    expect(r.explanation?.because).toBe("R's firewall drops TCP from 10.0.1.2 to 10.0.2.2 port 80 (forward hook): rule `ip daddr 10.0.2.2 tcp dport 80 reject` (handle 2) in chain ip f forward_filter.");
    expect(r.explanation?.fix).toBe('ip netns exec R nft delete rule ip f forward_filter handle 2');
  });
});

describe('(10) a bridge port that is not attached to its bridge', () => {
  /** The bridge LAN with S-H2 left out of br0. */
  const LAN = BRIDGE_LAN.replace('ip -n S link set S-$h master br0; ', '') + 'ip -n S link set S-H1 master br0\n';

  it('a Linux bridge: S-H2 has no master; seen from H1 (across the bridge) and from H2', async () => {
    const r = await diagnose(LAN, 'H1', '10.0.0.2', {}, pingFails('H1', '10.0.0.2'));
    expect(r.hops.map(hopText)).toEqual(['✘ H1 → ? via H1-eth0']);
    expect(r.finding).toMatchObject({ cause: 'port-detached', port: { ns: 'S', ifname: 'S-H2' }, bridge: 'br0', ovs: false });
    expect(r.explanation).toEqual({
      because: 'S-H2, the other end of H2-eth0 in H2, is not a port of bridge br0 in S, so frames from the bridge never reach it.',
      fix: 'ip netns exec S ip link set S-H2 master br0',
    });
    const back = await diagnose(LAN, 'H2', '10.0.0.1');
    expect(back.finding).toMatchObject({ cause: 'port-detached', port: { ns: 'S', ifname: 'S-H2' }, bridge: 'br0' });
  });

  it('Open vSwitch: s-eth2 was never added to s', async () => {
    const script = OVS_LAN().replace('ovs-vsctl add-port s s-eth2', 'true');
    const r = await diagnose(script, 'H1', '10.0.0.2', { ovs: true }, pingFails('H1', '10.0.0.2'));
    expect(r.finding).toMatchObject({ cause: 'port-detached', port: { ns: undefined, ifname: 's-eth2' }, bridge: 's', ovs: true });
    expect(r.explanation?.fix).toBe('ovs-vsctl add-port s s-eth2');
  });
});

describe('Open vSwitch bridges and ports', () => {
  it('a healthy OVS LAN: the walk crosses the bridge (no more "cannot follow")', async () => {
    const r = await diagnose(OVS_LAN(), 'H1', 'H2', { ovs: true });
    expect(r.ok).toBe(true);
    expect(r.hops.map(hopText)).toEqual(['✔ H1 → H2 via H1-eth0', '✔ H2 → H1 via H2-eth0']);
  });

  it('(14) no datapath: the bridge was added without datapath_type=netdev (no kernel module here)', async () => {
    const r = await diagnose(OVS_LAN('ovs-vsctl add-br s'), 'H1', '10.0.0.2', { ovs: true }, pingFails('H1', '10.0.0.2'));
    expect(r.finding).toMatchObject({ cause: 'ovs-no-datapath', bridge: 's', datapathType: '' });
    expect(r.explanation?.because).toMatch(/^Open vSwitch bridge s is in the database but has no datapath \(no s device in the kernel\): it has no datapath_type, so it needs the kernel's openvswitch module, which is not loaded \(types here: .*netdev.*\)\.$/);
    expect(r.explanation?.fix).toBe('ovs-vsctl set bridge s datapath_type=netdev');
  });

  it('(14) a misspelled datapath type', async () => {
    const r = await diagnose(OVS_LAN('ovs-vsctl add-br s -- set bridge s datapath_type=netdve'), 'H1', '10.0.0.2', { ovs: true });
    expect(r.finding).toMatchObject({ cause: 'ovs-no-datapath', datapathType: 'netdve' });
    expect(r.explanation?.because).toContain('its datapath_type is "netdve", which this Open vSwitch does not have');
  });

  it('(15) the bridge-side end was moved into H2 instead of its peer: ofport -1', async () => {
    const script = `
ip netns add H1; ip netns add H2
ip link add H1-eth0 type veth peer name s-eth1
ip link add H2-eth0 type veth peer name s-eth2
ip link set H1-eth0 netns H1; ip link set s-eth2 netns H2
ovs-vsctl add-br s -- set bridge s datapath_type=netdev
ovs-vsctl add-port s s-eth1; ovs-vsctl add-port s s-eth2
ip link set s-eth1 up; ip link set H2-eth0 up
ip -n H1 addr add 10.0.0.1/24 dev H1-eth0; ip -n H1 link set H1-eth0 up
ip -n H2 addr add 10.0.0.2/24 dev s-eth2; ip -n H2 link set s-eth2 up
ovs-vsctl --timeout=5 wait-until Interface s-eth2 ofport=-1`;
    const r = await diagnose(script, 'H1', '10.0.0.2', { ovs: true }, pingFails('H1', '10.0.0.2'));
    expect(r.finding).toMatchObject({ cause: 'ovs-port-unattached', bridge: 's', port: 's-eth2', movedTo: { ns: 'H2' }, peer: { ns: undefined, ifname: 'H2-eth0' } });
    expect(r.explanation?.because).toMatch(/^Open vSwitch could not attach port s-eth2 to bridge s \(could not open network device s-eth2 \(No such device\)\): s-eth2 is in H2, so it was moved there instead of its peer H2-eth0\.$/);
    expect(r.explanation?.fix).toBe('ip netns exec H2 ip link set s-eth2 netns 1 && ip link set H2-eth0 netns H2 (then give it its address and bring both up)');
  });
});

describe('(16) MTU mismatch across a veth pair', () => {
  const MISMATCH = `${HEALTHY}\nip -n R link set R-eth2 mtu 1000`;

  it('small pings pass: a warning on the hop; a 1200-byte ping is lost: with --size it is the cause', async () => {
    const small = await diagnose(MISMATCH, 'H1', '10.0.2.2', {}, async (sandbox) => {
      expect((await ping('H1', '10.0.2.2')(sandbox)).exitCode).toBe(0);
      expect((await ping('H1', '10.0.2.2', 1200)(sandbox)).exitCode).not.toBe(0);
    });
    expect(small.ok).toBe(true);
    expect(small.warnings).toEqual([expect.objectContaining({ cause: 'mtu-mismatch', nearMtu: 1000, farMtu: 1500 })]);
    expect(small.hops[1]!.warnings?.[0]?.because).toBe(
      'R-eth2 in R has MTU 1000 but the other end, H2-eth0 in H2, has MTU 1500: packets larger than 1000 bytes are lost, small ones (a plain ping) pass.',
    );
    const large = await diagnose(MISMATCH, 'H1', '10.0.2.2', { size: 1200 });
    // R fragments the request to R-eth2's 1000; H2's 1228-byte reply fits H2-eth0 but not R-eth2.
    expect(large.hops.map(hopText)).toEqual(['✔ H1 → R via H1-eth0', '✔ R → H2 via R-eth2', '✘ H2 → ? via H2-eth0']);
    expect(large.explanation).toEqual({
      because: 'H2-eth0 in H2 has MTU 1500 but the other end, R-eth2 in R, has MTU 1000: a 1228-byte packet (ping -s 1200) fits the one and not the other, so it is lost.',
      fix: 'ip netns exec R ip link set R-eth2 mtu 1500',
    });
    // Larger than both MTUs: H2 fragments its reply to 1500 bytes, still too large for R-eth2.
    const larger = await diagnose(MISMATCH, 'H1', '10.0.2.2', { size: 2000 }, async (sandbox) => {
      expect((await ping('H1', '10.0.2.2', 2000)(sandbox)).exitCode).not.toBe(0);
    });
    expect(larger.ok).toBe(false);
    expect(larger.hops.map(hopText)).toEqual(['✔ H1 → R via H1-eth0', '✔ R → H2 via R-eth2', '✘ H2 → ? via H2-eth0']);
    expect(larger.explanation?.because).toBe(
      'H2-eth0 in H2 has MTU 1500 but the other end, R-eth2 in R, has MTU 1000: a 2028-byte packet (ping -s 2000) leaves in 1500-byte fragments, which do not fit the other end, so it is lost.',
    );
  });
});

describe('TCP: the tcp check, why --tcp, and (17) checksum offload across an OVS userspace bridge', () => {
  it('tcp accepts / refuses against a real listener', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, `${HEALTHY}\nip netns exec H2 setsid nc -lk 10.0.2.2 8080 </dev/null >/dev/null 2>&1 &\nsleep 0.3`);
      const evaluate = (address: string, port: number, accepts: boolean) =>
        evaluateCheck(check({ kind: 'tcp', address, port, accepts }, 'H1'), sandbox.exec);
      expect(await evaluate('10.0.2.2', 8080, true)).toMatchObject({ passed: true, found: 'connection accepted', expected: 'H1: tcp 10.0.2.2:8080 accepts' });
      expect(await evaluate('10.0.2.2', 8081, false)).toMatchObject({ passed: true, found: 'connection refused (Connection refused)' });
      const refused = await evaluate('10.0.2.2', 8081, true);
      expect(refused.passed).toBe(false);
      expect(refused.found).toBe(
        'connection refused (Connection refused) — The path to 10.0.2.2 is clear, but H2 refused the connection to port 8081: nothing listens there.',
      );
      const ok = await why(sandbox.exec, 'H1', '10.0.2.2', undefined, { tcpPort: 8080 });
      expect(ok).toMatchObject({ ok: true, tcp: { port: 8080, outcome: 'accepted' } });
    });
  });

  it('(17) ping works, TCP times out until tx checksumming is off on the ends that send into the bridge', async () => {
    await withSandbox(async (sandbox) => {
      await startOpenVswitch(sandbox);
      await setUp(sandbox, `${OVS_LAN()}\nip netns exec H2 setsid nc -lk 10.0.0.2 8080 </dev/null >/dev/null 2>&1 &\nsleep 0.3`);
      expect((await ping('H1', '10.0.0.2')(sandbox)).exitCode).toBe(0);
      const tcp = await evaluateCheck(check({ kind: 'tcp', address: '10.0.0.2', port: 8080, accepts: true }, 'H1'), sandbox.exec);
      expect(tcp.passed).toBe(false);
      expect(tcp.found).toMatch(/^connection timed out \(no answer within 2 s\) — TCP to 10\.0\.0\.2 port 8080 gets no answer although ping works/);
      const nslab = ['env', 'NO_COLOR=1', process.execPath, `${ROOT}/bin/nslab`, 'why', 'H1', 'H2', '--tcp', '8080'];
      const broken = await sandbox.exec(nslab);
      expect(broken.exitCode).toBe(1);
      expect(broken.output).toContain('  ✘ tcp 10.0.0.2:8080 (timed-out: no answer within 2 s)\n');
      expect(broken.output).toContain('Fix: ip netns exec H1 ethtool -K H1-eth0 tx off && ip netns exec H2 ethtool -K H2-eth0 tx off\n');
      // The fix, applied, works: the diagnosis was the real cause.
      await setUp(sandbox, 'ip netns exec H1 ethtool -K H1-eth0 tx off >/dev/null; ip netns exec H2 ethtool -K H2-eth0 tx off >/dev/null');
      const fixed = await sandbox.exec(nslab);
      expect(fixed.output).toContain('path clear both ways, connection accepted');
      expect(fixed.exitCode).toBe(0);
    });
  });
});
