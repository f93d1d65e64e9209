/**
 * The route lookup's policy routing over given rules and tables (the kernel's fib_rules_lookup
 * order): pure logic over a snapshot's data; the sandbox tests (why-policy-routing) build the
 * real thing.
 */
import { describe, expect, it } from 'vitest';
import { lookupRoute, longestPrefixMatch } from '../../src/diagnose/route-lookup.js';
import type { Snapshot } from '../../src/diagnose/snapshot.js';
import { parseRules } from '../../src/state/read-rules.js';
import type { RouteInfo } from '../../src/state/types.js';

const STANDARD = [{ priority: 0, src: 'all', table: 'local' }, { priority: 32766, src: 'all', table: 'main' }, { priority: 32767, src: 'all', table: 'default' }];

/** A snapshot holding only what a lookup reads: rules (as `ip -json rule` prints them), tables and whether the firewall marks. */
function snapshotOf(rules: object[], tables: Record<string, RouteInfo[]>, marks = false): Snapshot {
  return {
    rules: async (_ns: unknown, family: 4 | 6 = 4) => parseRules([...rules, ...STANDARD].sort((a, b) => (a as { priority: number }).priority - (b as { priority: number }).priority), family),
    routes: async (_ns: unknown, options: { table?: string } = {}) => tables[options.table ?? 'main'] ?? [],
    // A mark from conntrack's memory, which nslab cannot know.
    firewall: async () => ({
      chains: marks
        ? [{ family: 'inet', table: 'm', name: 'out', hook: 'output', type: 'route', prio: -150, rules: [{ handle: 2, expr: [{ mangle: { key: { meta: { key: 'mark' } }, value: { ct: { key: 'mark' } } } }] }] }]
        : [],
    }),
    iptablesTable: async () => [],
  } as unknown as Snapshot;
}

const via = (dst: string, gateway: string, type = 'unicast'): RouteInfo => ({ dst, gateway, dev: 'eth0', type });

describe('lookupRoute', () => {
  it('searches main when only the standard rules exist, and names no rule', async () => {
    const c = await lookupRoute(snapshotOf([], { main: [via('default', '10.0.0.1'), via('10.1.0.0/16', '10.0.0.2')] }), 'H', { target: '10.1.2.3' });
    expect(c).toMatchObject({ route: { gateway: '10.0.0.2' }, table: 'main', tables: ['main'] });
    expect(c.rule).toBeUndefined();
  });

  it('applies `from` rules only when the source is known (a forwarded packet or a reply), not for an unbound socket', async () => {
    const snap = snapshotOf([{ priority: 100, src: '10.0.2.2', srclen: 32, table: '100' }], { main: [via('default', '10.0.1.1')], 100: [via('default', '10.0.2.1')] });
    expect((await lookupRoute(snap, 'S', { target: '10.9.0.2' })).route?.gateway).toBe('10.0.1.1');
    const reply = await lookupRoute(snap, 'S', { target: '10.9.0.2', source: '10.0.2.2' });
    expect(reply).toMatchObject({ route: { gateway: '10.0.2.1' }, table: '100', rule: '100: from 10.0.2.2/32 lookup 100' });
  });

  it('goes on to the next rule when a table has no match or a throw route, and ignores routes suppress_prefixlength hides', async () => {
    const rules = [
      { priority: 10, src: 'all', table: '10' },
      { priority: 20, src: 'all', table: '20', suppress_prefixlen: 0 },
    ];
    const snap = snapshotOf(rules, { 10: [via('10.5.0.0/16', '0.0.0.0', 'throw')], 20: [via('default', '10.0.0.9')], main: [via('default', '10.0.0.1')] });
    const c = await lookupRoute(snap, 'H', { target: '10.5.1.1' });
    expect(c).toMatchObject({ route: { gateway: '10.0.0.1' }, table: 'main', tables: ['10', '20', 'main'] });
  });

  it('stops at a rule whose action rejects, and follows goto past the rules between', async () => {
    const rejecting = snapshotOf([{ priority: 5, not: null, src: '10.0.0.0', srclen: 8, action: 'unreachable' }], { main: [via('default', '10.0.0.1')] });
    expect((await lookupRoute(rejecting, 'H', { target: '10.1.1.1', source: '192.168.1.2' })).rejectedBy).toBe('5: not from 10.0.0.0/8 unreachable');
    expect((await lookupRoute(rejecting, 'H', { target: '10.1.1.1', source: '10.0.0.2' })).rejectedBy).toBeUndefined();
    const jumping = snapshotOf([{ priority: 1, src: 'all', goto: 32766 }, { priority: 2, src: 'all', action: 'blackhole' }], { main: [via('default', '10.0.0.1')] });
    expect((await lookupRoute(jumping, 'H', { target: '10.1.1.1' })).route?.gateway).toBe('10.0.0.1');
  });

  it('matches iif lo for what the namespace sends itself and the interface for what it forwards', async () => {
    const snap = snapshotOf([{ priority: 9, src: 'all', iif: 'eth1', table: '9' }], { 9: [via('default', '10.0.9.1')], main: [via('default', '10.0.0.1')] });
    expect((await lookupRoute(snap, 'R', { target: '10.1.1.1' })).route?.gateway).toBe('10.0.0.1');
    expect((await lookupRoute(snap, 'R', { target: '10.1.1.1', source: '10.0.9.2', iif: 'eth1' })).route?.gateway).toBe('10.0.9.1');
  });

  it('says it cannot decide a fwmark rule when the firewall sets marks, and a dport rule on a ping; a TCP port decides it', async () => {
    const rules = [{ priority: 7, src: 'all', fwmark: '0x1', table: '7' }, { priority: 8, src: 'all', ipproto: 'tcp', dport: 80, table: '8' }];
    const tables = { 7: [via('default', '10.0.7.1')], 8: [via('default', '10.0.8.1')], main: [via('default', '10.0.0.1')] };
    const unmarked = await lookupRoute(snapshotOf(rules, tables), 'H', { target: '10.1.1.1', traffic: { proto: 'icmp' } });
    expect(unmarked).toMatchObject({ route: { gateway: '10.0.0.1' }, undecided: [] });
    const marked = await lookupRoute(snapshotOf(rules, tables, true), 'H', { target: '10.1.1.1', traffic: { proto: 'icmp' } });
    expect(marked.undecided.map((u) => u.reason)).toEqual(['chain inet m out sets a mark nslab does not know: `meta mark set ct mark`']);
    const web = await lookupRoute(snapshotOf(rules, tables), 'H', { target: '10.1.1.1', traffic: { proto: 'tcp', port: 80 } });
    expect(web).toMatchObject({ route: { gateway: '10.0.8.1' }, rule: '8: from all ipproto tcp dport 80 lookup 8' });
  });

  it('matches the longest prefix of either family', () => {
    const routes = [{ dst: 'default', type: 'unicast' }, { dst: 'fd00:1::/64', type: 'unicast', dev: 'a' }, { dst: 'fd00::/16', type: 'unicast', dev: 'b' }];
    expect(longestPrefixMatch(routes, 'fd00:1::5')?.route.dev).toBe('a');
    expect(longestPrefixMatch(routes, 'fd00:2::5')?.prefixlen).toBe(16);
  });
});
