/**
 * iptables's opaque `xt` matches decoded from `iptables -S` (tester's finding a): the common
 * tutorial firewall — policy DROP, conntrack ESTABLISHED,RELATED, icmp echo-request — is
 * decided, and a match still undecidable is named with its arguments.
 */
import { describe, expect, it } from 'vitest';
import { filterDecision } from '../../src/diagnose/firewall.js';
import { undecidedMatches, type PacketView } from '../../src/diagnose/nft-match.js';
import { decodeXtMatches, iptablesMatches } from '../../src/diagnose/xt-matches.js';
import { ruleText } from '../../src/diagnose/firewall-text.js';
import type { NftRuleset } from '../../src/state/read-nft-ruleset.js';

const l4 = (proto: string) => ({ match: { op: '==', left: { meta: { key: 'l4proto' } }, right: proto } });
const xt = (name: string) => ({ xt: { type: 'match', name } });
const dport = (port: number) => ({ match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: port } });

/** As `nft -j list ruleset` shows iptables-nft's FORWARD chain (Debian 12, iptables 1.8.9). */
function forward(rules: unknown[][]): NftRuleset {
  return {
    chains: [{ family: 'ip', table: 'filter', name: 'FORWARD', type: 'filter', hook: 'forward', prio: 0, policy: 'drop', rules: rules.map((expr, i) => ({ handle: i + 2, expr })) }],
  };
}

const TUTORIAL = [
  '-P INPUT ACCEPT',
  '-P FORWARD DROP',
  '-P OUTPUT ACCEPT',
  '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-A FORWARD -p icmp -m icmp --icmp-type 8 -j ACCEPT',
  '-A FORWARD -p tcp -m conntrack --ctstate NEW -m tcp --dport 5000 -j ACCEPT',
];
const TUTORIAL_RULES = forward([
  [xt('conntrack'), { counter: null }, { accept: null }],
  [l4('icmp'), xt('icmp'), { accept: null }],
  [l4('tcp'), xt('conntrack'), dport(5000), { accept: null }],
]);

const ping: PacketView = { saddr: '172.18.0.10', daddr: '203.0.113.254', proto: 'icmp', icmpType: 'echo-request', ctState: 'new' };
const tcp = (port: number): PacketView => ({ saddr: '203.0.113.254', daddr: '172.18.0.10', proto: 'tcp', sport: 'ephemeral', dport: port, ctState: 'new' });

describe('iptablesMatches', () => {
  it('splits a rule line into its -m sections, a negation and a quoted comment included', () => {
    expect(iptablesMatches('-A FORWARD -p tcp -m conntrack ! --ctstate INVALID -m tcp --dport 80 ! -s 10.0.0.0/8 -m comment --comment "web in" -j ACCEPT')).toEqual([
      { name: 'conntrack', args: ['!', '--ctstate', 'INVALID'], text: '-m conntrack ! --ctstate INVALID' },
      { name: 'tcp', args: ['--dport', '80'], text: '-m tcp --dport 80' },
      { name: 'comment', args: ['--comment', '"web in"'], text: '-m comment --comment "web in"' },
    ]);
  });
});

describe('decodeXtMatches', () => {
  it('undecoded, the tutorial firewall cannot be decided', () => {
    expect(filterDecision(TUTORIAL_RULES, 'forward', tcp(22))).toMatchObject({ verdict: 'drop', certain: false });
  });

  it('decodes conntrack state and icmp type: the tutorial firewall is decided both ways', async () => {
    const read: string[] = [];
    const set = await decodeXtMatches(TUTORIAL_RULES, async (table) => {
      read.push(table);
      return TUTORIAL;
    });
    expect(read).toEqual(['filter']);
    expect(filterDecision(set, 'forward', tcp(5000))).toMatchObject({ verdict: 'accept', by: { rule: { handle: 4 } } });
    expect(filterDecision(set, 'forward', tcp(22))).toMatchObject({ verdict: 'drop', certain: true });
    expect(filterDecision(set, 'forward', ping)).toMatchObject({ verdict: 'accept', by: { rule: { handle: 3 } } });
    expect(filterDecision(set, 'forward', { ...ping, icmpType: 'echo-reply', ctState: 'established' })).toMatchObject({ verdict: 'accept', by: { rule: { handle: 2 } } });
    // An echo reply of a connection conntrack does not know (new) is not an echo request.
    expect(filterDecision(set, 'forward', { ...ping, icmpType: 'echo-reply' })).toMatchObject({ verdict: 'drop', certain: true });
  });

  it('negations, `-m state`, `--icmp-type any` and a type with a code', async () => {
    const lines = [
      '-P FORWARD DROP',
      '-A FORWARD -m state ! --state INVALID -p tcp -m tcp --dport 80 -j ACCEPT',
      '-A FORWARD -p icmp -m icmp --icmp-type 8/1 -j ACCEPT',
      '-A FORWARD -p icmp -m icmp --icmp-type any -j ACCEPT',
    ];
    const set = await decodeXtMatches(forward([[xt('state'), l4('tcp'), dport(80), { accept: null }], [l4('icmp'), xt('icmp'), { accept: null }], [l4('icmp'), xt('icmp'), { accept: null }]]), async () => lines);
    expect(filterDecision(set, 'forward', tcp(80))).toMatchObject({ verdict: 'accept', by: { rule: { handle: 2 } } });
    expect(filterDecision(set, 'forward', ping)).toMatchObject({ verdict: 'accept', by: { rule: { handle: 4 } } });
  });

  it('a match it cannot decode stays undecided and is named with its arguments', async () => {
    const lines = ['-P FORWARD DROP', '-A FORWARD -m limit --limit 5/sec -j ACCEPT', '-A FORWARD -m conntrack --ctstate DNAT -j ACCEPT'];
    const set = await decodeXtMatches(forward([[xt('limit'), { accept: null }], [xt('conntrack'), { accept: null }]]), async () => lines);
    expect(filterDecision(set, 'forward', tcp(22))).toMatchObject({ verdict: 'drop', certain: false });
    expect(set.chains[0]!.rules.map((r) => undecidedMatches(r, tcp(22)))).toEqual([
      ['the iptables match `-m limit --limit 5/sec`, which nslab does not read'],
      ['the iptables match `-m conntrack --ctstate DNAT`, which nslab does not read'],
    ]);
  });

  it('reads nothing without xt matches; leaves a chain whose lines do not line up with its rules', async () => {
    const plain = forward([[dport(22), { drop: null }]]);
    expect(await decodeXtMatches(plain, () => Promise.reject(new Error('read')))).toBe(plain);
    // nft added a rule to iptables's chain: the positions no longer say which line is which rule.
    const mixed = forward([[xt('conntrack'), { accept: null }], [dport(22), { drop: null }]]);
    const set = await decodeXtMatches(mixed, async () => ['-P FORWARD DROP', '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT']);
    expect(set.chains[0]).toBe(mixed.chains[0]);
  });

  it("decodes ip6tables's chains from ip6tables -S: icmp6 types by number and name, `-m state` (nft's conntrack)", async () => {
    // As Debian 12's ip6tables-nft leaves them: b-fw-icmp6.md and b-fw-fwd.md of the tester.
    const lines = [
      '-P INPUT DROP',
      '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT',
      '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -j ACCEPT',
      '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 136 -j ACCEPT',
      '-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT',
    ];
    const input = { family: 'ip6', table: 'filter', name: 'INPUT', type: 'filter', hook: 'input' as const, prio: 0, policy: 'drop' };
    const icmp6 = [l4('ipv6-icmp'), xt('icmp6'), { accept: null }];
    const rules = [icmp6, icmp6, icmp6, [xt('conntrack'), { accept: null }]].map((expr, i) => ({ handle: i + 2, expr }));
    const asked: string[] = [];
    const set = await decodeXtMatches({ chains: [{ ...input, rules }] }, async (table, family) => {
      asked.push(`${family} ${table}`);
      return lines;
    });
    expect(asked).toEqual(['ip6 filter']);
    const v6: PacketView = { family: 6, saddr: 'fd00:1::2', daddr: 'fd00:2::2', proto: 'icmp', icmpType: 'echo-request', ctState: 'new' };
    expect(filterDecision(set, 'input', v6)).toMatchObject({ verdict: 'accept', by: { rule: { handle: 2 } } });
    expect(filterDecision(set, 'input', { ...v6, icmpType: 'nd-neighbor-solicit', ctState: 'untracked' })).toMatchObject({ verdict: 'accept', by: { rule: { handle: 3 } } });
    expect(filterDecision(set, 'input', { ...v6, icmpType: 'nd-neighbor-advert', ctState: 'untracked' })).toMatchObject({ verdict: 'accept', by: { rule: { handle: 4 } } });
    expect(filterDecision(set, 'input', { ...v6, icmpType: 'echo-reply', ctState: 'established' })).toMatchObject({ verdict: 'accept', by: { rule: { handle: 5 } } });
    const tcp6: PacketView = { ...v6, proto: 'tcp', sport: 'ephemeral', dport: 22 };
    const drop = filterDecision(set, 'input', tcp6);
    expect(drop).toMatchObject({ verdict: 'drop', certain: true });
    // Named and undone with ip6tables, as the student wrote it.
    expect(ruleText('blue', set.chains[0]!, undefined, lines)).toEqual({ text: "ip6tables's policy `-P INPUT DROP`", fix: 'ip netns exec blue ip6tables -P INPUT ACCEPT' });
    expect(ruleText('blue', set.chains[0]!, set.chains[0]!.rules[0], lines).fix).toBe('ip netns exec blue ip6tables -D INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT');
  });
});
