/**
 * Firewalls and NAT written with iptables, built for real in a private sandbox on the NAT lab
 * (bench/state/nat-lab.sh: H1 192.168.1.2 — R — Out 203.0.113.2): the tutorial firewall with
 * `-m conntrack` and `-m icmp` is decided by the checks and by `why` (tester's finding a); a
 * source NAT to an address R does not have is named (c); iptables-legacy rules, which nft does
 * not show, are named and never ignored (d).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { why } from '../../src/diagnose/why.js';
import { formatWhy } from '../../src/view/terminal/why-report.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { ROOT } from '../helpers/run-cli.js';
import { evaluateLine, setUp, withSandbox } from '../helpers/with-sandbox.js';

const NAT_LAB = readFileSync(join(ROOT, 'bench/state/nat-lab.sh'), 'utf8');

/** R masquerades (iptables) and filters forwarded traffic as the common tutorial does. */
const TUTORIAL_FIREWALL = `${NAT_LAB}
ip netns exec R iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o R-eth1 -j MASQUERADE
ip netns exec R iptables -P FORWARD DROP
ip netns exec R iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip netns exec R iptables -A FORWARD -p icmp --icmp-type echo-request -j ACCEPT
ip netns exec R iptables -A FORWARD -p tcp --dport 5000 -m conntrack --ctstate NEW -j ACCEPT
`;

const ping = (sandbox: Sandbox, ns: string, address: string) => sandbox.exec(['ip', 'netns', 'exec', ns, 'ping', '-c', '1', '-W', '1', address]);

describe('iptables -m conntrack / -m icmp are decided (tester’s finding a)', () => {
  it('the firewall checks decide the tutorial firewall and name the rule', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, TUTORIAL_FIREWALL);
      expect((await ping(sandbox, 'H1', '203.0.113.2')).exitCode).toBe(0);
      expect(await evaluateLine(sandbox.exec, 'R: firewall accepts icmp from 192.168.1.2 to 203.0.113.2')).toMatchObject({
        passed: true,
        found: 'R accepts icmp from 192.168.1.2 to 203.0.113.2 in R-eth0 out R-eth1 (forward: iptables rule `-A FORWARD -p icmp -m icmp --icmp-type 8 -j ACCEPT`)',
      });
      expect(await evaluateLine(sandbox.exec, 'R: firewall accepts tcp from 192.168.1.2 to 203.0.113.2 port 5000')).toMatchObject({ passed: true });
      expect(await evaluateLine(sandbox.exec, 'R: firewall drops tcp from 192.168.1.2 to 203.0.113.2 port 22')).toMatchObject({
        passed: true,
        found: "R drops tcp from 192.168.1.2 to 203.0.113.2 port 22 in R-eth0 out R-eth1 at the forward hook: the policy drop of chain ip filter FORWARD",
      });
      // multiport is decoded too; a match nslab still cannot decide is named with its arguments.
      await setUp(sandbox, 'ip netns exec R iptables -I FORWARD 1 -p tcp -m multiport --dports 80,443 -j ACCEPT');
      expect(await evaluateLine(sandbox.exec, 'R: firewall drops tcp from 192.168.1.2 to 203.0.113.2 port 22')).toMatchObject({ passed: true });
      expect(await evaluateLine(sandbox.exec, 'R: firewall accepts tcp from 192.168.1.2 to 203.0.113.2 port 443')).toMatchObject({ passed: true });
      await setUp(sandbox, 'ip netns exec R iptables -I FORWARD 1 -p tcp -m recent --name seen --rcheck -j ACCEPT');
      const recent = await evaluateLine(sandbox.exec, 'R: firewall drops tcp from 192.168.1.2 to 203.0.113.2 port 22');
      expect(recent.passed).toBe(false);
      expect(recent.found).toContain(
        'iptables rule `-A FORWARD -p tcp -m recent --rcheck --name seen --mask 255.255.255.255 --rsource -j ACCEPT` (forward hook), before the policy drop of chain ip filter FORWARD, has a match nslab cannot decide for it: the iptables match `-m recent --rcheck --name seen --mask 255.255.255.255 --rsource`, which nslab does not read',
      );
      // why --tcp names the same match under its "may drop".
      const may = await why(sandbox.exec, 'H1', '203.0.113.2', undefined, { tcpPort: 22 });
      expect(may.finding).toMatchObject({ cause: 'firewall-drops', certain: false });
      expect(may.explanation!.because).toBe(
        "R's firewall may drop TCP from 192.168.1.2 to 203.0.113.2 port 22 (forward hook): iptables's policy `-P FORWARD DROP`, unless iptables rule `-A FORWARD -p tcp -m recent --rcheck --name seen --mask 255.255.255.255 --rsource -j ACCEPT` takes it first: " +
          'that rule matches on something nslab cannot evaluate (the iptables match `-m recent --rcheck --name seen --mask 255.255.255.255 --rsource`, which nslab does not read).',
      );
    });
  }, 30_000);

  it('why: the ping through the firewall is clear without a doubt; a blocked port is named certain', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, TUTORIAL_FIREWALL);
      const clear = await why(sandbox.exec, 'H1', '203.0.113.2');
      expect(clear.ok).toBe(true);
      expect(clear.warnings).toEqual([]);
      const blocked = await why(sandbox.exec, 'H1', '203.0.113.2', undefined, { tcpPort: 22 });
      expect(blocked.finding).toMatchObject({ cause: 'firewall-drops', ns: 'R', hook: 'forward', certain: true, rule: "iptables's policy `-P FORWARD DROP`" });
    });
  }, 30_000);
});

describe('source NAT to an address the router does not have (tester’s finding c)', () => {
  /** Runs why on the lab, checks the finding, runs its fix as given: the ping must then work. */
  async function diagnoseAndFix(rule: string) {
    return withSandbox(async (sandbox) => {
      await setUp(sandbox, `${NAT_LAB}\n${rule}`);
      expect((await ping(sandbox, 'H1', '203.0.113.2')).exitCode).not.toBe(0);
      const r = await why(sandbox.exec, 'H1', '203.0.113.2');
      await setUp(sandbox, r.explanation!.fix!);
      expect((await ping(sandbox, 'H1', '203.0.113.2')).exitCode).toBe(0);
      return r;
    });
  }

  it('iptables SNAT --to-source 203.0.113.99: named, and replaced by the router’s own address', async () => {
    const r = await diagnoseAndFix('ip netns exec R iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o R-eth1 -j SNAT --to-source 203.0.113.99');
    expect(r.finding).toMatchObject({ cause: 'source-nat-foreign', router: 'R', address: '203.0.113.99', source: '192.168.1.2', ns: 'Out', own: { ifname: 'R-eth1', cidr: '203.0.113.1/24' } });
    expect(r.explanation!.because).toBe(
      "R translates the source 192.168.1.2 to 203.0.113.99 (iptables rule `-A POSTROUTING -s 192.168.1.0/24 -o R-eth1 -j SNAT --to-source 203.0.113.99`), but 203.0.113.99 is none of R's addresses (R-eth1 has 203.0.113.1/24): " +
        "the reply goes to 203.0.113.99, Out asks for it on Out-eth0 (ARP) and no one answers, so it never comes back to R to be translated back. Source NAT must use R's own address (or masquerade).",
    );
    expect(r.explanation!.fix).toBe('ip netns exec R iptables -t nat -R POSTROUTING 1 -s 192.168.1.0/24 -o R-eth1 -j SNAT --to-source 203.0.113.1');
  }, 30_000);

  it('the nat check says the address is none of the router’s', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, `${NAT_LAB}
ip netns exec R iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o R-eth1 -j SNAT --to-source 203.0.113.99`);
      const r = await evaluateLine(sandbox.exec, 'R: nat masquerades 192.168.1.0/24 out R-eth1');
      expect(r.passed).toBe(false);
      expect(r.found).toMatch(/get snat to 203\.0\.113\.99: iptables rule `[^`]+`; 203\.0\.113\.99 is none of R's addresses, so the replies to it reach nobody$/);
    });
  }, 30_000);

  it('nftables snat to 203.0.113.99: the rule is replaced by handle', async () => {
    const r = await diagnoseAndFix(`ip netns exec R nft add table ip nat
ip netns exec R nft add chain ip nat postrouting '{ type nat hook postrouting priority srcnat; }'
ip netns exec R nft add rule ip nat postrouting oifname "R-eth1" snat to 203.0.113.99`);
    expect(r.finding).toMatchObject({ cause: 'source-nat-foreign', router: 'R', address: '203.0.113.99' });
    expect(r.explanation!.fix).toMatch(/^ip netns exec R nft replace rule ip nat postrouting handle \d+ 'oifname R-eth1 snat to 203\.0\.113\.1'$/);
  }, 30_000);
});

describe('iptables-legacy rules, which nft does not show (tester’s finding d)', () => {
  const LEGACY_MASQUERADE = `${NAT_LAB}\nip netns exec R iptables-legacy -t nat -A POSTROUTING -s 192.168.1.0/24 -o R-eth1 -j MASQUERADE`;
  const QUOTED = 'R has iptables-legacy rules, which nslab does not read: `-t nat -A POSTROUTING -s 192.168.1.0/24 -o R-eth1 -j MASQUERADE`';

  it('a legacy MASQUERADE: the checks and why name it; moved to iptables by the fix, the checks hold', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, LEGACY_MASQUERADE);
      expect((await ping(sandbox, 'H1', '203.0.113.2')).exitCode).toBe(0);
      const nat = await evaluateLine(sandbox.exec, 'R: nat masquerades 192.168.1.0/24 out R-eth1');
      expect(nat.passed).toBe(false);
      expect(nat.found).toBe(`packets from 192.168.1.0/24 leaving by R-eth1 in R are not translated; there is no nat chain on the postrouting hook; but ${QUOTED}`);
      const path = await evaluateLine(sandbox.exec, 'path H1 to 203.0.113.2 is clear');
      expect(path.passed).toBe(false);
      expect(path.found).toContain(`But ${QUOTED}: if they translate it, write them with iptables (iptables-nft here), where nslab reads them.`);
      const r = await why(sandbox.exec, 'H1', '203.0.113.2');
      expect(r.finding).toMatchObject({ cause: 'private-source-untranslated', router: 'R', legacy: ['-t nat -A POSTROUTING -s 192.168.1.0/24 -o R-eth1 -j MASQUERADE'] });
      expect(r.explanation!.fix).toBe(
        'ip netns exec R iptables-legacy -t nat -D POSTROUTING -s 192.168.1.0/24 -o R-eth1 -j MASQUERADE && ip netns exec R iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o R-eth1 -j MASQUERADE',
      );
      await setUp(sandbox, r.explanation!.fix!);
      expect((await ping(sandbox, 'H1', '203.0.113.2')).exitCode).toBe(0);
      // The legacy nat table is still there, empty: nothing left to name.
      expect(await evaluateLine(sandbox.exec, 'R: nat masquerades 192.168.1.0/24 out R-eth1')).toMatchObject({ passed: true });
      expect(await evaluateLine(sandbox.exec, 'path H1 to 203.0.113.2 is clear')).toMatchObject({ passed: true });
    });
  }, 30_000);

  it('a legacy FORWARD DROP: the path nslab sees is clear, and the failing ping names the rules it does not read', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, `${NAT_LAB}\nip netns exec R iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o R-eth1 -j MASQUERADE\nip netns exec R iptables-legacy -P FORWARD DROP`);
      const pingCheck = await evaluateLine(sandbox.exec, 'H1: ping 203.0.113.2 succeeds');
      expect(pingCheck.passed).toBe(false);
      expect(pingCheck.found).toContain("— R has iptables-legacy rules, which nslab does not read: `-P FORWARD DROP`: they are not in nft's ruleset");
      const path = await evaluateLine(sandbox.exec, 'path H1 to 203.0.113.2 is clear');
      expect(path).toMatchObject({ passed: false });
      expect(path.found).toMatch(/^clear both ways as far as nslab reads the rules: H1 → R → Out, and back; but R has iptables-legacy rules/);
      const firewall = await evaluateLine(sandbox.exec, 'R: firewall accepts icmp from 192.168.1.2 to 203.0.113.2');
      expect(firewall.passed).toBe(false);
      expect(firewall.found).toContain('; but R has iptables-legacy rules, which nslab does not read: `-P FORWARD DROP`');
      const r = await why(sandbox.exec, 'H1', '203.0.113.2');
      expect(r.warnings).toEqual([{ cause: 'iptables-legacy', ns: 'R', rules: ['-P FORWARD DROP'] }]);
      // `nslab why` does not call it clear in green either.
      expect(formatWhy(r, new Chalk({ level: 0 }))).toMatch(/\npath clear both ways as far as nslab reads the rules, but R has iptables-legacy rules \(⚠ above\) \(\d+ ms\)\n$/);
    });
  }, 30_000);
});
