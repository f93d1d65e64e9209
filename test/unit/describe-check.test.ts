import { describe, expect, it } from 'vitest';
import { describeCheck } from '../../src/check/describe-check.js';
import { parseCheck } from '../../src/check/parse-check.js';
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

  it('writes the newer predicates back as they parse', () => {
    const lines = [
      'H1: link H1-eth0 has mtu 1500',
      'link s-eth1 is in bridge s',
      'H1: neighbor 10.0.1.1 is reachable',
      'bridge s has learned 02:00:00:00:00:0a on s-eth1',
      'bridge s has learned H1:H1-eth0 on s-eth1',
      'file /tmp/server.log contains "GET / HTTP"',
      'file /tmp/server.log lacks "say \\"x\\""',
      'capture /tmp/c.pcap shows "ICMP echo request"',
      'capture /tmp/c.pcap shows "echo reply" 1 time',
      'capture /tmp/c.pcap shows "ICMP" at least 2 times',
      'path H1 to 10.0.2.2 is clear',
    ];
    for (const line of lines) {
      const parsed = parseCheck(line, 1);
      if (!parsed.ok) throw new Error(`${line}: ${parsed.message}`);
      expect(describeCheck(parsed.check)).toBe(line);
    }
  });
});

describe('summarizePing', () => {
  it('keeps errors and statistics, drops the rest', () => {
    const lost = 'PING 10.0.2.2 (10.0.2.2) 56(84) bytes of data.\n\n--- 10.0.2.2 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n';
    expect(summarizePing(lost)).toBe('1 packets transmitted, 0 received, 100% packet loss');
    expect(summarizePing('ping: connect: Network is unreachable\n')).toBe('connect: Network is unreachable');
  });
});
