/**
 * `why` and `path` through a NAT router (issue 17, item 2), built for real in a private sandbox
 * as scenarios/nat.md builds it: H1 (192.168.1.2, private) — R — Out (203.0.113.2, "the
 * Internet", no route to the private side). R masquerades with nftables or with iptables-nft;
 * without the rule, the cause is the untranslated private source, with the fix in the form R
 * already uses. A published port (destination NAT) is followed to the inner server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCheck } from '../../src/check/evaluate-check.js';
import { why } from '../../src/diagnose/why.js';
import { hopPath, type Hop, type WhyOptions, type WhyResult } from '../../src/diagnose/types.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { ROOT, runCli } from '../helpers/run-cli.js';
import { check, setUp, withSandbox } from '../helpers/with-sandbox.js';

/** scenarios/nat.md up to "Route out, and get no answer": forwarding on, no NAT yet (the bench's lab). */
const NAT_LAB = readFileSync(join(ROOT, 'bench/state/nat-lab.sh'), 'utf8');

/** What nat.md's step "Masquerade behind the router's address" adds (nat-lab.sh's `masquerade`). */
const NFT_MASQUERADE = `
ip netns exec R nft add table ip nat
ip netns exec R nft add chain ip nat postrouting '{ type nat hook postrouting priority srcnat; policy accept; }'
ip netns exec R nft add rule ip nat postrouting oifname "R-eth1" masquerade
`;

const hopText = (h: Hop): string => `${h.ok ? '✔' : '✘'} ${hopPath(h)} (${h.detail})`;

const ping = (sandbox: Sandbox, ns: string, address: string) => sandbox.exec(['ip', 'netns', 'exec', ns, 'ping', '-c', '1', '-W', '1', address]);

async function diagnose(script: string, src: string, dst: string, options: WhyOptions = {}, more?: (s: Sandbox) => Promise<void>): Promise<WhyResult> {
  return withSandbox(async (sandbox) => {
    await setUp(sandbox, script);
    await more?.(sandbox);
    return why(sandbox.exec, src, dst, undefined, options);
  });
}

/**
 * The diagnosis of a lab where H1's ping to Out fails; then its fix is run as given, and the
 * ping must work: a fix that does not fix is a lie.
 */
async function diagnoseAndFix(script: string): Promise<WhyResult> {
  return withSandbox(async (sandbox) => {
    await setUp(sandbox, script);
    expect((await ping(sandbox, 'H1', '203.0.113.2')).exitCode).not.toBe(0);
    const r = await why(sandbox.exec, 'H1', '203.0.113.2');
    await setUp(sandbox, r.explanation!.fix!);
    expect((await ping(sandbox, 'H1', '203.0.113.2')).exitCode).toBe(0);
    return r;
  });
}

const pingWorks = (ns: string, address: string) => async (sandbox: Sandbox) => {
  expect((await ping(sandbox, ns, address)).exitCode).toBe(0);
};
const pingFails = (ns: string, address: string) => async (sandbox: Sandbox) => {
  expect((await ping(sandbox, ns, address)).exitCode).not.toBe(0);
};

/** The walk through a masquerading R: out as R's address, back to it, then to H1 (conntrack). */
const MASQUERADED_HOPS = [
  '✔ H1 → R via H1-eth0 (192.168.1.2 → gw 192.168.1.1)',
  '✔ R → Out via R-eth1 (192.168.1.2 → 203.0.113.2, source NAT to 203.0.113.1)',
  '✔ Out → R via Out-eth0 (203.0.113.2 → 203.0.113.1)',
  '✔ R → H1 via R-eth0 (203.0.113.2 → 192.168.1.2, NAT undone: was 203.0.113.1)',
];

describe('source NAT: the reply comes back to the router’s address', () => {
  it('nftables masquerade: the path is clear, and the walk back targets 203.0.113.1', async () => {
    const r = await diagnose(NAT_LAB + NFT_MASQUERADE, 'H1', '203.0.113.2', {}, pingWorks('H1', '203.0.113.2'));
    expect(r.finding).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.hops.map(hopText)).toEqual(MASQUERADED_HOPS);
  });

  it('iptables-nft MASQUERADE, and SNAT --to-source', async () => {
    const masq = await diagnose(`${NAT_LAB}\nip netns exec R iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o R-eth1 -j MASQUERADE`, 'H1', '203.0.113.2', {}, pingWorks('H1', '203.0.113.2'));
    expect(masq.hops.map(hopText)).toEqual(MASQUERADED_HOPS);
    const snat = await diagnose(`${NAT_LAB}\nip netns exec R iptables -t nat -A POSTROUTING -o R-eth1 -j SNAT --to-source 203.0.113.1`, 'H1', '203.0.113.2', {}, pingWorks('H1', '203.0.113.2'));
    expect(snat.ok).toBe(true);
    expect(snat.hops[2]!.detail).toBe('203.0.113.2 → 203.0.113.1');
  });

  it('the `path ... is clear` check holds through the masquerade', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, NAT_LAB + NFT_MASQUERADE);
      const verdict = await evaluateCheck(check({ kind: 'path', src: 'H1', dst: '203.0.113.2' }), sandbox.exec);
      expect(verdict).toMatchObject({ passed: true, found: 'clear both ways: H1 → R → Out, and back' });
    });
  });
});

describe('source NAT missing: the untranslated private source is the cause', () => {
  it("R with no rules at all: the cause names R, the private source and the nft fix, which works", async () => {
    const r = await diagnoseAndFix(NAT_LAB);
    expect(r.hops.map(hopText)).toEqual([
      '✔ H1 → R via H1-eth0 (192.168.1.2 → gw 192.168.1.1)',
      '✔ R → Out via R-eth1 (192.168.1.2 → 203.0.113.2)',
      '✘ Out → ? (203.0.113.2 → 192.168.1.2)',
    ]);
    expect(r.finding).toMatchObject({ cause: 'private-source-untranslated', router: 'R', out: 'R-eth1', source: '192.168.1.2', prefix: '192.168.1.0/24', ns: 'Out' });
    expect(r.explanation?.because).toBe(
      'Out has no route back to 192.168.1.2, a private address (RFC 1918): R passed the packet out by R-eth1 (203.0.113.1/24) without translating its source, ' +
        'and networks there have no route to private addresses. R should masquerade it (source NAT).',
    );
    expect(r.explanation?.fix).toBe(
      "ip netns exec R nft add table ip nat && ip netns exec R nft add chain ip nat postrouting '{ type nat hook postrouting priority srcnat; }' && " +
        'ip netns exec R nft add rule ip nat postrouting ip saddr 192.168.1.0/24 oifname "R-eth1" masquerade',
    );
  });

  it('R has an nft nat chain whose rule names the wrong interface: the fix adds to that chain, and the rule is named', async () => {
    const script = `${NAT_LAB}
ip netns exec R nft add table ip mynat
ip netns exec R nft add chain ip mynat post '{ type nat hook postrouting priority srcnat; policy accept; }'
ip netns exec R nft add rule ip mynat post oifname "R-eth0" masquerade`;
    const r = await diagnoseAndFix(script);
    expect(r.finding).toMatchObject({ cause: 'private-source-untranslated', router: 'R' });
    expect(r.explanation?.because).toContain('R should masquerade it (source NAT); its NAT rule, rule `oifname R-eth0 masquerade` (handle 2) in chain ip mynat post, does not match it.');
    expect(r.explanation?.fix).toBe('ip netns exec R nft add rule ip mynat post ip saddr 192.168.1.0/24 oifname "R-eth1" masquerade');
  });

  it('R masquerades another prefix than the private network: the rule is named as not matching (found by the tester)', async () => {
    const script = `${NAT_LAB}\nip netns exec R iptables -t nat -A POSTROUTING -s 192.168.2.0/24 -o R-eth1 -j MASQUERADE`;
    const r = await diagnoseAndFix(script);
    expect(r.finding).toMatchObject({ cause: 'private-source-untranslated', router: 'R' });
    expect(r.explanation?.because).toContain('its NAT rule, iptables rule `-A POSTROUTING -s 192.168.2.0/24 -o R-eth1 -j MASQUERADE`, does not match it.');
  });

  it('R uses iptables: the fix is the iptables form', async () => {
    const script = `${NAT_LAB}\nip netns exec R iptables -A FORWARD -i R-eth0 -j ACCEPT`;
    const r = await diagnoseAndFix(script);
    expect(r.finding).toMatchObject({ cause: 'private-source-untranslated', router: 'R' });
    expect(r.explanation?.fix).toBe('ip netns exec R iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o R-eth1 -j MASQUERADE');
  });

  it('an all-private lab (the router walkthrough) keeps "no route back": there NAT is not the lesson', async () => {
    const script = NAT_LAB.replaceAll('203.0.113', '10.0.2');
    const r = await diagnose(script, 'H1', '10.0.2.2', {}, pingFails('H1', '10.0.2.2'));
    expect(r.finding).toMatchObject({ cause: 'no-route-back', ns: 'Out', dst: '192.168.1.2' });
  });
});

describe('a container behind the host (the root namespace routes, as Docker sets it up)', () => {
  /** C (172.18.0.10) on bridge br0 of the root namespace, which routes to Out (203.0.113.2). */
  const DOCKERISH = `
ip netns add C; ip netns add Out
ip link add br0 type bridge; ip addr add 172.18.0.1/16 dev br0; ip link set br0 up
ip link add C-eth0 netns C type veth peer name vethC; ip link set vethC master br0; ip link set vethC up
ip -n C addr add 172.18.0.10/16 dev C-eth0; ip -n C link set C-eth0 up; ip -n C link set lo up
ip -n C route add default via 172.18.0.1
ip link add eth0 type veth peer name Out-eth0 netns Out
ip addr add 203.0.113.1/24 dev eth0; ip link set eth0 up
ip -n Out addr add 203.0.113.2/24 dev Out-eth0; ip -n Out link set Out-eth0 up; ip -n Out link set lo up
sysctl -qw net.ipv4.ip_forward=1
`;
  const MASQUERADE = `
nft add table ip docker-bridges
nft add chain ip docker-bridges nat-POSTROUTING '{ type nat hook postrouting priority srcnat; policy accept; }'
nft add rule ip docker-bridges nat-POSTROUTING oifname != "br0" ip saddr 172.18.0.0/16 counter masquerade
`;

  it('with the masquerade, clear through the host; without it, the host is told to masquerade 172.18.0.0/16', async () => {
    const clear = await diagnose(DOCKERISH + MASQUERADE, 'C', '203.0.113.2', {}, pingWorks('C', '203.0.113.2'));
    expect(clear.hops.map(hopText)).toEqual([
      '✔ C → host via C-eth0 (172.18.0.10 → gw 172.18.0.1)',
      '✔ host → Out via eth0 (172.18.0.10 → 203.0.113.2, source NAT to 203.0.113.1)',
      '✔ Out → host via Out-eth0 (203.0.113.2 → 203.0.113.1)',
      '✔ host → C via br0 (203.0.113.2 → 172.18.0.10, NAT undone: was 203.0.113.1)',
    ]);
    const missing = await diagnose(DOCKERISH, 'C', '203.0.113.2', {}, pingFails('C', '203.0.113.2'));
    expect(missing.finding).toMatchObject({ cause: 'private-source-untranslated', ns: 'Out', router: undefined, out: 'eth0', prefix: '172.18.0.0/16' });
    expect(missing.explanation?.because).toMatch(/^Out has no route back to 172\.18\.0\.10, a private address \(RFC 1918\): host passed the packet out by eth0/);
    expect(missing.explanation?.fix).toBe(
      "nft add table ip nat && nft add chain ip nat postrouting '{ type nat hook postrouting priority srcnat; }' && nft add rule ip nat postrouting ip saddr 172.18.0.0/16 oifname \"eth0\" masquerade",
    );
  });

  it('the `path` check names the host among the hops (it is a router here, not a missing one)', async () => {
    await withSandbox(async (sandbox) => {
      await setUp(sandbox, DOCKERISH + MASQUERADE);
      const verdict = await evaluateCheck(check({ kind: 'path', src: 'C', dst: '203.0.113.2' }), sandbox.exec);
      expect(verdict).toMatchObject({ passed: true, found: 'clear both ways: C → host → Out, and back' });
    });
  });
});

describe('destination NAT: a published port is followed to the inner server', () => {
  /** H1 serves TCP port 80; R publishes it as 203.0.113.1:8080. */
  const SERVER = `
setsid ip netns exec H1 python3 -m http.server 80 --bind 192.168.1.2 >/dev/null 2>&1 < /dev/null &
for i in $(seq 50); do ip netns exec H1 ss -Hltn | grep -q ':80 ' && break; sleep 0.1; done
`;
  const NFT_DNAT = `
ip netns exec R nft add table ip nat
ip netns exec R nft add chain ip nat prerouting '{ type nat hook prerouting priority dstnat; policy accept; }'
ip netns exec R nft add rule ip nat prerouting iifname "R-eth1" tcp dport 8080 dnat to 192.168.1.2:80
`;

  it('nftables dnat: Out → 203.0.113.1:8080 reaches H1 port 80 and back; the connection is accepted', async () => {
    const r = await diagnose(NAT_LAB + NFT_DNAT + SERVER, 'Out', '203.0.113.1', { tcpPort: 8080 });
    expect(r.hops.map(hopText)).toEqual([
      '✔ Out → R via Out-eth0 (203.0.113.2 → 203.0.113.1)',
      '✔ R → H1 via R-eth0 (203.0.113.2 → 192.168.1.2, destination NAT from 203.0.113.1:8080 to port 80)',
      '✔ H1 → R via H1-eth0 (192.168.1.2 → gw 192.168.1.1)',
      '✔ R → Out via R-eth1 (192.168.1.2 → 203.0.113.2, NAT undone: sent from 203.0.113.1:8080)',
    ]);
    expect(r.tcp?.outcome).toBe('accepted');
    expect(r.ok).toBe(true);
  });

  it('the forward filter sees the translated packet: a policy drop without an accept for 192.168.1.2:80 is named', async () => {
    const filter = (accept: string) => `
ip netns exec R nft add table inet fw
ip netns exec R nft add chain inet fw forward '{ type filter hook forward priority 0; policy drop; }'
ip netns exec R nft add rule inet fw forward ct state established,related accept
ip netns exec R nft add rule inet fw forward iifname "R-eth0" oifname "R-eth1" accept
${accept}`;
    // What the kernel does, first: a connection from Out to the published port.
    const connects = (works: boolean) => async (sandbox: Sandbox) => {
      const r = await sandbox.exec(['ip', 'netns', 'exec', 'Out', 'timeout', '2', 'bash', '-c', '</dev/tcp/203.0.113.1/8080']);
      expect(r.exitCode === 0).toBe(works);
    };
    const open = await diagnose(NAT_LAB + NFT_DNAT + SERVER + filter('ip netns exec R nft add rule inet fw forward ip daddr 192.168.1.2 tcp dport 80 accept'), 'Out', '203.0.113.1', { tcpPort: 8080 }, connects(true));
    expect(open.ok).toBe(true);
    const closed = await diagnose(NAT_LAB + NFT_DNAT + SERVER + filter('ip netns exec R nft add rule inet fw forward ip daddr 192.168.1.2 tcp dport 8080 accept'), 'Out', '203.0.113.1', { tcpPort: 8080 }, connects(false));
    expect(closed.hops.map(hopText)).toEqual(['✔ Out → R via Out-eth0 (203.0.113.2 → 203.0.113.1)', '✘ R → ? via R-eth0 (203.0.113.2 → 192.168.1.2, destination NAT from 203.0.113.1:8080 to port 80)']);
    expect(closed.explanation?.because).toBe("R's firewall drops TCP from 203.0.113.2 to 192.168.1.2 port 80 (forward hook): the policy drop of chain inet fw forward.");
  });

  it('iptables DNAT with nothing listening on H1: refused by H1, port 80 named', async () => {
    const script = `${NAT_LAB}\nip netns exec R iptables -t nat -A PREROUTING -d 203.0.113.1 -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.2:80`;
    const r = await diagnose(script, 'Out', '203.0.113.1', { tcpPort: 8080 });
    expect(r.hops.map(hopText)[1]).toBe('✔ R → H1 via R-eth0 (203.0.113.2 → 192.168.1.2, destination NAT from 203.0.113.1:8080 to port 80)');
    expect(r.finding).toMatchObject({ cause: 'tcp-refused', ns: 'H1', address: '192.168.1.2', port: 80 });
  });
});

describe('the NAT lesson as a student runs it', () => {
  it('nat.md: the ping that gets no answer before the masquerade is explained by the missing NAT on R', async () => {
    const run = await runCli(['run', 'scenarios/nat.md', '--to', '3', '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'why: Out has no route back to 192.168.1.2, a private address (RFC 1918): R passed the packet out by R-eth1 (203.0.113.1/24) without translating its source',
    );
  });
});
