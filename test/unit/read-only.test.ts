import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { probesOf } from '../../src/verify/probes.js';
import { isReadOnlyCommand } from '../../src/shell/read-only.js';
import { verificationOf } from '../../src/verify/verify-step.js';

const READ_ONLY = [
  'ping -c 1 -W 1 10.0.2.2',
  'ip netns exec H1 ping -c 1 -W 1 10.0.2.2',
  'ip route get 10.0.2.2',
  'ip -n H1 route',
  'ip -br a',
  'ip netns exec R ip route show',
  'ip netns',
  'ip netns list',
  'ip link show | grep H1-eth0',
  'ip netns exec R sysctl net.ipv4.ip_forward',
  'sysctl -n net.ipv4.ip_forward',
  'ifconfig',
  'ip netns exec H1 ifconfig -a',
  'ifconfig H1-eth0',
  'route -n',
  'arp -n',
  'bridge fdb show',
  'bridge -j vlan show',
  'ip netns exec H1 bridge link',
  'ovs-vsctl show',
  'ovs-vsctl list-ports s',
  'ovs-ofctl dump-flows s',
  'cat /proc/sys/net/ipv4/ip_forward',
  'ss -tln',
];

const CHANGING = [
  'bridge -b /tmp/cmds',
  'bridge -batch /tmp/cmds',
  'ip netns exec H1 bridge -ba cmds.txt',
  'bridge monitor',
  'bridge -j monitor fdb',
  'ip netns add H1',
  'ip link set H1-eth0 up',
  'ip route add default via 10.0.1.1',
  'ip r a default via 10.0.1.1',
  'ip netns exec R sysctl net.ipv4.ip_forward=1',
  'sysctl -w net.ipv4.ip_forward=1',
  'sysctl -qw net.ipv4.ip_forward=1',
  'sysctl -p',
  'ifconfig H1-eth0 up',
  'ifconfig H1-eth0 10.0.1.2 netmask 255.255.255.0',
  'route add default gw 10.0.1.1',
  'ovs-vsctl add-br s',
  'ovs-vsctl show -- add-br s',
  'ovs-ofctl add-flow s actions=normal',
  'ss -K dst 10.0.0.1',
  'ip monitor',
  'ping -c 1 10.0.0.1 > /tmp/out',
  'ping -c 1 10.0.0.1; ip netns add X',
  'ping -c 1 10.0.0.1 && ip netns add X',
  'ping -c 1 $DST',
  'ip netns exec H1 ip link set lo up',
  'ip link show | sed -i s/a/b/ f',
  'ping -c 1 10.0.0.1 &',
  '(ip route)',
  'echo hello',
  'tcpdump -i eth0',
];

describe('isReadOnlyCommand', () => {
  it.each(READ_ONLY)('%s is a read-only probe', (c) => expect(isReadOnlyCommand(c)).toBe(true));
  it.each(CHANGING)('%s is not', (c) => expect(isReadOnlyCommand(c)).toBe(false));
});

describe('how the router walkthrough is verified', () => {
  it('checks where it has them, probes for the pings and transcripts, and never the forwarding sysctl write', async () => {
    const scenario = await loadScenario('scenarios/l3-router.md');
    expect(scenario.steps.map(verificationOf)).toEqual(['checks', 'checks', 'checks', 'probes', 'probes', 'checks', 'probes', 'checks']);
    expect(probesOf(scenario.steps[4]!).map((p) => p.command.text)).toEqual([
      'ip netns exec H1 ping -c 1 -W 1 10.0.2.2',
      'ip netns exec H2 ping -c 1 -W 1 10.0.1.2',
      'ip netns exec H1 ping -c 1 -W 1 10.0.2.1',
      'ip netns exec H1 ip route',
    ]);
    const all = scenario.steps.flatMap((s) => probesOf(s).map((p) => p.command.text));
    expect(all).not.toContain('ip netns exec R sysctl net.ipv4.ip_forward=1');
  });
});
