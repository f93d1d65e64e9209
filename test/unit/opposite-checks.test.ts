import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/check/model.js';
import { movedPast, statesOpposite } from '../../src/check/opposite-checks.js';
import { parseCheck } from '../../src/check/parse-check.js';

function check(text: string): Check {
  const parsed = parseCheck(text, 1);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return parsed.check;
}

describe('statesOpposite', () => {
  it.each([
    ['namespace H1 exists', 'namespace H1 is absent'],
    ['link H1-eth0 exists', 'link H1-eth0 is absent'],
    ['H1: link H1-eth0 is up', 'H1: link H1-eth0 is down within 2s'],
    ['H3: link H3-eth0 has address 10.0.0.2/24', 'H3: link H3-eth0 lacks address 10.0.0.2/24'],
    ['link s-eth1 has mtu 1500', 'link s-eth1 has mtu 9000'],
    ['link s-eth1 is in bridge s', 'link s-eth1 is in bridge t'],
    ['H1: route default via 10.0.1.1', 'H1: no route default'],
    ['R1: route 10.0.3.0/24 dev R1-eth2', 'R1: no route 10.0.3.0/24'],
    ['R: sysctl net.ipv4.ip_forward = 0', 'R: sysctl net.ipv4.ip_forward = 1'],
    ['R: sysctl net/ipv4/ip_forward = 0', 'R: sysctl net.ipv4.ip_forward = 1'],
    ['H1: ping 10.0.0.2 fails', 'H1: ping 10.0.0.2 succeeds'],
    ['H3: ping 10.0.10.2 fails with "Network is unreachable"', 'H3: ping 10.0.10.2 succeeds'],
    ['H1: tcp 10.0.2.2:80 accepts', 'H1: tcp 10.0.2.2:80 refuses'],
    ['file /tmp/nc.log contains "hello"', 'file /tmp/nc.log lacks "hello"'],
  ])('%s / %s: opposites, either way round', (a, b) => {
    expect(statesOpposite(check(a), check(b))).toBe(true);
    expect(statesOpposite(check(b), check(a))).toBe(true);
  });

  it.each([
    // The same claim, or one that holds too.
    ['link H1-eth0 exists', 'link H1-eth0 exists'],
    ['R: sysctl net.ipv4.ip_forward = 1', 'R: sysctl net.ipv4.ip_forward = 1'],
    ['sysctl net.ipv4.ip_local_port_range = 32768 60999', 'sysctl net.ipv4.ip_local_port_range = 32768  60999'],
    // Another namespace, or another subject.
    ['link H1-eth0 exists', 'H1: link H1-eth0 is absent'],
    ['H1: ping 10.0.0.2 fails', 'H2: ping 10.0.0.2 succeeds'],
    ['H1: ping 10.0.0.2 fails', 'H1: ping 10.0.0.3 succeeds'],
    ['link H1-eth0 exists', 'link H1-eth0 is down'],
    ['R: sysctl net.ipv4.ip_forward = 0', 'R: sysctl net.ipv4.conf.all.forwarding = 1'],
    ['file /tmp/nc.log contains "hello"', 'file /tmp/nc.log lacks "bye"'],
    // Claims that can both hold: an interface has several addresses, a destination several routes.
    ['link H4-eth0 has address 10.0.10.4/24', 'link H4-eth0 has address 10.0.20.4/24'],
    ['link H4-eth0 has address 10.0.10.4/16', 'link H4-eth0 lacks address 10.0.10.4/24'],
    ['H1: route default via 10.0.1.1', 'H1: route default via 10.0.1.254'],
    ['H1: ping 10.0.0.2 fails', 'H1: ping 10.0.0.2 fails with "Network is unreachable"'],
    ['H1: neighbor 10.0.0.2 is failed', 'H1: neighbor 10.0.0.2 is reachable'],
    // Kinds with no single value.
    ['bridge s has ports s-eth1 s-eth2', 'bridge s has ports s-eth1'],
    ['capture /tmp/a.pcap shows "ICMP" 2 times', 'capture /tmp/a.pcap shows "ICMP" 0 times'],
  ])('%s / %s: not opposites', (a, b) => {
    expect(statesOpposite(check(a), check(b))).toBe(false);
    expect(statesOpposite(check(b), check(a))).toBe(false);
  });
});

describe('movedPast: a later holding check that shows the state moved past an earlier failing one', () => {
  it.each([
    // Configuration: any opposite.
    ['link H1-eth0 exists', 'link H1-eth0 is absent'],
    ['R: sysctl net.ipv4.ip_forward = 0', 'R: sysctl net.ipv4.ip_forward = 1'],
    ['H4: link H4-eth0 has address 10.0.10.4/24', 'H4: link H4-eth0 lacks address 10.0.10.4/24'],
    // A probe that failed then succeeds now: the network was built further.
    ['H4: ping 10.0.10.1 fails with "Network is unreachable"', 'H4: ping 10.0.10.1 succeeds'],
    ['H1: tcp 10.0.2.2:80 refuses', 'H1: tcp 10.0.2.2:80 accepts'],
    // A probe that succeeded then: only its target address taken away.
    ['H1: ping 10.0.10.3 succeeds', 'H3: link H3-eth0 lacks address 10.0.10.3/24'],
  ])('%s, then %s: moved past', (earlier, later) => {
    expect(movedPast(check(earlier), check(later))).toBe(true);
  });

  it.each([
    // A later failure proves nothing: a network nobody built fails the same way.
    ['A: ping 10.9.0.2 succeeds', 'A: ping 10.9.0.2 fails'],
    ['H1: tcp 10.0.2.2:80 accepts', 'H1: tcp 10.0.2.2:80 refuses'],
    // Another address taken away, or an address added.
    ['H1: ping 10.0.10.3 succeeds', 'H3: link H3-eth0 lacks address 10.0.10.4/24'],
    ['H1: ping 10.0.10.3 succeeds', 'H3: link H3-eth0 has address 10.0.20.3/24'],
    // Not opposites at all.
    ['link H1-eth0 exists', 'link H1-eth0 is down'],
  ])('%s, then %s: not moved past', (earlier, later) => {
    expect(movedPast(check(earlier), check(later))).toBe(false);
  });
});
