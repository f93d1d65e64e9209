import { describe, expect, it } from 'vitest';
import { createdNames } from '../../src/shell/created-names.js';

describe('createdNames', () => {
  it.each([
    ['ip netns add H1', { namespaces: ['H1'] }],
    ['sudo ip -all netns add H1 && ip netns attach H2 123', { namespaces: ['H1', 'H2'] }],
    ['ip link add v0 type veth peer name v1', { links: ['v0', 'v1'] }],
    ['ip l a name v0 type veth peer v1', { links: ['v0', 'v1'] }],
    ['ip link add link eth0 name eth0.10 type vlan id 10', { links: ['eth0.10'] }],
    ['ip link add dev br0 type bridge', { links: ['br0'] }],
    ['ip link add v0 netns H1 type veth peer name v1', { links: ['v1'] }],
    ['ip link add v0 type veth peer name v1 netns H2', { links: ['v0'] }],
    ['ip -n H1 link add v0 type veth peer name v1', {}],
    ['ip netns exec H1 ip link add v0 type veth peer name v1; ip link add r0 type bridge', { links: ['r0'] }],
    ['brctl addbr br1; ip tuntap add dev tap0 mode tap', { links: ['br1', 'tap0'] }],
    ['ovs-vsctl --may-exist add-br s1 -- set bridge s1 datapath_type=netdev -- add-br s2', { bridges: ['s1', 's2'] }],
    ['ip link set v0 netns H1; ip neigh add 10.0.0.1 lladdr 00:00:00:00:00:01 dev v0', {}],
  ])('%s', (text, expected) => {
    const names = createdNames([text]);
    expect({ namespaces: names.namespaces, links: names.links, bridges: names.bridges }).toEqual({
      namespaces: [], links: [], bridges: [], ...expected,
    });
  });

  it('says which kind has a name known only at run time', () => {
    const names = createdNames(['ip netns add "$NS"', 'ip link add v0 type veth peer name "$PEER"']);
    expect(names.dynamic).toEqual({ namespaces: true, links: true, bridges: false });
    expect(names.links).toEqual(['v0']);
  });
});
