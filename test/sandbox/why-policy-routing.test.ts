/**
 * `why` and `path` on a policy-routing host (issue 17), built for real in a private sandbox: a
 * multi-homed server S with two uplinks, S-eth0 to R1 (its main table's default route) and
 * S-eth1 to R2, behind which the client C lives; R1 has no route to C's network. C's ping to
 * S's second address reaches S by R2, and S answers by its main table: out by S-eth0 to R1,
 * which drops it. The lesson's fix is a second table and a rule (`from 10.0.2.2 lookup 100`).
 */
import { describe, expect, it } from 'vitest';
import { why } from '../../src/diagnose/why.js';
import { hopPath, type Hop, type WhyResult } from '../../src/diagnose/types.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { evaluateLine, setUp, withSandbox } from '../helpers/with-sandbox.js';

const LAB = `
for ns in S R1 R2 C; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add S-eth0 netns S type veth peer name R1-eth0 netns R1
ip link add S-eth1 netns S type veth peer name R2-eth0 netns R2
ip link add C-eth0 netns C type veth peer name R2-eth1 netns R2
ip -n S addr add 10.0.1.2/24 dev S-eth0; ip -n R1 addr add 10.0.1.1/24 dev R1-eth0
ip -n S addr add 10.0.2.2/24 dev S-eth1; ip -n R2 addr add 10.0.2.1/24 dev R2-eth0
ip -n C addr add 10.0.9.2/24 dev C-eth0; ip -n R2 addr add 10.0.9.1/24 dev R2-eth1
for l in S:S-eth0 S:S-eth1 R1:R1-eth0 R2:R2-eth0 R2:R2-eth1 C:C-eth0; do ip -n \${l%%:*} link set \${l#*:} up; done
ip -n S route add default via 10.0.1.1 dev S-eth0
ip -n C route add default via 10.0.9.1 dev C-eth0
ip netns exec R1 sysctl -qw net.ipv4.ip_forward=1
ip netns exec R2 sysctl -qw net.ipv4.ip_forward=1
`;

/** The lesson's fix: replies from S's second address go back by R2. */
const SECOND_TABLE = `
ip -n S route add default via 10.0.2.1 dev S-eth1 table 100
ip -n S rule add from 10.0.2.2 lookup 100 priority 100
`;

const hopText = (h: Hop): string => `${h.ok ? '✔' : '✘'} ${hopPath(h)} (${h.detail})`;
const ping = (sandbox: Sandbox, ns: string, ...args: string[]) => sandbox.exec(['ip', 'netns', 'exec', ns, 'ping', '-c', '1', '-W', '1', ...args]);

async function inLab<T>(more: string, fn: (sandbox: Sandbox) => Promise<T>): Promise<T> {
  return withSandbox(async (sandbox) => {
    await setUp(sandbox, LAB + more);
    return fn(sandbox);
  });
}

describe('why on a policy-routing host', () => {
  it('names the reply that leaves by the other uplink, and the rule that would send it back the way it came', async () => {
    const r: WhyResult = await inLab('', async (sandbox) => {
      expect((await ping(sandbox, 'C', '10.0.2.2')).exitCode).not.toBe(0);
      const found = await why(sandbox.exec, 'C', '10.0.2.2');
      // A fix that does not fix is a lie.
      await setUp(sandbox, found.explanation!.fix!);
      expect((await ping(sandbox, 'C', '10.0.2.2')).exitCode).toBe(0);
      return found;
    });
    expect(r.ok).toBe(false);
    expect(r.finding).toMatchObject({ cause: 'no-route-back', ns: 'R1', asymmetric: { ns: 'S', cameIn: 'S-eth1', leftBy: 'S-eth0', address: '10.0.2.2' } });
    expect(r.explanation!.because).toMatch(/^R1 has no route back to 10\.0\.9\.2, so S's replies stop there: /);
    expect(r.explanation!.because).toContain('The reply left S by S-eth0, not by S-eth1 where the request came in');
    expect(r.explanation!.because).toContain('ip rule add from 10.0.2.2 lookup 100');
    expect(r.explanation!.fix).toBe('ip netns exec S ip route add default via 10.0.2.1 dev S-eth1 table 100\nip netns exec S ip rule add from 10.0.2.2 lookup 100');
  });

  it('follows the rule to the second table: the reply goes back by R2, and the hop names the table and the rule', async () => {
    const r = await inLab(SECOND_TABLE, async (sandbox) => {
      expect((await ping(sandbox, 'C', '10.0.2.2')).exitCode).toBe(0);
      const path = await evaluateLine(sandbox.exec, 'path C to 10.0.2.2 is clear');
      expect(path.passed).toBe(true);
      return why(sandbox.exec, 'C', '10.0.2.2');
    });
    expect(r.ok).toBe(true);
    const back = r.hops.filter((h) => h.direction === 'back').map(hopText);
    expect(back[0]).toBe('✔ S → R2 via S-eth1 (10.0.2.2 → gw 10.0.2.1, table 100 (rule 100: from 10.0.2.2/32 lookup 100))');
  });

  it('does not apply a `from` rule to a packet S sends from an unbound socket, as the kernel does not', async () => {
    // S's own plain ping is routed before its source is chosen: main table, out by R1, which
    // cannot reach C. `ping -I 10.0.2.2` binds the source, and the rule applies.
    const r = await inLab(SECOND_TABLE, async (sandbox) => {
      expect((await ping(sandbox, 'S', '10.0.9.2')).exitCode).not.toBe(0);
      expect((await ping(sandbox, 'S', '-I', '10.0.2.2', '10.0.9.2')).exitCode).toBe(0);
      return why(sandbox.exec, 'S', '10.0.9.2');
    });
    expect(r.finding).toMatchObject({ cause: 'no-route', ns: 'R1', dst: '10.0.9.2' });
    expect(r.hops[0]).toMatchObject({ from: 'S', dev: 'S-eth0' });
  });

  it('names a rule whose action rejects the packet, and its fix works', async () => {
    await inLab('ip -n C rule add to 10.0.2.0/24 prohibit priority 50\n', async (sandbox) => {
      expect((await ping(sandbox, 'C', '10.0.2.1')).exitCode).not.toBe(0);
      const r = await why(sandbox.exec, 'C', '10.0.2.1');
      expect(r.finding).toMatchObject({ cause: 'route-rejects', ns: 'C', byRule: true, route: '50: from all to 10.0.2.0/24 prohibit' });
      expect(r.explanation!.fix).toBe('ip netns exec C ip rule del priority 50');
      await setUp(sandbox, r.explanation!.fix!);
      expect((await ping(sandbox, 'C', '10.0.2.1')).exitCode).toBe(0);
    });
  });

  it('says a rule picked a table without the route, and which tables were searched', async () => {
    // C's only way out is table 7, which every packet looks up first, and which has a route
    // to 10.0.2.0/24 only; 10.0.1.0/24 is in no table.
    const more = `
ip -n C route del default
ip -n C route add 10.0.2.0/24 via 10.0.9.1 dev C-eth0 table 7
ip -n C rule add lookup 7 priority 70
`;
    const r = await inLab(more, async (sandbox) => {
      expect((await ping(sandbox, 'C', '10.0.2.1')).exitCode).toBe(0);
      expect((await ping(sandbox, 'C', '10.0.1.1')).exitCode).not.toBe(0);
      expect((await why(sandbox.exec, 'C', '10.0.2.1')).hops[0]!.detail).toContain('table 7 (rule 70: from all lookup 7)');
      return why(sandbox.exec, 'C', '10.0.1.1');
    });
    expect(r.finding).toMatchObject({ cause: 'no-route', ns: 'C', tables: ['7', 'main', 'default'] });
    expect(r.explanation!.because).toContain('in the tables its rules pick (7, main, default)');
  });
});

/**
 * scenarios/policy-routing.md up to "Reach the server at its second address": S with two
 * uplinks through two providers to C; R1 filters forged sources (strict rp_filter).
 */
const TWO_PROVIDERS = `
for ns in S R1 R2 C; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add S-eth1 netns S type veth peer name R1-eth0 netns R1
ip link add S-eth2 netns S type veth peer name R2-eth0 netns R2
ip link add R1-eth1 netns R1 type veth peer name C-eth1 netns C
ip link add R2-eth1 netns R2 type veth peer name C-eth2 netns C
ip -n S addr add 10.0.1.2/24 dev S-eth1; ip -n S addr add 10.0.2.2/24 dev S-eth2
ip -n R1 addr add 10.0.1.1/24 dev R1-eth0; ip -n R1 addr add 198.51.100.1/24 dev R1-eth1
ip -n R2 addr add 10.0.2.1/24 dev R2-eth0; ip -n R2 addr add 203.0.113.1/24 dev R2-eth1
ip -n C addr add 198.51.100.2/24 dev C-eth1; ip -n C addr add 203.0.113.2/24 dev C-eth2
for l in S:S-eth1 S:S-eth2 R1:R1-eth0 R1:R1-eth1 R2:R2-eth0 R2:R2-eth1 C:C-eth1 C:C-eth2; do ip -n \${l%%:*} link set \${l#*:} up; done
ip netns exec R1 sysctl -qw net.ipv4.ip_forward=1; ip netns exec R2 sysctl -qw net.ipv4.ip_forward=1
ip -n R1 route add default via 198.51.100.2; ip -n R2 route add default via 203.0.113.2
ip -n C route add 10.0.1.0/24 via 198.51.100.1; ip -n C route add 10.0.2.0/24 via 203.0.113.1
ip -n S route add default via 10.0.1.1
ip netns exec S sysctl -qw net.ipv4.conf.all.rp_filter=2
ip netns exec R1 sysctl -qw net.ipv4.conf.all.rp_filter=1
`;

describe('why on a policy-routing host behind a provider that filters forged sources', () => {
  it('names the strict reverse-path filter that drops the reply, and the asymmetry that sent it there; the fix works', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, TWO_PROVIDERS);
      expect((await ping(sandbox, 'C', '10.0.2.2')).exitCode).not.toBe(0);
      const r = await why(sandbox.exec, 'C', '10.0.2.2');
      expect(r.finding).toMatchObject({ cause: 'rp-filter', ns: 'R1', iface: 'R1-eth0', asymmetric: { ns: 'S', leftBy: 'S-eth1', cameIn: 'S-eth2', gateway: '10.0.2.1', table: '100' } });
      expect(r.explanation!.because).toContain('or R1 needs loose reverse-path filtering.');
      await setUp(sandbox, r.explanation!.fix!);
      expect((await ping(sandbox, 'C', '10.0.2.2')).exitCode).toBe(0);
    });
  });
});

describe('why on a host whose firewall marks packets for a fwmark rule', () => {
  /** S sends what its firewall marks 1 by table 7, which throws it away. */
  const MARKED_TO_BLACKHOLE = `${SECOND_TABLE}
ip -n S route add blackhole default table 7
ip -n S rule add fwmark 1 lookup 7 priority 10
`;

  it('works out the mark an iptables MARK rule gives the reply, and names the table that drops it', async () => {
    const more = `${MARKED_TO_BLACKHOLE}ip netns exec S iptables -t mangle -A OUTPUT -p icmp -j MARK --set-mark 1\n`;
    await inLab(more, async (sandbox) => {
      expect((await ping(sandbox, 'C', '10.0.2.2')).exitCode).not.toBe(0);
      const r = await why(sandbox.exec, 'C', '10.0.2.2');
      expect(r.finding).toMatchObject({ cause: 'route-rejects', ns: 'S', table: '7' });
      const path = await evaluateLine(sandbox.exec, 'path C to 10.0.2.2 is clear');
      expect(path.passed).toBe(false);
    });
  });

  it('works out an nftables `meta mark set` before the lookup, and follows the mark to its table', async () => {
    const nft = `
ip netns exec S nft add table inet m
ip netns exec S nft add chain inet m out '{ type route hook output priority mangle; }'
ip netns exec S nft add rule inet m out icmp type echo-reply meta mark set 1
`;
    await inLab(MARKED_TO_BLACKHOLE + nft, async (sandbox) => {
      expect((await ping(sandbox, 'C', '10.0.2.2')).exitCode).not.toBe(0);
      const r = await why(sandbox.exec, 'C', '10.0.2.2');
      expect(r.finding).toMatchObject({ cause: 'route-rejects', ns: 'S', table: '7' });
      // A mark the rule does not give (TCP only) leaves the ping alone.
      await setUp(sandbox, 'ip netns exec S nft flush chain inet m out\nip netns exec S nft add rule inet m out tcp sport 80 meta mark set 1\n');
      expect((await ping(sandbox, 'C', '10.0.2.2')).exitCode).toBe(0);
      expect((await why(sandbox.exec, 'C', '10.0.2.2')).ok).toBe(true);
    });
  });

  it('never calls the path clear when the mark comes from a value nslab does not know', async () => {
    const nft = `
ip netns exec S nft add table inet m
ip netns exec S nft add chain inet m out '{ type route hook output priority mangle; }'
ip netns exec S nft add rule inet m out meta mark set ct mark
`;
    await inLab(MARKED_TO_BLACKHOLE + nft, async (sandbox) => {
      const r = await why(sandbox.exec, 'C', '10.0.2.2');
      expect(r.warnings).toContainEqual(expect.objectContaining({ cause: 'rule-undecided', ns: 'S', rule: '10: from all fwmark 0x1 lookup 7' }));
      const path = await evaluateLine(sandbox.exec, 'path C to 10.0.2.2 is clear');
      expect(path.passed).toBe(false);
      expect(path.found).toMatch(/^clear both ways as far as nslab can decide: .*; but S's policy routing rule `10: from all fwmark 0x1 lookup 7` was taken as not matching, but nslab cannot decide it: chain inet m out sets a mark nslab does not know/);
    });
  });
});

describe("why on a policy-routing host with the student's own rule not doing it", () => {
  const TABLE_100 = 'ip -n S route add default via 10.0.2.1 dev S-eth1 table 100\n';
  const cases = [
    {
      mistake: 'a rule for the wrong prefix',
      lab: `${TABLE_100}ip -n S rule add from 10.0.2.4/30 lookup 100 priority 100\n`,
      says: '`100: from 10.0.2.4/30 lookup 100` does not match the reply: 10.0.2.2 is not in 10.0.2.4/30',
      fix: 'ip netns exec S ip rule add from 10.0.2.2 lookup 100',
    },
    {
      mistake: 'a rule after main',
      lab: `${TABLE_100}ip -n S rule add from 10.0.2.2 lookup 100 priority 40000\n`,
      says: '`40000: from 10.0.2.2/32 lookup 100` comes after main (32766), whose default route answers first',
      fix: 'ip netns exec S ip rule add from 10.0.2.2 lookup 100',
    },
    {
      mistake: '`to` for `from`',
      lab: `${TABLE_100}ip -n S rule add to 10.0.2.2 lookup 100 priority 100\n`,
      says: '`100: from all to 10.0.2.2/32 lookup 100` matches packets to 10.0.2.2, not the reply from it (`from 10.0.2.2`)',
      fix: 'ip netns exec S ip rule add from 10.0.2.2 lookup 100',
    },
    {
      mistake: 'the route put in another table than the rule picks',
      lab: `${TABLE_100}ip -n S rule add from 10.0.2.2 lookup 3 priority 100\n`,
      says: '`100: from 10.0.2.2/32 lookup 3` picks table 3, which has no route back by S-eth1 to 10.0.9.2, so the lookup went on',
      fix: 'ip netns exec S ip route add default via 10.0.2.1 dev S-eth1 table 3',
    },
  ];
  for (const c of cases) {
    it(`names ${c.mistake}, and mends it; the fix works`, async () => {
      await inLab(c.lab, async (sandbox) => {
        expect((await ping(sandbox, 'C', '10.0.2.2')).exitCode).not.toBe(0);
        const r = await why(sandbox.exec, 'C', '10.0.2.2');
        expect(r.explanation!.because).toContain(`Its own rules do not: ${c.says}`);
        expect(r.explanation!.fix).toBe(c.fix);
        await setUp(sandbox, r.explanation!.fix!);
        expect((await ping(sandbox, 'C', '10.0.2.2')).exitCode).toBe(0);
      });
    });
  }
});
