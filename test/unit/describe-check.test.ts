import { describe, expect, it } from 'vitest';
import { describeCheck } from '../../src/check/describe-check.js';
import { summarizePing } from '../../src/check/evaluate-ping.js';
import { check } from '../helpers/with-sandbox.js';

describe('describeCheck', () => {
  it('writes the check in the language, with its namespace', () => {
    expect(describeCheck(check({ kind: 'sysctl', key: 'net.ipv4.ip_forward', value: '1' }, 'R'))).toBe(
      'R: sysctl net.ipv4.ip_forward = 1',
    );
    expect(describeCheck(check({ kind: 'route', destination: 'default', via: '10.0.1.1', dev: 'eth0' }))).toBe(
      'route default via 10.0.1.1 dev eth0',
    );
    expect(describeCheck(check({ kind: 'ping', address: '10.0.2.2', succeeds: false, text: 'unreachable' }, 'H1'))).toBe(
      'H1: ping 10.0.2.2 fails with "unreachable"',
    );
    expect(describeCheck(check({ kind: 'bridge-ports', bridge: 's', ports: ['s-eth1', 's-eth2'] }))).toBe(
      'bridge s has ports s-eth1 s-eth2',
    );
  });
});

describe('summarizePing', () => {
  it('keeps errors and statistics, drops the rest', () => {
    const lost = 'PING 10.0.2.2 (10.0.2.2) 56(84) bytes of data.\n\n--- 10.0.2.2 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n';
    expect(summarizePing(lost)).toBe('1 packets transmitted, 0 received, 100% packet loss');
    expect(summarizePing('ping: connect: Network is unreachable\n')).toBe('connect: Network is unreachable');
  });
});
