import { describe, expect, it } from 'vitest';
import { familyOf, globalAddresses, inSubnet, isAddress, isLinkLocal, moveIntoSubnet, subnetOf } from '../../src/diagnose/ip-address.js';
import { longestPrefixMatch } from '../../src/diagnose/route-lookup.js';
import type { AddressInfo, RouteInfo } from '../../src/state/types.js';

describe('address arithmetic for both families', () => {
  it('tells the families apart, and link-local IPv6 addresses', () => {
    expect([familyOf('10.0.1.2'), familyOf('fd00:1::2'), familyOf('fd00:1::/64'), familyOf('H1')]).toEqual([4, 6, 6, undefined]);
    expect([isAddress('fd00::1'), isAddress('10.0.1.0/24'), isAddress('R')]).toEqual([true, false, false]);
    expect([isLinkLocal('fe80::1'), isLinkLocal('febf::1'), isLinkLocal('fec0::1'), isLinkLocal('fd00::1'), isLinkLocal('10.0.1.1')]).toEqual([true, true, false, false, false]);
  });

  it('subnets: membership never crosses families; /0, /64, /127, /128', () => {
    expect(inSubnet('10.0.1.200', '10.0.1.1', 24)).toBe(true);
    expect(inSubnet('10.0.2.1', '10.0.1.1', 24)).toBe(false);
    expect(inSubnet('fd00:1::ffff:1', 'fd00:1::1', 64)).toBe(true);
    expect(inSubnet('fd00:1:0:1::1', 'fd00:1::1', 64)).toBe(false);
    expect(inSubnet('fd00:1::1', 'fd00:1::', 128)).toBe(false);
    expect(inSubnet('2001:db8::1', '::', 0)).toBe(true);
    expect(inSubnet('10.0.0.1', '::', 0)).toBe(false);
    expect(inSubnet('::ffff:10.0.0.1', '10.0.0.0', 8)).toBe(false);
    expect(subnetOf('fd00:1::2', 64)).toBe('fd00:1::/64');
    expect(subnetOf('fd00:1:2:3:4:5:6:7', 48)).toBe('fd00:1:2::/48');
    expect(subnetOf('10.0.1.2', 24)).toBe('10.0.1.0/24');
  });

  it('moves a host part into another subnet (the address a fix suggests)', () => {
    expect(moveIntoSubnet('10.0.3.2', '10.0.1.1', 24)).toBe('10.0.1.2/24');
    expect(moveIntoSubnet('10.0.1.2', '10.0.1.1', 22)).toBe('10.0.1.2/22');
    expect(moveIntoSubnet('fd00:3::2', 'fd00:1::1', 64)).toBe('fd00:1::2/64');
  });

  it('longest-prefix match (route-lookup.ts) takes the route of the address family only', () => {
    const longestMatch = (routes: RouteInfo[], dst: string) => longestPrefixMatch(routes, dst)?.route;
    const v6: RouteInfo[] = [
      { dst: 'fd00:1::/64', dev: 'H1-eth0', type: 'unicast' },
      { dst: 'fe80::/64', dev: 'H1-eth0', type: 'unicast' },
      { dst: 'fd00:2::/48', gateway: 'fe80::1', dev: 'H1-eth0', type: 'unicast' },
      { dst: 'fd00:2::/64', gateway: 'fd00:1::9', dev: 'H1-eth0', type: 'unicast' },
      { dst: 'default', gateway: 'fd00:1::1', dev: 'H1-eth0', type: 'unicast' },
    ];
    expect(longestMatch(v6, 'fd00:2::2')?.gateway).toBe('fd00:1::9');
    expect(longestMatch(v6, 'fd00:2:0:1::2')?.gateway).toBe('fe80::1');
    expect(longestMatch(v6, 'fd00:1::5')?.gateway).toBeUndefined();
    expect(longestMatch(v6, '2001:db8::1')?.dst).toBe('default');
    const v4: RouteInfo[] = [{ dst: '10.0.1.0/24', dev: 'eth0', type: 'unicast' }];
    expect(longestMatch(v4, 'fd00:1::5')).toBeUndefined();
    expect(longestMatch(v6.slice(0, 4), '10.0.1.5')).toBeUndefined();
    expect(longestMatch(v4, 'not-an-address')).toBeUndefined();
  });

  it('the addresses a packet can use: no loopback, no link-local', () => {
    const a = (address: string, family: 'inet' | 'inet6', scope?: string): AddressInfo => ({ ifname: 'eth0', family, address, prefixlen: 64, ...(scope && { scope }) });
    const all = [a('127.0.0.1', 'inet', 'host'), a('10.0.1.2', 'inet', 'global'), a('::1', 'inet6', 'host'), a('fe80::1', 'inet6', 'link'), a('fd00:1::2', 'inet6', 'global')];
    expect(globalAddresses(all, 4).map((x) => x.address)).toEqual(['10.0.1.2']);
    expect(globalAddresses(all, 6).map((x) => x.address)).toEqual(['fd00:1::2']);
  });
});
