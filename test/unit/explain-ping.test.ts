import { describe, expect, it } from 'vitest';
import { pingTarget } from '../../src/run/explain-ping.js';

describe('pingTarget', () => {
  it('finds the namespace and the address of a ping command', () => {
    expect(pingTarget('ip netns exec H1 ping -c 1 -W 1 10.0.2.2')).toEqual({ namespace: 'H1', address: '10.0.2.2' });
    expect(pingTarget('ping -c 3 -i 0.2 10.0.0.2')).toEqual({ address: '10.0.0.2' });
  });

  it('ignores other commands, names instead of addresses and multi-line commands', () => {
    expect(pingTarget('ip netns exec H1 ip route add default via 10.0.1.1')).toBeUndefined();
    expect(pingTarget('ping -c 1 example.org')).toBeUndefined();
    expect(pingTarget('ping -c 1 \\\n  10.0.0.2')).toBeUndefined();
  });

  it('takes IPv6 pings too: ping -6, ping6, an IPv6 address; not a family that contradicts the address', () => {
    expect(pingTarget('ip netns exec H1 ping6 -c 1 fd00:2::2')).toEqual({ namespace: 'H1', address: 'fd00:2::2' });
    expect(pingTarget('ip netns exec H1 ping -6 -c 1 -W 1 fd00:2::2')).toEqual({ namespace: 'H1', address: 'fd00:2::2' });
    expect(pingTarget('ip -n H1 ping -c 1 fd00:2::2')).toBeUndefined();
    expect(pingTarget('ip netns exec H1 ping -c 1 fd00:2::2')).toEqual({ namespace: 'H1', address: 'fd00:2::2' });
    expect(pingTarget('ip netns exec H1 ping -4 -c 1 fd00:2::2')).toBeUndefined();
  });

  it('sees through nsenter --net=, bash -c, ip -n and sudo (issue 17, item 4)', () => {
    expect(pingTarget('nsenter --net=/var/run/netns/H1 ping -c 1 -W 1 10.0.2.2')).toEqual({ namespace: 'H1', address: '10.0.2.2' });
    expect(pingTarget('nsenter --net=/run/netns/H1 ping -c 1 10.0.2.2')).toEqual({ namespace: 'H1', address: '10.0.2.2' });
    expect(pingTarget("ip netns exec H1 bash -c 'ping -c 1 -W 1 10.0.2.2'")).toEqual({ namespace: 'H1', address: '10.0.2.2' });
    expect(pingTarget("bash -c 'ping -c 1 10.0.0.2'")).toEqual({ address: '10.0.0.2' });
    expect(pingTarget('sudo ip netns exec R ping -c 1 10.0.1.2')).toEqual({ namespace: 'R', address: '10.0.1.2' });
  });
});
