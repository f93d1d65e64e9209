import { describe, expect, it } from 'vitest';
import { ipFamily, normalizeAddress, normalizeDestination } from '../../src/util/cidr.js';

describe('cidr', () => {
  it('normalizes destinations as ip prints them', () => {
    expect(normalizeDestination('default')).toBe('default');
    expect(normalizeDestination('0.0.0.0/0')).toBe('default');
    expect(normalizeDestination('::/0')).toBe('default');
    expect(normalizeDestination('10.0.1.5/24')).toBe('10.0.1.0/24');
    expect(normalizeDestination('10.0.1.5')).toBe('10.0.1.5/32');
    expect(normalizeDestination('2001:DB8:0:0:1::7/64')).toBe('2001:db8::/64');
    expect(normalizeDestination('2001:db8::1')).toBe('2001:db8::1/128');
    expect(normalizeDestination('nonsense')).toBe('nonsense');
  });

  it('normalizes addresses and tells families', () => {
    expect(normalizeAddress('FE80:0::1')).toBe('fe80::1');
    expect(normalizeAddress('10.0.0.1')).toBe('10.0.0.1');
    expect(ipFamily('10.0.0.0/8')).toBe(4);
    expect(ipFamily('fe80::1')).toBe(6);
    expect(ipFamily('default')).toBeUndefined();
  });
});
