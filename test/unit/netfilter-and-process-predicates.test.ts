import { describe, expect, it } from 'vitest';
import { describePredicate } from '../../src/check/describe-check.js';
import { statesOpposite } from '../../src/check/opposite-checks.js';
import { parseCheck } from '../../src/check/parse-check.js';
import { natDecision, withIptablesArguments } from '../../src/diagnose/nat.js';
import { outsideClass, prefixClass } from '../../src/diagnose/nft-match.js';
import type { NftRuleset } from '../../src/state/read-nft-ruleset.js';
import { parseProcesses } from '../../src/state/read-processes.js';
import { parseSs } from '../../src/state/read-sockets.js';
import { complement, prefixRange, relation } from '../../src/util/ipv4-ranges.js';

describe('parsing the nat, firewall, process and listening checks', () => {
  it.each([
    ['R: nat masquerades 10.0.1.0/24 out R-eth1', { kind: 'source-nat', source: '10.0.1.0/24', out: 'R-eth1' }],
    ['R: nat masquerades 10.0.1.7/24', { kind: 'source-nat', source: '10.0.1.0/24' }],
    ['R: nat translates 10.0.1.0/24 out R-eth1 to 203.0.113.1', { kind: 'source-nat', source: '10.0.1.0/24', out: 'R-eth1', to: '203.0.113.1' }],
    ['R: nat forwards tcp 10.0.0.1:8080 to 172.18.0.10:80', { kind: 'destination-nat', proto: 'tcp', address: '10.0.0.1', port: 8080, to: '172.18.0.10', toPort: 80 }],
    ['R: nat forwards udp 10.0.0.1:53 in R-eth0 to 172.18.0.10', { kind: 'destination-nat', proto: 'udp', address: '10.0.0.1', port: 53, in: 'R-eth0', to: '172.18.0.10' }],
    ['R: firewall accepts tcp from 10.0.1.2 to 10.0.2.2 port 80', { kind: 'firewall', accepts: true, flow: { proto: 'tcp', from: '10.0.1.2', to: '10.0.2.2', port: 80 } }],
    ['R: firewall drops icmp from 10.0.1.0/24 in R-eth1 out R-eth2', { kind: 'firewall', accepts: false, flow: { proto: 'icmp', from: '10.0.1.0/24', in: 'R-eth1', out: 'R-eth2' } }],
    ['H2: process socat is running', { kind: 'process', name: 'socat', running: true }],
    ['H2: process "http.server 80" is not running', { kind: 'process', name: 'http.server 80', running: false }],
    ['H2: process "dnsmasq" is running', { kind: 'process', name: 'dnsmasq', running: true }],
    ['H2: tcp 10.0.2.2:80 is listening', { kind: 'listening', proto: 'tcp', address: '10.0.2.2', port: 80, listening: true }],
    ['H2: udp *:53 is not listening', { kind: 'listening', proto: 'udp', address: '*', port: 53, listening: false }],
    ['H2: tcp [fd00::2]:80 is listening', { kind: 'listening', proto: 'tcp', address: 'fd00::2', port: 80, listening: true }],
  ])('%s', (text, predicate) => {
    const parsed = parseCheck(text, 4);
    expect(parsed).toMatchObject({ ok: true, check: { predicate } });
    if (parsed.ok) expect(parseCheck(`X: ${describePredicate(parsed.check.predicate)}`, 1)).toMatchObject({ ok: true, check: { predicate } });
  });

  it.each([
    ['R: nat masquerade 10.0.1.0/24', 'did you mean "nat masquerades 10.0.1.0/24"?', 8],
    ['R: nat masquerades 10.0.1.0/24 dev R-eth1', 'did you mean "out"?', 32],
    ['R: nat masquerades fd00::/64', '"fd00::/64" is an IPv6 address: nslab reads the IPv4 rules only (tables ip and inet)', 20],
    ['R: nat translates 10.0.1.0/24 out R-eth1', '"nat translates" needs "to ADDRESS"', 42],
    ['R: nat forwards tpc 10.0.0.1:80 to 10.0.1.2', 'expected tcp or udp after "nat forwards"; did you mean "tcp"?', 17],
    ['R: nat forwards tcp 10.0.0.1 to 10.0.1.2', '"10.0.0.1" has no port', 21],
    ['R: firewall allows tcp', 'expected "firewall accepts|drops', 13],
    ['R: firewall drops ping from 10.0.1.2', 'did you mean "icmp"?', 19],
    ['R: firewall drops icmp port 80', '("port" only with tcp or udp)', 24],
    ['R: firewall drops tcp form 10.0.1.2', 'did you mean "from"?', 23],
    ['R: firewall drops tcp port 70000', 'a port is a number from 1 to 65535, got "70000"', 28],
    ['H: process socat is runing', 'did you mean "process socat is running"?', 18],
    ['H: process is running', 'the program\'s name is missing', 12],
    ["H: process 'dnsmasq' is running", 'a process name cannot hold quotes (check lines quote with "..." only): write process "dnsmasq"', 12],
    ['H: process dnsmasq" is running', 'a process name cannot hold quotes', 12],
    ['H: udp 10.0.0.1:53 accepts', 'expected "udp ADDRESS:PORT is listening|is not listening"', 20],
    ['H: tcp 10.0.0.1:80 is listenning', 'did you mean "tcp 10.0.0.1:80 is listening"?', 20],
    ['H: tcp *:80 accepts', '"*" is not an IPv4 address (in "*:80")', 8],
  ])('rejects %s', (text, message, column) => {
    const parsed = parseCheck(text, 1);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toContain(message);
      expect(parsed.column).toBe(column);
    }
  });

  it('accepts and drops of one flow, running and not running, listening and not, are opposites', () => {
    const c = (t: string) => { const p = parseCheck(t, 1); if (!p.ok) throw new Error(p.message); return p.check; };
    expect(statesOpposite(c('R: firewall accepts tcp to 10.0.2.2 port 80'), c('R: firewall drops tcp to 10.0.2.2 port 80'))).toBe(true);
    expect(statesOpposite(c('R: firewall accepts tcp to 10.0.2.2 port 80'), c('R: firewall drops tcp to 10.0.2.2 port 22'))).toBe(false);
    expect(statesOpposite(c('H: process socat is running'), c('H: process socat is not running'))).toBe(true);
    expect(statesOpposite(c('H: tcp *:80 is listening'), c('H: tcp *:80 is not listening'))).toBe(true);
  });
});

describe('address classes', () => {
  it('compares sets of IPv4 addresses', () => {
    const p24 = [prefixRange('10.0.1.0/24')!];
    expect(relation(p24, [prefixRange('10.0.0.0/16')!])).toBe('inside');
    expect(relation([prefixRange('10.0.0.0/16')!], p24)).toBe('overlap');
    expect(relation(p24, [prefixRange('10.0.2.0/24')!])).toBe('outside');
    expect(relation(complement(p24), p24)).toBe('outside');
    expect(prefixRange('10.0.1.77/24')).toEqual(prefixRange('10.0.1.0/24'));
  });
});

describe('natDecision', () => {
  const m = (left: unknown, right: unknown, op = '==') => ({ match: { op, left, right } });
  const saddr = { payload: { protocol: 'ip', field: 'saddr' } };
  const daddr = { payload: { protocol: 'ip', field: 'daddr' } };
  const oif = { meta: { key: 'oifname' } };
  const post = (rules: unknown[][]): NftRuleset => ({
    chains: [{ family: 'ip', table: 'nat', name: 'POSTROUTING', type: 'nat', hook: 'postrouting', prio: 100, policy: 'accept', rules: rules.map((expr, i) => ({ handle: i + 2, expr })) }],
  });
  const source = prefixClass('192.168.1.0/24')!;
  const packet = { saddr: source, daddr: outsideClass(source), proto: 'any' as const, ctState: 'new' as const, oif: 'eth0' };

  it('translates a whole prefix only when no address of it escapes the rule', () => {
    const masq = post([[m(saddr, { prefix: { addr: '192.168.0.0', len: 16 } }), m(oif, 'eth0'), { masquerade: null }]]);
    expect(natDecision(masq, 'postrouting', packet)).toMatchObject({ translated: true, certain: true, nat: { type: 'masquerade' } });
    const narrow = post([[m(saddr, { prefix: { addr: '192.168.1.0', len: 25 } }), { masquerade: null }]]);
    expect(natDecision(narrow, 'postrouting', packet)).toMatchObject({ translated: false, may: { rule: { handle: 2 } } });
    // `! -d 192.168.1.0/24`: packets from the prefix to anywhere outside it are all translated.
    const notLocal = post([[m(saddr, { prefix: { addr: '192.168.1.0', len: 24 } }), m(daddr, { prefix: { addr: '192.168.1.0', len: 24 } }, '!='), { xt: { type: 'target', name: 'MASQUERADE' } }]]);
    expect(natDecision(notLocal, 'postrouting', packet)).toMatchObject({ translated: true, certain: true, nat: { type: 'masquerade', xt: true } });
    // A RETURN (accept) first for the prefix: nothing is translated.
    const skipped = post([[m(saddr, { prefix: { addr: '192.168.0.0', len: 16 } }), { accept: null }], [{ masquerade: null }]]);
    expect(natDecision(skipped, 'postrouting', packet)).toEqual({ translated: false });
  });

  it('reads an iptables target\'s arguments from its -S line', () => {
    expect(withIptablesArguments({ type: 'dnat', xt: true }, '-A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.10:80')).toEqual({ type: 'dnat', xt: true, addr: '172.18.0.10', port: 80 });
    expect(withIptablesArguments({ type: 'snat', xt: true }, '-A POSTROUTING -j SNAT --to-source 203.0.113.1-203.0.113.5')).toEqual({ type: 'snat', xt: true, addr: '203.0.113.1' });
    expect(withIptablesArguments({ type: 'redirect', xt: true }, '-A PREROUTING -p udp -j REDIRECT --to-ports 5353')).toEqual({ type: 'redirect', xt: true, port: 5353 });
    expect(withIptablesArguments({ type: 'dnat', addr: '1.2.3.4' }, undefined)).toEqual({ type: 'dnat', addr: '1.2.3.4' });
  });

  it("reads an ip6tables target's IPv6 arguments: a bare address, a range, a bracketed address with a port", () => {
    expect(withIptablesArguments({ type: 'snat', xt: true }, '-A POSTROUTING -o x -j SNAT --to-source 2001:db8::1')).toEqual({ type: 'snat', xt: true, addr: '2001:db8::1' });
    expect(withIptablesArguments({ type: 'snat', xt: true }, '-A POSTROUTING -j SNAT --to-source 2001:db8:0::1-2001:db8::5')).toEqual({ type: 'snat', xt: true, addr: '2001:db8::1' });
    expect(withIptablesArguments({ type: 'dnat', xt: true }, '-A PREROUTING -i x -p tcp -m tcp --dport 80 -j DNAT --to-destination [fd00::5]:8080')).toEqual({ type: 'dnat', xt: true, addr: 'fd00::5', port: 8080 });
  });
});

describe('reading ss and ps', () => {
  it('parses ss -Hltnup: wildcards per family, an interface binding, the processes', () => {
    const text = [
      'udp UNCONN 0      0        0.0.0.0:53 0.0.0.0:* users:(("python3",pid=1467,fd=7))',
      'tcp LISTEN 0      128         [::]:82    [::]:* users:(("python3",pid=1467,fd=4))',
      'tcp LISTEN 0      128            *:81       *:*',
      'tcp LISTEN 0      4096 10.0.0.1%eth0:80 0.0.0.0:* users:(("nginx",pid=9,fd=6),("nginx",pid=10,fd=6))',
      'tcp LISTEN 0      128   [FD00::1]:443   [::]:*',
    ].join('\n');
    expect(parseSs(text)).toEqual([
      { proto: 'udp', address: '0.0.0.0', port: 53, users: ['python3 (pid 1467)'] },
      { proto: 'tcp', address: '::', port: 82, users: ['python3 (pid 1467)'] },
      { proto: 'tcp', address: '*', port: 81, users: [] },
      { proto: 'tcp', address: '10.0.0.1', port: 80, dev: 'eth0', users: ['nginx (pid 9)', 'nginx (pid 10)'] },
      { proto: 'tcp', address: 'fd00::1', port: 443, users: [] },
    ]);
  });

  it('parses ps: only the namespace\'s processes, not the reading shell, zombies marked', () => {
    const text = [
      '40 net:[4026532300]',
      '4026532300     7 S    socat           socat TCP-LISTEN:80,fork -',
      '4026531833     8 S    bash            bash',
      '4026532300    40 R    ps              ps -e -o netns=,pid=,stat=,comm=,args=',
      '4026532300    41 Z    sleep           [sleep] <defunct>',
      '         -     1 S    init            /sbin/init',
    ].join('\n');
    expect(parseProcesses(text)).toEqual([
      { pid: 7, comm: 'socat', args: 'socat TCP-LISTEN:80,fork -', zombie: false },
      { pid: 41, comm: 'sleep', args: '[sleep] <defunct>', zombie: true },
    ]);
  });
});
