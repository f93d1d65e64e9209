/**
 * The newer checks through the CLI, as a scenario uses them: a capture and a server log written
 * by `background` commands in the sandbox's /tmp, ARP, a bridge's learning and the path walk.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'nslab-e2e-predicates-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SCENARIO = `---
title: What a LAN saw
requires: [ip, ping, tcpdump, socat]
---

## Build a LAN on a Linux bridge

\`\`\`sh
ip netns add A; ip netns add B; ip netns add S
ip -n S link add br0 type bridge; ip -n S link set br0 up
ip link add A-eth0 netns A type veth peer name S-eth1 netns S
ip link add B-eth0 netns B type veth peer name S-eth2 netns S
ip -n S link set S-eth1 master br0; ip -n S link set S-eth2 master br0
ip -n S link set S-eth1 up; ip -n S link set S-eth2 up
ip -n A addr add 10.0.0.1/24 dev A-eth0; ip -n A link set A-eth0 up
ip -n B addr add 10.0.0.2/24 dev B-eth0; ip -n B link set B-eth0 up
\`\`\`

\`\`\`check
S: link S-eth1 is in bridge br0
A: link A-eth0 has mtu 1500
\`\`\`

## Watch a ping

\`\`\`sh {background}
ip netns exec B tcpdump -n -i B-eth0 -c 2 -w /tmp/b.pcap icmp
\`\`\`

\`\`\`sh
sleep 1
ip netns exec A ping -c 1 -W 2 10.0.0.2
\`\`\`

\`\`\`check
capture /tmp/b.pcap shows "ICMP echo request" 1 time within 3s
capture /tmp/b.pcap shows "ICMP echo reply" within 3s
A: neighbor 10.0.0.2 is reachable
S: bridge br0 has learned A:A-eth0 on S-eth1
path A to B is clear
\`\`\`

## Start a server

\`\`\`sh {background}
ip netns exec B socat -v TCP-LISTEN:7000,bind=10.0.0.2,fork EXEC:cat 2>/tmp/server.log
\`\`\`

\`\`\`sh
sleep 0.5
echo hello-from-A | ip netns exec A socat -t 1 - TCP:10.0.0.2:7000
\`\`\`

\`\`\`check
file /tmp/server.log contains "hello-from-A" within 3s
file /tmp/server.log lacks "E "
\`\`\`
`;

describe('the newer checks in a scenario', () => {
  it('pass in nslab test, each step failing its checks before it runs', async () => {
    const file = join(work, 'lan.md');
    writeFileSync(file, SCENARIO);
    const run = await runCli(['test', file]);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('✘');
    expect(run.stdout).toMatch(/✔ +2 Watch a ping/);
    expect(run.stdout).toMatch(/✔ +3 Start a server/);
    expect(run.code).toBe(0);
  });

  it('fail with what they found when the state is not there', async () => {
    const file = join(work, 'broken.md');
    writeFileSync(file, SCENARIO.replace('ip netns exec A ping -c 1 -W 2 10.0.0.2', 'ip netns exec A ping -c 1 -W 1 10.0.0.9 || true'));
    const run = await runCli(['test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✘ +2 Watch a ping/);
    expect(run.stdout).toContain('no packet shows "ICMP echo request"');
  });
});
