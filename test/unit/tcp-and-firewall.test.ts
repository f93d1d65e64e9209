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
