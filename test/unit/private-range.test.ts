import { describe, expect, it } from 'vitest';
import { privateRange } from '../../src/diagnose/nat-cause.js';

describe('privateRange: the addresses no network routes to from outside', () => {
  it.each([
    ['10.0.0.1', 'RFC 1918'],
    ['172.16.0.1', 'RFC 1918'],
    ['172.31.255.254', 'RFC 1918'],
    ['192.168.1.2', 'RFC 1918'],
    ['100.64.0.1', 'RFC 6598'],
    ['fd00::2', 'RFC 4193'],
    ['fc00:1::1', 'RFC 4193'],
  ])('%s is private (%s)', (address, range) => {
    expect(privateRange(address)).toBe(range);
  });

  it.each(['172.32.0.1', '203.0.113.2', '8.8.8.8', '11.0.0.1', '2001:db8::1', 'fe80::1', 'fec0::1'])('%s is not', (address) => {
    expect(privateRange(address)).toBeUndefined();
  });
});
