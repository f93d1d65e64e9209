import { describe, expect, it } from 'vitest';
import { describeCheck } from '../../src/check/describe-check.js';
import { commandEffect, type EffectCondition } from '../../src/practice/command-effect.js';
import { sameOvsValue } from '../../src/practice/effect-holds.js';

/** A condition in words, to compare. */
function words(c: EffectCondition): string {
  switch (c.kind) {
    case 'check':
      return describeCheck(c.check);
    case 'pair':
      return `pair ${c.name} ${c.peer}`;
    case 'ovs-bridge':
      return `ovs bridge ${c.bridge} ${c.present ? 'exists' : 'is absent'}`;
    case 'ovs-column':
      return `${c.table} ${c.record} ${c.column}=${c.value}`;
  }
}

describe('commandEffect: what a lesson command leaves behind', () => {
  it.each([
    ['ip netns add H1', ['namespace H1 exists']],
    ['ip netns del H1', ['namespace H1 is absent']],
    ['ip link add H1-eth0 type veth peer name R-eth1', ['pair H1-eth0 R-eth1']],
    ['ip link add H1-eth0 address 02:00:00:00:00:01 type veth peer name s-eth1', ['pair H1-eth0 s-eth1']],
    ['ip link add s type bridge', ['link s exists']],
    ['ip netns exec R ip link add v0 type dummy', ['R: link v0 exists']],
    ['ip link del dev v0', ['link v0 is absent']],
    ['ip link set H1-eth0 netns H1', ['H1: link H1-eth0 exists']],
    ['ip link set dev R-eth1 netns R', ['R: link R-eth1 exists']],
    ['ip netns exec H1 ip addr add 10.0.1.2/24 dev H1-eth0', ['H1: link H1-eth0 has address 10.0.1.2/24']],
    ['ip -n H1 address add 10.0.1.2 dev H1-eth0', ['H1: link H1-eth0 has address 10.0.1.2/32']],
    ['ip netns exec H3 ip addr del 10.0.10.3/24 dev H3-eth0', ['H3: link H3-eth0 lacks address 10.0.10.3/24']],
    ['ip netns exec H1 ip route add default via 10.0.1.1 dev H1-eth0', ['H1: route default via 10.0.1.1 dev H1-eth0']],
    ['ip netns exec R1 ip route add 10.0.3.0/24 via 10.0.2.2', ['R1: route 10.0.3.0/24 via 10.0.2.2']],
    ['ip netns exec H1 ip route del default', ['H1: no route default']],
    ['ovs-vsctl add-br s -- set bridge s datapath_type=netdev', ['ovs bridge s exists', 'bridge s datapath_type=netdev']],
    ['ovs-vsctl add-port s s-eth5 trunks=10,20', ['link s-eth5 is in bridge s', 'port s-eth5 trunks=10,20']],
    ['ovs-vsctl set port s-eth1 tag=10', ['port s-eth1 tag=10']],
    ['ovs-vsctl del-br s', ['ovs bridge s is absent']],
  ])('%s', (text, expected) => {
    expect(commandEffect(text)?.conditions.map(words)).toEqual(expected);
  });

  it.each([
    // idempotent: solve runs them again
    'ip link set H1-eth0 up',
    'ip netns exec R sysctl -qw net.ipv4.ip_forward=1',
    'ip netns exec H1 ifconfig H1-eth0 10.0.1.2 netmask 255.255.255.0',
    'ip link set s-eth1 master s',
    // not one simple command, or only known at run time
    'ip netns add H1; ip netns add H2',
    'ip netns add "$NS"',
    'ip netns add H1 2>/dev/null',
    // forms whose effect is more than the table knows
    'ip link add v0 netns H1 type veth peer name v1',
    'ip route add default via 10.0.1.1 metric 5',
    'ip addr add 10.0.0.1/24 brd + dev v0',
    'ovs-vsctl --may-exist add-br s',
    'ip -all netns exec ip link',
  ])('%s: no known effect', (text) => {
    expect(commandEffect(text)).toBeUndefined();
  });

  it('compares Open vSwitch values as ovs-vsctl get prints them with those a set writes', () => {
    expect(sameOvsValue('[10, 20]', '10,20')).toBe(true);
    expect(sameOvsValue('[20, 10]', '10,20')).toBe(true);
    expect(sameOvsValue('"netdev"', 'netdev')).toBe(true);
    expect(sameOvsValue('[]', '10')).toBe(false);
    expect(sameOvsValue('20', '10')).toBe(false);
  });
});
