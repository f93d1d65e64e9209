/**
 * The `nat`, `firewall`, `process` and `tcp|udp ... is listening` checks on real state: a NAT
 * router made with nftables (Rn) and one made with iptables-nft (Ri), each masquerading its
 * private side and publishing a port; Docker's own nftables ruleset for `docker run -p 8080:80`
 * (moby, integration/network/bridge/nftablesdoc/generated/usernet-portmap.md) in D; servers
 * in H1, one of which dies. (nft 1.0.6 takes no `dstnat` for the output hook: -100, its value.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPrivateSandbox } from '../../src/sandbox/private-sandbox.js';
import type { Sandbox } from '../../src/sandbox/types.js';
import { evaluateLine, setUp } from '../helpers/with-sandbox.js';

/** A router R with a private side (192.168.1.1/24 on R-eth0) and an outside one (203.0.113.1/24 on R-eth1). */
const router = (r: string) => `
ip netns add ${r}
ip link add ${r}-eth0 netns ${r} type veth peer name ${r}-lan
ip link add ${r}-eth1 netns ${r} type veth peer name ${r}-wan
ip -n ${r} addr add 192.168.1.1/24 dev ${r}-eth0; ip -n ${r} link set ${r}-eth0 up
ip -n ${r} addr add 203.0.113.1/24 dev ${r}-eth1; ip -n ${r} link set ${r}-eth1 up
ip -n ${r} route add default via 203.0.113.254
`;

const STATE = `
${router('Rn')}
ip netns exec Rn nft -f - <<'NFT'
table ip nat {
  chain postrouting { type nat hook postrouting priority srcnat; policy accept; oifname "Rn-eth1" ip saddr 192.168.1.0/24 masquerade; }
  chain prerouting { type nat hook prerouting priority dstnat; policy accept; iifname "Rn-eth1" tcp dport 8080 dnat to 192.168.1.2:80; }
}
table inet fw {
  chain forward {
    type filter hook forward priority 0; policy drop;
    ct state established,related accept
    iifname "Rn-eth0" oifname "Rn-eth1" accept
    ip daddr 192.168.1.2 tcp dport 80 accept
  }
}
NFT
${router('Ri')}
ip netns exec Ri iptables -t nat -A POSTROUTING -s 192.168.1.0/24 -o Ri-eth1 -j SNAT --to-source 203.0.113.1
ip netns exec Ri iptables -t nat -A PREROUTING -d 203.0.113.1 -p udp --dport 5353 -j DNAT --to-destination 192.168.1.2:53
ip netns exec Ri iptables -t nat -A PREROUTING -d 203.0.113.1 -p tcp --dport 2222 -j DNAT --to-destination 192.168.1.2:22
ip netns exec Ri iptables -A FORWARD -p tcp --dport 22 -j DROP
ip netns exec Ri iptables -A INPUT -i Ri-eth1 -p icmp -j REJECT
ip netns add D
ip link add eth0 netns D type veth peer name D-wan
ip -n D link add bridge1 type bridge
ip -n D addr add 198.51.100.7/24 dev eth0; ip -n D link set eth0 up
ip -n D addr add 192.0.2.1/24 dev bridge1; ip -n D link set bridge1 up
ip netns exec D nft -f - <<'NFT'
table ip docker-bridges {
  chain nat-PREROUTING { type nat hook prerouting priority dstnat; policy accept; fib daddr type local counter jump nat-prerouting-and-output; }
  chain nat-OUTPUT { type nat hook output priority -100; policy accept; ip daddr != 127.0.0.0/8 fib daddr type local counter jump nat-prerouting-and-output; }
  chain nat-prerouting-and-output { iifname != "bridge1" tcp dport 8080 counter dnat to 192.0.2.2:80 comment "DNAT"; }
  chain nat-POSTROUTING { type nat hook postrouting priority srcnat; policy accept; oifname != "bridge1" ip saddr 192.0.2.0/24 counter masquerade comment "MASQUERADE"; }
}
NFT
ip netns add H1
ip link add H1-eth0 netns H1 type veth peer name H1-x
ip -n H1 link set lo up; ip -n H1 addr add 192.168.1.2/24 dev H1-eth0; ip -n H1 link set H1-eth0 up
ip -n H1 -6 addr add fd00::2/64 dev H1-eth0 nodad
setsid ip netns exec H1 python3 -m http.server 8082 --bind :: >/dev/null 2>&1 < /dev/null &
setsid ip netns exec H1 python3 -c '
import socket, time
v6 = socket.socket(socket.AF_INET6); v6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1); v6.bind(("::", 8083)); v6.listen()
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(("192.168.1.2", 53))
time.sleep(600)' >/dev/null 2>&1 < /dev/null &
setsid ip netns exec H1 sleep 600 >/dev/null 2>&1 < /dev/null &
`;

describe('netfilter, process and socket checks on real rules and servers', () => {
  let sandbox: Sandbox;
  const run = (text: string) => evaluateLine(sandbox.exec, text);
  const holds = async (text: string) => (await run(text)).passed;

  beforeAll(async () => {
    sandbox = await openPrivateSandbox();
    await setUp(sandbox, STATE);
  }, 30_000);
  afterAll(async () => {
    await sandbox?.close();
  });

  it('source NAT: masquerade (nftables) and SNAT (iptables-nft), for the whole prefix out of the interface', async () => {
    const masq = await run('Rn: nat masquerades 192.168.1.0/24 out Rn-eth1');
    expect(masq).toMatchObject({ passed: true, found: 'packets from 192.168.1.0/24 leaving by Rn-eth1 in Rn get masquerade (to the address of Rn-eth1): rule `oifname Rn-eth1 ip saddr 192.168.1.0/24 masquerade` (handle 3) in chain ip nat postrouting' });
    // SNAT to the outgoing interface's own address is masquerading with a fixed address.
    expect(await holds('Ri: nat masquerades 192.168.1.0/24 out Ri-eth1')).toBe(true);
    const snat = await run('Ri: nat translates 192.168.1.0/24 out Ri-eth1 to 203.0.113.1');
    expect(snat).toMatchObject({ passed: true, found: 'packets from 192.168.1.0/24 leaving by Ri-eth1 in Ri get snat to 203.0.113.1: iptables rule `-A POSTROUTING -s 192.168.1.0/24 -o Ri-eth1 -j SNAT --to-source 203.0.113.1`' });
    expect(await holds('Ri: nat translates 192.168.1.0/24 out Ri-eth1 to 203.0.113.9')).toBe(false);
    expect(await holds('Rn: nat translates 192.168.1.0/24 out Rn-eth1 to 203.0.113.1')).toBe(true);
    // A wider prefix than the rule's: some of its addresses would leave untranslated.
    const wider = await run('Rn: nat masquerades 192.168.0.0/16 out Rn-eth1');
    expect(wider.passed).toBe(false);
    expect(wider.found).toContain('may or may not be translated: rule `oifname Rn-eth1 ip saddr 192.168.1.0/24 masquerade`');
    expect(wider.found).toMatch(/\(masquerade\) covers only some of them: its source 192\.168\.1\.0\/24 covers only part of 192\.168\.0\.0\/16$/);
    // The same for iptables's narrower -s (tester's J-prefix-30).
    const narrower = await run('Ri: nat translates 192.168.0.0/16 out Ri-eth1 to 203.0.113.1');
    expect(narrower.found).toMatch(/iptables rule `-A POSTROUTING -s 192\.168\.1\.0\/24 -o Ri-eth1 -j SNAT --to-source 203\.0\.113\.1`.*covers only some of them: its source 192\.168\.1\.0\/24 covers only part of 192\.168\.0\.0\/16/);
    // Another interface, or none named while the rule names one.
    const other = await run('Rn: nat masquerades 192.168.1.0/24 out Rn-eth0');
    expect(other).toMatchObject({ passed: false, found: 'packets from 192.168.1.0/24 leaving by Rn-eth0 in Rn are not translated; the NAT rules on the postrouting hook: rule `oifname Rn-eth1 ip saddr 192.168.1.0/24 masquerade` (handle 3) in chain ip nat postrouting' });
    expect((await run('Rn: nat masquerades 192.168.1.0/24')).found).toContain('name it with "out IF"');
    // No NAT at all, the lesson's missing step: named as such.
    expect((await run('H1: nat masquerades 192.168.1.0/24 out H1-eth0')).found).toBe('packets from 192.168.1.0/24 leaving by H1-eth0 in H1 are not translated; there is no nat chain on the postrouting hook');
  });

  it('destination NAT: a published port, nftables, iptables-nft and Docker\'s ruleset', async () => {
    expect(await run('Rn: nat forwards tcp 203.0.113.1:8080 to 192.168.1.2:80')).toMatchObject({
      passed: true, found: 'tcp connections to 203.0.113.1:8080 coming in by Rn-eth1 in Rn go to 192.168.1.2:80: rule `iifname Rn-eth1 tcp dport 8080 dnat to 192.168.1.2:80` (handle 4) in chain ip nat prerouting',
    });
    const wrongPort = await run('Rn: nat forwards tcp 203.0.113.1:8080 to 192.168.1.2:8080');
    expect(wrongPort.passed).toBe(false);
    expect(wrongPort.found).toContain('go to 192.168.1.2:80');
    // Coming in on the private side the rule does not apply.
    expect(await holds('Rn: nat forwards tcp 203.0.113.1:8080 in Rn-eth0 to 192.168.1.2:80')).toBe(false);
    expect(await holds('Rn: nat forwards udp 203.0.113.1:8080 to 192.168.1.2:80')).toBe(false);
    expect(await run('Ri: nat forwards udp 203.0.113.1:5353 to 192.168.1.2:53')).toMatchObject({
      passed: true, found: 'udp connections to 203.0.113.1:5353 coming in by Ri-eth1 in Ri go to 192.168.1.2:53: iptables rule `-A PREROUTING -d 203.0.113.1/32 -p udp -m udp --dport 5353 -j DNAT --to-destination 192.168.1.2:53`',
    });
    // Docker: `fib daddr type local` (the host's own address) and `iifname != "bridge1"`.
    expect(await holds('D: nat forwards tcp 198.51.100.7:8080 to 192.0.2.2:80')).toBe(true);
    expect(await holds('D: nat forwards tcp 198.51.100.99:8080 to 192.0.2.2:80')).toBe(false);
    expect(await holds('D: nat masquerades 192.0.2.0/24 out eth0')).toBe(true);
    expect(await holds('D: nat masquerades 192.0.2.0/24 out bridge1')).toBe(false);
  });

  it('firewall verdicts: the deciding rule is named, nftables and iptables-nft', async () => {
    expect(await run('Ri: firewall drops tcp from 203.0.113.9 to 192.168.1.2 port 22')).toMatchObject({
      passed: true, found: 'Ri drops tcp from 203.0.113.9 to 192.168.1.2 port 22 in Ri-eth1 out Ri-eth0 at the forward hook: iptables rule `-A FORWARD -p tcp -m tcp --dport 22 -j DROP`',
    });
    const accepted = await run('Ri: firewall drops tcp from 203.0.113.9 to 192.168.1.2 port 80');
    expect(accepted).toMatchObject({ passed: false, found: 'Ri accepts tcp from 203.0.113.9 to 192.168.1.2 port 80 in Ri-eth1 out Ri-eth0 (forward: the policy accept of chain ip filter FORWARD)' });
    // Input: a ping to the router from outside is rejected, from inside accepted.
    expect(await holds('Ri: firewall drops icmp from 203.0.113.9 to 203.0.113.1')).toBe(true);
    expect(await holds('Ri: firewall accepts icmp from 192.168.1.2 to 192.168.1.1')).toBe(true);
    // nftables: policy drop, with the LAN going out and port 80 coming in accepted.
    expect(await holds('Rn: firewall accepts tcp from 192.168.1.2 to 198.51.100.1 port 443')).toBe(true);
    expect(await holds('Rn: firewall accepts tcp from 203.0.113.9 to 192.168.1.2 port 80')).toBe(true);
    const blocked = await run('Rn: firewall accepts udp from 203.0.113.9 to 192.168.1.2 port 53');
    expect(blocked).toMatchObject({ passed: false, found: 'Rn drops udp from 203.0.113.9 to 192.168.1.2 port 53 in Rn-eth1 out Rn-eth0 at the forward hook: the policy drop of chain inet fw forward' });
    // A published port is judged where it goes, after destination NAT (found by the tester: the
    // router's own address was judged as delivered to it, and a forward drop went unseen).
    const published = await run('Ri: firewall accepts tcp from 203.0.113.9 to 203.0.113.1 port 2222');
    expect(published).toMatchObject({
      passed: false,
      found: 'Ri drops tcp from 203.0.113.9 to 203.0.113.1 port 2222 in Ri-eth1 out Ri-eth0 (after destination NAT to 192.168.1.2:22 by iptables rule `-A PREROUTING -d 203.0.113.1/32 -p tcp -m tcp --dport 2222 -j DNAT --to-destination 192.168.1.2:22`) at the forward hook: iptables rule `-A FORWARD -p tcp -m tcp --dport 22 -j DROP`',
    });
    expect(await holds('Rn: firewall accepts tcp from 203.0.113.9 to 203.0.113.1 port 8080')).toBe(true);
    expect((await run('Rn: firewall accepts tcp from 203.0.113.9 to 203.0.113.1 port 8080')).found).toContain('after destination NAT to 192.168.1.2:80');
    // A whole prefix, an interface given by the author.
    expect(await holds('Rn: firewall accepts icmp from 192.168.1.0/24 out Rn-eth1')).toBe(true);
    expect(await holds('Rn: firewall drops icmp from 192.168.1.0/24 in Rn-eth1 out Rn-eth0')).toBe(true);
  });

  it('processes of a namespace: running, not running, a server that died', async () => {
    expect(await run('H1: process python3 is running within 5s')).toMatchObject({ passed: true });
    expect(await holds('H1: process "http.server 8082" is running')).toBe(true);
    expect(await holds('H1: process sleep is running')).toBe(true);
    expect(await holds('Rn: process python3 is not running')).toBe(true);
    const missing = await run('Rn: process socat is running');
    expect(missing).toMatchObject({ passed: false, found: 'no process "socat" runs in Rn; no process runs in Rn' });
    await setUp(sandbox, 'kill $(ip netns pids H1 | xargs ps -o pid=,comm= -p | awk \'$2 == "sleep" { print $1 }\')');
    const dead = await run('H1: process sleep is not running within 3s');
    expect(dead.passed).toBe(true);
    const listed = await run('H1: process sleep is running');
    expect(listed.found).toMatch(/^no process "sleep" runs in H1; H1 runs python3 \(pid \d+\), python3 \(pid \d+\)$/);
  });

  it('listening sockets: wildcard binds per family, dual-stack and v6only, UDP', async () => {
    // http.server on `::` is dual-stack (ss shows `*`): it counts for IPv4 and IPv6 addresses.
    const dual = await run('H1: tcp 192.168.1.2:8082 is listening within 5s');
    expect(dual).toMatchObject({ passed: true });
    expect(dual.found).toMatch(/^tcp \*:8082 \(python3 \(pid \d+\)\) listens in H1$/);
    expect(await holds('H1: tcp [fd00::2]:8082 is listening')).toBe(true);
    // IPV6_V6ONLY: IPv6 addresses only.
    expect(await holds('H1: tcp [fd00::2]:8083 is listening within 5s')).toBe(true);
    const v4 = await run('H1: tcp 192.168.1.2:8083 is listening');
    expect(v4.passed).toBe(false);
    expect(v4.found).toMatch(/^nothing listens on tcp 192\.168\.1\.2:8083 in H1; tcp sockets there: .*\[::\]:8083 \(python3/);
    expect(await holds('H1: tcp 192.168.1.2:8083 is not listening')).toBe(true);
    expect(await holds('H1: tcp *:8083 is listening')).toBe(true);
    expect(await holds('H1: udp 192.168.1.2:53 is listening')).toBe(true);
    expect(await holds('H1: udp 10.9.9.9:53 is listening')).toBe(false);
    expect(await holds('H1: tcp 192.168.1.2:53 is listening')).toBe(false);
    expect((await run('Rn: udp *:53 is listening')).found).toBe('nothing is bound on udp port 53 in Rn; Rn has no bound UDP sockets');
    expect((await run('Nope: tcp *:80 is listening')).found).toBe('namespace Nope does not exist');
  });
});
