/**
 * Route checks that see IPv6 and other routing tables (issue 17, items 3 and policy routing),
 * on real namespaces: a host `blue` with only an IPv6 default route (as an IPv6 playground
 * leaves it), and a host `pr` whose second table (100) carries a default route for one source.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { evaluateLine, setUp } from '../helpers/with-sandbox.js';

const STATE = `
ip netns add blue
ip link add blue-eth0 netns blue type veth peer name gw-eth0
ip -n blue link set blue-eth0 up; ip link set gw-eth0 up
ip -n blue -6 addr add fd00::10/64 dev blue-eth0 nodad
ip -n blue -6 route add default via fe80::11 dev blue-eth0
ip netns add pr
ip link add pr-eth0 netns pr type veth peer name isp1
ip link add pr-eth1 netns pr type veth peer name isp2
ip -n pr addr add 10.0.1.2/24 dev pr-eth0; ip -n pr link set pr-eth0 up
ip -n pr addr add 10.0.2.2/24 dev pr-eth1; ip -n pr link set pr-eth1 up
ip -n pr route add default via 10.0.1.1 dev pr-eth0
ip -n pr route add default via 10.0.2.1 dev pr-eth1 table 100
ip -n pr rule add from 10.0.2.2 lookup 100 pref 100
`;

describe('route checks: both families for default, any table', () => {
  let sandbox: Sandbox;
  const holds = (text: string) => evaluateLine(sandbox.exec, text);

  beforeAll(async () => {
    sandbox = await openPrivateSandbox();
    await setUp(sandbox, STATE);
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('`no route default` sees an IPv6 default route: it fails where `route default via fe80::11` holds', async () => {
    expect((await holds('blue: route default via fe80::11')).passed).toBe(true);
    const none = await holds('blue: no route default');
    expect(none.passed).toBe(false);
    expect(none.found).toBe('blue has default via fe80::11 dev blue-eth0');
    // Family by spelling: only IPv4's default is asked for with 0.0.0.0/0, only IPv6's with ::/0.
    expect((await holds('blue: no route 0.0.0.0/0')).passed).toBe(true);
    expect((await holds('blue: no route ::/0')).passed).toBe(false);
    expect((await holds('blue: route default dev blue-eth0')).passed).toBe(true);
  });

  it('`table N` reads that table: the second default route is there, not in main', async () => {
    expect((await holds('pr: route default via 10.0.2.1 table 100')).passed).toBe(true);
    const inMain = await holds('pr: route default via 10.0.2.1');
    expect(inMain.passed).toBe(false);
    expect(inMain.found).toBe('pr has default via 10.0.1.1 dev pr-eth0');
    const other = await holds('pr: route default via 10.0.1.1 table 100');
    expect(other.passed).toBe(false);
    expect(other.found).toBe('pr has default via 10.0.2.1 dev pr-eth1 in table 100');
    expect((await holds('pr: no route default table 200')).found).toBe('pr has no default route in table 200');
    expect((await holds('pr: no route default table 200')).passed).toBe(true);
    const missing = await holds('pr: route 10.9.0.0/24 via 10.0.2.1 table 100');
    expect(missing.found).toBe('pr has no route to 10.9.0.0/24 in table 100; table 100: default via 10.0.2.1 dev pr-eth1');
  });

  it('`rule` sees the policy routing rule by its selectors, and names the rules there when it fails', async () => {
    expect((await holds('pr: rule from 10.0.2.2 lookup 100')).passed).toBe(true);
    expect((await holds('pr: rule pref 100 from 10.0.2.2/32 table 100')).found).toBe('pr has rule 100: from 10.0.2.2/32 lookup 100');
    expect((await holds('pr: no rule from 10.0.2.2 lookup 100')).passed).toBe(false);
    const wrongTable = await holds('pr: rule from 10.0.2.2 lookup 200');
    expect(wrongTable.passed).toBe(false);
    expect(wrongTable.found).toBe('pr has no rule from 10.0.2.2/32 lookup 200; its rules besides local, main and default: 100: from 10.0.2.2/32 lookup 100');
    // A narrower rule (an extra selector) is another rule; a wrong priority too.
    expect((await holds('pr: rule from 10.0.2.2 iif pr-eth1 lookup 100')).passed).toBe(false);
    expect((await holds('pr: rule pref 200 from 10.0.2.2 lookup 100')).passed).toBe(false);
    const blue = await holds('blue: rule from 10.0.2.2 lookup 100');
    expect(blue.found).toBe('blue has no rule from 10.0.2.2/32 lookup 100; it has only the rules every namespace starts with (local, main, default)');
    expect((await holds('blue: rule lookup main')).passed).toBe(true);
  });

  it('`has address in PREFIX` finds an address known only at run time (a SLAAC-style address in fd00::/64)', async () => {
    expect((await holds('blue: link blue-eth0 has address in fd00::/64')).passed).toBe(true);
    const other = await holds('blue: link blue-eth0 has address in fd00:1::/64');
    expect(other.passed).toBe(false);
    expect(other.found).toMatch(/^blue-eth0 has fd00::10\/64/);
    expect((await holds('blue: link blue-eth0 lacks address in fd00:1::/64')).passed).toBe(true);
    expect((await holds('pr: link pr-eth0 has address in 10.0.0.0/16')).passed).toBe(true);
  });
});
