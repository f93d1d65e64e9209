import { describe, expect, it } from 'vitest';
import { describePredicate } from '../../src/check/describe-check.js';
import { parseCheck } from '../../src/check/parse-check.js';
import { firewallDrop, type PacketView } from '../../src/diagnose/firewall.js';
import { nftRuleText } from '../../src/diagnose/firewall-text.js';
import type { NftChain, NftRuleset } from '../../src/state/read-nft-ruleset.js';

describe('the tcp predicate', () => {
  it.each([
    ['H1: tcp 10.0.2.2:80 accepts', { namespace: 'H1', predicate: { kind: 'tcp', address: '10.0.2.2', port: 80, accepts: true } }],
    ['tcp [fd00::2]:443 refuses', { predicate: { kind: 'tcp', address: 'fd00::2', port: 443, accepts: false } }],
  ])('parses %s and describes it back', (text, expected) => {
    const parsed = parseCheck(text, 3);
    expect(parsed).toEqual({ ok: true, check: { source: text, line: 3, ...expected } });
    if (parsed.ok) expect(describePredicate(parsed.check.predicate)).toBe(text.replace(/^H1: /, ''));
  });

  it.each([
    ['tcp 10.0.2.2 accepts', '"10.0.2.2" has no port: write it as ADDRESS:PORT, e.g. 10.0.2.2:80'],
    ['tcp 10.0.2.2:70000 accepts', 'port 70000 is out of range (1-65535) in "10.0.2.2:70000"'],
    ['tcp 10.0.2.999:80 accepts', '"10.0.2.999" is not an IPv4 address (in "10.0.2.999:80")'],
    ['tcp 10.0.2.2:80 accept', 'expected "tcp ADDRESS:PORT accepts|refuses|is listening|is not listening", e.g. tcp 10.0.2.2:80 accepts; did you mean "tcp 10.0.2.2:80 accepts"?'],
  ])('rejects %s', (text, message) => {
    expect(parseCheck(text, 1)).toMatchObject({ ok: false, message });
  });
});

describe('firewallDrop', () => {
  const chain = (over: Partial<NftChain>, rules: unknown[][]): NftChain => ({
    family: 'inet', table: 't', name: 'c', type: 'filter', hook: 'input', prio: 0, policy: 'accept',
    rules: rules.map((expr, i) => ({ handle: i + 2, expr })), ...over,
  });
  const m = (left: unknown, right: unknown, op = '==') => ({ match: { op, left, right } });
  const saddr = { payload: { protocol: 'ip', field: 'saddr' } };
  const dport = { payload: { protocol: 'tcp', field: 'dport' } };
  const ct = { ct: { key: 'state' } };
  const ping: PacketView = { saddr: '10.0.1.2', daddr: '10.0.2.2', proto: 'icmp', icmpType: 'echo-request', ctState: 'new', iif: 'R-eth1' };
  const reply: PacketView = { ...ping, icmpType: 'echo-reply', ctState: 'established' };
  const tcp: PacketView = { saddr: '10.0.1.2', daddr: '10.0.2.2', proto: 'tcp', sport: 'ephemeral', dport: 80, ctState: 'new' };
  const rules = (c: NftChain): NftRuleset => ({ chains: [c] });

  it('a prefix match with drop drops; a tcp dport rule does not touch a ping', () => {
    const set = rules(chain({}, [[m(dport, { set: [22, { range: [8000, 8100] }] }), { drop: null }], [m(saddr, { prefix: { addr: '10.0.1.0', len: 24 } }), { counter: null }, { drop: null }]]));
    expect(firewallDrop(set, 'input', ping)).toMatchObject({ rule: { handle: 3 }, certain: true });
    expect(firewallDrop(set, 'forward', ping)).toBeUndefined();
    expect(nftRuleText(set.chains[0]!.rules[0]!)).toBe('tcp dport { 22, 8000-8100 } drop');
  });

  it('policy drop with ct established accepted: the request is dropped by the policy, the reply passes', () => {
    const set = rules(chain({ policy: 'drop' }, [[m(ct, ['established', 'related'], 'in'), { accept: null }], [m(dport, 22), { accept: null }]]));
    expect(firewallDrop(set, 'input', ping)).toEqual({ chain: set.chains[0], certain: true });
    expect(firewallDrop(set, 'input', reply)).toBeUndefined();
    expect(firewallDrop(set, 'input', { ...tcp, dport: 22 })).toBeUndefined();
  });

  it('an xt match it cannot read makes a drop "may", never certain; wildcard interface names match', () => {
    const set = rules(chain({}, [[{ xt: { type: 'match', name: 'limit' } }, { drop: null }], [m({ meta: { key: 'iifname' } }, 'R-eth*'), { reject: null }]]));
    expect(firewallDrop(set, 'input', ping)).toMatchObject({ rule: { handle: 3 }, certain: false });
    expect(firewallDrop(set, 'input', { ...ping, iif: 'lo' })).toMatchObject({ rule: { handle: 2 }, certain: false });
  });

  it('jumps into a regular chain and comes back on return', () => {
    const base = chain({}, [[{ jump: { target: 'sub' } }], [m(saddr, '10.0.1.2'), { drop: null }]]);
    const sub = chain({ name: 'sub', hook: undefined, type: undefined, policy: undefined }, [[m(dport, 80), { accept: null }], [{ return: null }]]);
    expect(firewallDrop({ chains: [base, sub] }, 'input', tcp)).toBeUndefined();
    expect(firewallDrop({ chains: [base, sub] }, 'input', ping)).toMatchObject({ chain: { name: 'c' }, rule: { handle: 3 }, certain: true });
  });
});

describe('firewallDrop for IPv6 packets', () => {
  const chain = (family: string, policy: string, rules: unknown[][]): NftChain => ({
    family, table: 't', name: 'in', type: 'filter', hook: 'input', prio: 0, policy,
    rules: rules.map((expr, i) => ({ handle: i + 2, expr })),
  });
  const m = (left: unknown, right: unknown, op = '==') => ({ match: { op, left, right } });
  const icmpv6Type = { payload: { protocol: 'icmpv6', field: 'type' } };
  const ping6: PacketView = { family: 6, saddr: 'fd00:1::2', daddr: 'fd00:2::2', proto: 'icmp', icmpType: 'echo-request', ctState: 'new' };
  const ping4: PacketView = { saddr: '10.0.1.2', daddr: '10.0.2.2', proto: 'icmp', icmpType: 'echo-request', ctState: 'new' };
  const solicit: PacketView = { family: 6, saddr: 'fe80::1', daddr: 'ff02::1:ff00:2', proto: 'icmp', icmpType: 'nd-neighbor-solicit', ctState: 'untracked' };

  it('an ip table does not see IPv6 packets, an ip6 table not IPv4 ones; inet sees both', () => {
    expect(firewallDrop({ chains: [chain('ip', 'drop', [])] }, 'input', ping6)).toBeUndefined();
    expect(firewallDrop({ chains: [chain('ip', 'drop', [])] }, 'input', ping4)).toMatchObject({ certain: true });
    expect(firewallDrop({ chains: [chain('ip6', 'drop', [])] }, 'input', ping4)).toBeUndefined();
    expect(firewallDrop({ chains: [chain('ip6', 'drop', [])] }, 'input', ping6)).toMatchObject({ certain: true });
    expect(firewallDrop({ chains: [chain('inet', 'drop', [])] }, 'input', ping6)).toMatchObject({ certain: true });
  });

  it('icmpv6 type echo-request matches an IPv6 ping, never an IPv4 one; icmp type never an IPv6 one', () => {
    const dropEcho6 = { chains: [chain('inet', 'accept', [[m(icmpv6Type, 'echo-request'), { drop: null }]])] };
    expect(firewallDrop(dropEcho6, 'input', ping6)).toMatchObject({ rule: { handle: 2 }, certain: true });
    expect(firewallDrop(dropEcho6, 'input', ping4)).toBeUndefined();
    const dropEcho4 = { chains: [chain('inet', 'accept', [[m({ payload: { protocol: 'icmp', field: 'type' } }, 'echo-request'), { drop: null }]])] };
    expect(firewallDrop(dropEcho4, 'input', ping6)).toBeUndefined();
    const l4 = { chains: [chain('inet', 'drop', [[m({ meta: { key: 'l4proto' } }, 'ipv6-icmp'), { accept: null }]])] };
    expect(firewallDrop(l4, 'input', ping6)).toBeUndefined();
    expect(firewallDrop(l4, 'input', ping4)).toMatchObject({ certain: true });
  });

  it('ip6 saddr prefixes, sets and nfproto decide', () => {
    const saddr = { payload: { protocol: 'ip6', field: 'saddr' } };
    const byPrefix = { chains: [chain('ip6', 'accept', [[m(saddr, { prefix: { addr: 'fd00:1::', len: 64 } }), { drop: null }]])] };
    expect(firewallDrop(byPrefix, 'input', ping6)).toMatchObject({ certain: true });
    expect(firewallDrop(byPrefix, 'input', { ...ping6, saddr: 'fd00:3::2' })).toBeUndefined();
    const bySet = { chains: [chain('ip6', 'accept', [[m(saddr, { set: ['fd00:9::1', 'fd00:1::2'] }), { drop: null }]])] };
    expect(firewallDrop(bySet, 'input', ping6)).toMatchObject({ certain: true });
    const byNamedSet = { chains: [chain('ip6', 'accept', [[m(saddr, '@blocked'), { drop: null }]])] };
    expect(firewallDrop(byNamedSet, 'input', ping6)).toMatchObject({ certain: false });
    const v4only = { chains: [chain('inet', 'drop', [[m({ meta: { key: 'nfproto' } }, 'ipv6'), { accept: null }]])] };
    expect(firewallDrop(v4only, 'input', ping6)).toBeUndefined();
  });

  it('neighbour discovery is untracked: established,related does not let it in, its own rule does', () => {
    const ct = { ct: { key: 'state' } };
    const statefulOnly = { chains: [chain('inet', 'drop', [[m(ct, { set: ['established', 'related'] }), { accept: null }], [m(icmpv6Type, 'echo-request'), { accept: null }]])] };
    expect(firewallDrop(statefulOnly, 'input', solicit)).toEqual({ chain: statefulOnly.chains[0], certain: true });
    const withNd = { chains: [chain('inet', 'drop', [[m(icmpv6Type, { set: ['nd-neighbor-solicit', 'nd-neighbor-advert'] }), { accept: null }]])] };
    expect(firewallDrop(withNd, 'input', solicit)).toBeUndefined();
    const numeric = { chains: [chain('inet', 'drop', [[m(icmpv6Type, 135), { accept: null }]])] };
    expect(firewallDrop(numeric, 'input', solicit)).toBeUndefined();
  });
});
