/**
 * The newer predicates on real state: a Linux bridge and an Open vSwitch bridge between
 * namespaces, ARP, a server's log, a tcpdump capture and the router topology's path — built
 * in one private sandbox, each check seen failing and holding.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCheck } from '../../src/check/evaluate-check.js';
import type { Predicate } from '../../src/check/model.js';
import { startOpenVswitch } from '../../src/sandbox/openvswitch.js';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { createStateReader } from '../../src/state/state-reader.js';
import { check, evaluateLine, L3_TOPOLOGY, recordingExec, setUp, withSandbox } from '../helpers/with-sandbox.js';

/** A and B on the Linux bridge br0 in namespace S; C and D on the Open vSwitch bridge s. */
const SWITCHES = `
ip netns add A; ip netns add B; ip netns add S
ip -n S link add br0 type bridge
ip link add A-eth0 netns A type veth peer name S-eth1 netns S
ip link add B-eth0 netns B type veth peer name S-eth2 netns S
ip -n S link set S-eth1 master br0; ip -n S link set S-eth2 master br0
ip -n S link set br0 up; ip -n S link set S-eth1 up; ip -n S link set S-eth2 up
ip -n A addr add 10.0.0.1/24 dev A-eth0; ip -n A link set A-eth0 up
ip -n B addr add 10.0.0.2/24 dev B-eth0; ip -n B link set B-eth0 up
ip netns add C; ip netns add D
ip link add o1 type veth peer name C-eth0 netns C
ip link add o2 type veth peer name D-eth0 netns D
ip -n C addr add 10.1.0.1/24 dev C-eth0; ip -n C link set C-eth0 up
ip -n D addr add 10.1.0.2/24 dev D-eth0; ip -n D link set D-eth0 up
ovs-vsctl add-br s -- set bridge s datapath_type=netdev
ovs-vsctl add-port s o1 -- add-port s o2
ip link set o1 up; ip link set o2 up; ip link set s up
`;

/** Waits until B has a packet socket open (tcpdump listening: `ss -0`), then a little more for its filter. */
const WAIT_FOR_CAPTURE = 'for i in $(seq 50); do ip netns exec B ss -0 -a 2>/dev/null | grep -q . && break; sleep 0.1; done; sleep 0.5';

describe('newer predicates on real namespaces, bridges and files', () => {
  let sandbox: Sandbox;
  const evaluate = (predicate: Predicate, ns?: string) => evaluateCheck(check(predicate, ns), sandbox.exec);
  /** Evaluates a check line as a scenario writes it. */
  const line = (text: string) => evaluateLine(sandbox.exec, text);

  beforeAll(async () => {
    sandbox = await openPrivateSandbox();
    await startOpenVswitch(sandbox);
    await setUp(sandbox, SWITCHES + L3_TOPOLOGY);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('link has mtu', async () => {
    expect(await line('A: link A-eth0 has mtu 1500')).toMatchObject({ passed: true, found: 'A-eth0 has mtu 1500' });
    expect(await line('A: link A-eth0 has mtu 9000')).toMatchObject({ passed: false, found: 'A-eth0 has mtu 1500' });
    await setUp(sandbox, 'ip -n A link set A-eth0 mtu 1400');
    expect(await line('A: link A-eth0 has mtu 1400')).toMatchObject({ passed: true, found: 'A-eth0 has mtu 1400' });
    await setUp(sandbox, 'ip -n A link set A-eth0 mtu 1500');
    expect((await line('A: link A-eth9 has mtu 1500')).found).toBe('A has no link A-eth9; its links: lo, A-eth0');
  });

  it('link is in bridge: Linux bridge master, Open vSwitch port, none', async () => {
    expect(await line('S: link S-eth1 is in bridge br0')).toMatchObject({ passed: true, found: 'S-eth1 is in bridge br0' });
    expect(await line('S: link S-eth1 is in bridge br1')).toMatchObject({ passed: false, found: 'S-eth1 is in bridge br0' });
    expect(await line('link o1 is in bridge s')).toMatchObject({ passed: true, found: 'o1 is in Open vSwitch bridge s' });
    expect(await line('link o2 is in bridge t')).toMatchObject({ passed: false, found: 'o2 is in Open vSwitch bridge s' });
    await setUp(sandbox, 'ip -n S link set S-eth2 nomaster');
    expect(await line('S: link S-eth2 is in bridge br0')).toMatchObject({ passed: false, found: 'S-eth2 is in no bridge' });
    await setUp(sandbox, 'ip -n S link set S-eth2 master br0');
    expect(await line('S: link S-eth2 is in bridge br0')).toMatchObject({ passed: true });
    await setUp(sandbox, 'ip link add lone0 type veth peer name lone1');
    expect(await line('link lone0 is in bridge s')).toMatchObject({ passed: false, found: 'lone0 is in no bridge' });
  });

  it('neighbor: absent, then reachable after a ping; failed when nobody answers ARP', async () => {
    expect(await line('A: neighbor 10.0.0.2 is reachable')).toMatchObject({ passed: false, found: '10.0.0.2 has no neighbor entry' });
    expect((await line('A: neighbor 10.0.0.2 is absent')).passed).toBe(true);
    await setUp(sandbox, 'ip netns exec A ping -c 1 -W 2 10.0.0.2');
    const mac = (await sandbox.exec(['cat', '/sys/class/net/B-eth0/address'])).output; // not in the root namespace
    expect(mac).toContain('No such file');
    const reachable = await line('A: neighbor 10.0.0.2 is reachable');
    expect(reachable.passed).toBe(true);
    expect(reachable.found).toMatch(/^10\.0\.0\.2 is (REACHABLE|STALE|DELAY) at ([0-9a-f]{2}:){5}[0-9a-f]{2} on A-eth0$/);
    expect((await line('A: neighbor 10.0.0.2 is failed')).passed).toBe(false);
    // STALE is still resolved: the kernel sends to it at once (ip-neighbour(8)).
    await setUp(sandbox, 'ip -n A neigh change 10.0.0.2 dev A-eth0 nud stale');
    expect(await line('A: neighbor 10.0.0.2 is reachable')).toMatchObject({ passed: true });
    expect((await line('A: neighbor 10.0.0.2 is reachable')).found).toContain('is STALE at');
    // Nobody has 10.0.0.9: INCOMPLETE while ARP asks, FAILED after its 3 unanswered requests.
    await setUp(sandbox, 'ip netns exec A ping -c 1 -W 1 10.0.0.9 || true');
    const failed = await line('A: neighbor 10.0.0.9 is failed within 10s');
    expect(failed).toMatchObject({ passed: true, found: '10.0.0.9 is FAILED on A-eth0 (no answer to ARP)' });
    expect((await line('A: neighbor 10.0.0.9 is reachable')).found).toBe('10.0.0.9 is FAILED on A-eth0 (no answer to ARP)');
    expect((await line('NOPE: neighbor 10.0.0.9 is absent')).found).toBe('namespace NOPE does not exist');
  });

  it('bridge has learned: a Linux bridge\'s fdb, by MAC or by NS:IF', async () => {
    await setUp(sandbox, 'ip netns exec A ping -c 1 -W 2 10.0.0.2');
    const macA = (await sandbox.exec(['ip', 'netns', 'exec', 'A', 'cat', '/sys/class/net/A-eth0/address'])).output.trim();
    expect(await line('S: bridge br0 has learned A:A-eth0 on S-eth1')).toMatchObject({
      passed: true,
      found: `bridge br0 learned ${macA} (A:A-eth0) on S-eth1`,
    });
    expect(await line(`S: bridge br0 has learned ${macA.toUpperCase()} on S-eth2`)).toMatchObject({
      passed: false,
      found: `bridge br0 learned ${macA} on S-eth1`,
    });
    const unknown = await line('S: bridge br0 has learned 02:00:00:00:00:99 on S-eth1');
    expect(unknown.passed).toBe(false);
    // The ports' own addresses (permanent entries) are not learned ones.
    expect(unknown.found).toMatch(/^bridge br0 has not learned 02:00:00:00:00:99; it learned (\S+ on S-eth\d(, )?){2,}$/);
    expect(unknown.found).not.toContain('on br0');
    expect((await line('S: bridge br0 has learned A:nope on S-eth1')).found).toBe('A has no link nope; its links: lo, A-eth0');
    expect((await line('S: bridge zz has learned A:A-eth0 on S-eth1')).found).toBe('bridge zz does not exist');
  });

  it('bridge has learned: an Open vSwitch bridge\'s fdb, ports named from their OpenFlow numbers', async () => {
    const never = await line('bridge s has learned 02:00:00:00:00:99 on o1');
    expect(never.found).toMatch(/^bridge s has not learned 02:00:00:00:00:99; it (learned .* on o\d|has learned no MAC address)/);
    await setUp(sandbox, 'ip netns exec C ping -c 1 -W 3 10.1.0.2');
    const macC = (await sandbox.exec(['ip', 'netns', 'exec', 'C', 'cat', '/sys/class/net/C-eth0/address'])).output.trim();
    expect(await line('bridge s has learned C:C-eth0 on o1')).toMatchObject({ passed: true, found: `bridge s learned ${macC} (C:C-eth0) on o1` });
    expect(await line('bridge s has learned C:C-eth0 on o2')).toMatchObject({ passed: false, found: `bridge s learned ${macC} (C:C-eth0) on o1` });
    expect((await line('bridge s has learned D:D-eth0 on o2')).passed).toBe(true);
  });

  it('file contains / lacks, read inside the sandbox (its own /tmp)', async () => {
    await setUp(sandbox, `printf 'Serving HTTP on 0.0.0.0 port 8000\\n10.0.0.1 - - "GET / HTTP/1.1" 200 -\\n' > /tmp/server.log`);
    expect(await line('file /tmp/server.log contains "GET / HTTP/1.1"')).toMatchObject({
      passed: true,
      found: '/tmp/server.log has "GET / HTTP/1.1" at line 2: 10.0.0.1 - - "GET / HTTP/1.1" 200 -',
    });
    expect((await line('file /tmp/server.log lacks "GET /"')).passed).toBe(false);
    expect(await line('file /tmp/server.log contains "POST"')).toMatchObject({
      passed: false,
      found: '/tmp/server.log has no line with "POST"; its last lines: Serving HTTP on 0.0.0.0 port 8000 | 10.0.0.1 - - "GET / HTTP/1.1" 200 -',
    });
    expect((await line('file /tmp/server.log lacks "POST"')).passed).toBe(true);
    expect(await line('file /tmp/nothing.log lacks "x"')).toMatchObject({ passed: false, found: 'file /tmp/nothing.log is absent' });
    // A file in the host's /tmp is not the sandbox's.
    const name = `/tmp/nslab-pred-${randomBytes(4).toString('hex')}.log`;
    writeFileSync(name, 'on the host\n');
    try {
      expect(await line(`file ${name} contains "host"`)).toMatchObject({ passed: false, found: `file ${name} is absent` });
    } finally {
      rmSync(name);
    }
    expect((await line('file /tmp contains "x"')).found).toBe('grep: /tmp: Is a directory');
  });

  it('capture shows: counts packet lines of tcpdump -r; a capture still being written says so', async () => {
    // -c 4: tcpdump stops (and flushes) after the 2 requests and 2 replies; -Q in: only what
    // arrives, so IPv6 chatter sent by A itself is left out.
    await setUp(sandbox, `
      ip netns exec B tcpdump -n -i B-eth0 -Q in -c 2 -w /tmp/in.pcap icmp 2>/dev/null & pid=$!
      ${WAIT_FOR_CAPTURE}
      ip netns exec A ping -c 2 -i 0.2 -W 1 10.0.0.2 >/dev/null
      wait $pid`);
    expect(await line('capture /tmp/in.pcap shows "ICMP echo request" 2 times')).toMatchObject({ passed: true });
    const three = await line('capture /tmp/in.pcap shows "ICMP echo request" at least 3 times');
    expect(three.passed).toBe(false);
    expect(three.found).toMatch(/^2 of 2 packets show "ICMP echo request": \S+ IP 10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request/);
    expect(await line('capture /tmp/in.pcap shows "ICMP echo reply" 0 times')).toMatchObject({ passed: true });
    expect((await line('capture /tmp/in.pcap shows "ICMP echo reply"')).found).toMatch(/^no packet shows "ICMP echo reply" \(2 packets\): /);
    // Cut inside a packet, as a capture still being written often is.
    await setUp(sandbox, 'head -c 100 /tmp/in.pcap > /tmp/cut.pcap; : > /tmp/empty.pcap');
    const cut = await line('capture /tmp/cut.pcap shows "ICMP echo request" 2 times');
    expect(cut.passed).toBe(false);
    expect(cut.found).toMatch(
      /^(no packet shows|1 of 1 packets show) "ICMP echo request".*; the capture ends inside a packet: tcpdump is probably still writing it \(stop it before the check, or capture with -U or -c N\)$/,
    );
    expect((await line('capture /tmp/empty.pcap shows "ICMP"')).found).toBe(
      'no packet shows "ICMP" (0 packets in the capture); the capture has no complete file header: tcpdump has probably written nothing yet, as it buffers (stop it before the check, or capture with -U or -c N)',
    );
    // A cut capture cannot tell "exactly": an empty file is no proof of "0 times", one whole
    // packet and part of the next no proof of "1 time"; "at least 1" it can tell.
    expect((await line('capture /tmp/empty.pcap shows "ICMP" 0 times')).passed).toBe(false);
    // pcap(5): 24-byte file header, then per packet a 16-byte record header and the frame
    // (98 bytes for a 64-byte ICMP echo over Ethernet); 158 bytes = one packet and 20 more.
    await setUp(sandbox, 'head -c 158 /tmp/in.pcap > /tmp/one-and-a-bit.pcap');
    expect(await line('capture /tmp/one-and-a-bit.pcap shows "ICMP echo request" at least 1 time')).toMatchObject({ passed: true });
    const exactly = await line('capture /tmp/one-and-a-bit.pcap shows "ICMP echo request" 1 time');
    expect(exactly.passed).toBe(false);
    expect(exactly.found).toMatch(/^1 of 1 packets show "ICMP echo request": .*; the capture ends inside a packet/);
    // A tcpdump still running: nothing on disk yet; stopped, it flushes and the check holds.
    // --immediate-mode: without it the kernel hands packets over in blocks, up to 1 s late
    // (TPACKET_V3), and a tcpdump stopped sooner never writes them.
    await setUp(sandbox, `
      ip netns exec B tcpdump -n --immediate-mode -i B-eth0 -w /tmp/live.pcap icmp >/dev/null 2>&1 & echo $! > /tmp/live.pid
      ${WAIT_FOR_CAPTURE}
      ip netns exec A ping -c 1 -W 1 10.0.0.2 >/dev/null`);
    const live = await line('capture /tmp/live.pcap shows "ICMP echo request"');
    expect(live.passed).toBe(false);
    expect(live.found).toContain('tcpdump has probably written nothing yet');
    await setUp(sandbox, 'kill -INT $(cat /tmp/live.pid); while kill -0 $(cat /tmp/live.pid) 2>/dev/null; do sleep 0.1; done');
    expect(await line('capture /tmp/live.pcap shows "ICMP echo request" 1 time')).toMatchObject({ passed: true });
    expect((await line('capture /tmp/none.pcap shows "ICMP"')).found).toBe('capture /tmp/none.pcap does not exist');
  });

  it('path is clear: the why walk as a check', async () => {
    const broken = await line('path H1 to 10.0.2.2 is clear');
    expect(broken.passed).toBe(false);
    expect(broken.found).toMatch(/^✘ H1 → \? \(10\.0\.1\.2 → 10\.0\.2\.2\): H1 has no route to 10\.0\.2\.2/);
    await setUp(sandbox, 'ip -n H1 route add default via 10.0.1.1; ip -n H2 route add default via 10.0.2.1');
    const noForwarding = await line('path H1 to H2 is clear');
    expect(noForwarding).toMatchObject({
      passed: false,
      found: '✘ R → ? (forwards 10.0.1.2 → 10.0.2.2): R has the routes, but forwarding is disabled (net.ipv4.ip_forward = 0), so it drops packets that are not for itself.',
    });
    await setUp(sandbox, 'ip netns exec R sysctl -qw net.ipv4.ip_forward=1');
    expect(await line('path H1 to H2 is clear')).toMatchObject({ passed: true, found: 'clear both ways: H1 → R → H2, and back' });
    expect((await line('path H1 to 10.0.2.2 is clear')).passed).toBe(true);
    expect((await line('path NOPE to H2 is clear')).passed).toBe(false);
  });

  it('a shared state reader reads the neighbor table and an fdb once per round', async () => {
    const { exec: counting, calls } = recordingExec(sandbox);
    const reader = createStateReader(counting);
    await Promise.all([
      evaluateCheck(check({ kind: 'neighbor', address: '10.0.0.2', state: 'reachable' }, 'A'), counting, reader),
      evaluateCheck(check({ kind: 'neighbor', address: '10.0.0.9', state: 'failed' }, 'A'), counting, reader),
      evaluateCheck(check({ kind: 'bridge-learned', bridge: 'br0', station: { mac: '02:00:00:00:00:01' }, port: 'S-eth1' }, 'S'), counting, reader),
      evaluateCheck(check({ kind: 'bridge-learned', bridge: 'br0', station: { mac: '02:00:00:00:00:02' }, port: 'S-eth2' }, 'S'), counting, reader),
    ]);
    expect(calls.filter((c) => c.includes('neigh'))).toEqual(['ip -n A -json neigh show']);
    expect(calls.filter((c) => c.startsWith('bridge'))).toEqual(['bridge -n S -json fdb show br br0']);
    expect((await evaluate({ kind: 'link-mtu', ifname: 'lo', mtu: 65536 })).passed).toBe(true);
  });
});

describe('link is in bridge without Open vSwitch running', () => {
  it('says the interface is in no bridge, without ovs-vsctl\'s connection error', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, 'ip link add lone0 type veth peer name lone1');
      const result = await evaluateCheck(check({ kind: 'link-bridge', ifname: 'lone0', bridge: 's' }), sandbox.exec);
      expect(result).toMatchObject({ passed: false, found: 'lone0 is in no bridge' });
    });
  });
});
