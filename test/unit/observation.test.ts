import { describe, expect, it } from 'vitest';
import { observationOf, sameObservation } from '../../src/shell/observation.js';
import { pingEffect } from '../../src/practice/ping-effect.js';
import { parseCounters, type IcmpCounters, type NamespaceCounters } from '../../src/state/read-icmp-counters.js';

/** The observation of `probe`, which must have one. */
function of(text: string) {
  const o = observationOf(text);
  if (!o) throw new Error(`no observation in ${text}`);
  return o;
}

/** True when `student` makes the observation `probe` makes. */
const observes = (probe: string, student: string) => {
  const s = observationOf(student);
  return s !== undefined && sameObservation(of(probe), s);
};

const STEP5 = 'ip netns exec H1 ping -c 1 -W 1 10.0.2.2';

describe('the observation a command makes', () => {
  it.each([
    'ip netns exec H1 ping -c 3 10.0.2.2',
    'ip netns exec H1 ping 10.0.2.2',
    'ip netns exec H1 ping -qc3 -i 0.2 10.0.2.2',
    'ip netns exec H1 ping -4 -n 10.0.2.2',
    'sudo ip netns exec H1 ping -c 1 10.0.2.2',
    'sudo -E ip netns exec H1 ping -c 1 10.0.2.2',
    'timeout 5 ip netns exec H1 ping 10.0.2.2',
    'ip netns exec H1 timeout -s INT 3 ping 10.0.2.2',
    'nsenter --net=/run/netns/H1 ping -c 2 10.0.2.2',
    'nsenter --net=/var/run/netns/H1 -- ping 10.0.2.2',
    "ip netns exec H1 bash -c 'ping -c 2 10.0.2.2'",
    'ip netns exec H1 sh -c "ping -w 2 10.0.2.2"',
    'ip netns exec H1 ping -c 3 10.0.2.2 | grep loss',
    'ip netns exec H1 ping -c 3 10.0.2.2 2>&1 | tail -2',
    'LC_ALL=C ip netns exec H1 ping -c 1 10.0.2.2',
    'ip -netns H1 netns exec H1 ping -c 1 10.0.2.2',
  ])('%s observes what step 5 of the router walkthrough observes', (student) => {
    expect(observes(STEP5, student)).toBe(true);
  });

  it.each([
    ['an unrelated command', 'ls'],
    ['a typo of the program', 'ip netns exec H1 pign 10.0.2.2'],
    ['another namespace', 'ip netns exec H2 ping -c 1 10.0.2.2'],
    ['the sandbox itself', 'ping -c 1 10.0.2.2'],
    ['another target', 'ip netns exec H1 ping -c 1 10.0.2.1'],
    ['another interface (-I)', 'ip netns exec H1 ping -I bogus 10.0.2.2'],
    ['another size (-s)', 'ip netns exec H1 ping -s 1472 10.0.2.2'],
    ['another family', 'ip netns exec H1 ping -6 10.0.2.2'],
    ['a list: the ping is not the whole command', 'ip netns exec H1 ping -c 1 10.0.2.2; ls'],
    ['a list with &&', 'ip netns exec H1 ping -c 1 10.0.2.2 && echo ok'],
    ['in the background', 'ip netns exec H1 ping -c 1 10.0.2.2 &'],
    ['its output hidden in a file', 'ip netns exec H1 ping -c 1 10.0.2.2 > /tmp/out'],
    ['a variable', 'ip netns exec $NS ping -c 1 10.0.2.2'],
    ['an option ping does not have', 'ip netns exec H1 ping --bogus 10.0.2.2'],
    ['a pipe into a program that is no filter', 'ip netns exec H1 ping -c 1 10.0.2.2 | sh'],
    ['a sysctl write, mistyped', 'ip netns exec R sysctl ip_foward=1'],
    ['nsenter into a process', 'nsenter -t 1 -n ping 10.0.2.2'],
  ])('%s does not: %s', (_why, student) => {
    expect(observes(STEP5, student)).toBe(false);
  });

  it('reads: abbreviations, namespace options and a missing verb are the same observation', () => {
    for (const s of ['ip netns exec R ip r', 'ip -n R route show', 'ip -n R -4 ro list', 'ip -br -n R route', 'nsenter --net=/run/netns/R ip route']) {
      expect(observes('ip netns exec R ip route', s)).toBe(true);
    }
    expect(observes('ip netns exec R ip route', 'ip netns exec R ip -6 route')).toBe(false);
    expect(observes('ip netns exec R ip route', 'ip netns exec R ip route add default via 10.0.1.9')).toBe(false);
    expect(observes('ip netns exec R ip route', 'ip netns exec H1 ip route')).toBe(false);
    expect(observes('ip netns exec H1 ip route get 10.0.3.2', 'ip -n H1 r get 10.0.3.2')).toBe(true);
    expect(observes('ip netns exec H1 ip route get 10.0.3.2', 'ip -n H1 r get 10.0.3.9')).toBe(false);
    expect(of('ip netns exec H1 ip a').keys).toEqual(['ip address show']);
    expect(of('ip netns exec H1 ip n').keys).toEqual(['ip neighbor show']);
    expect(of('ip netns exec H1 ip l').keys).toEqual(['ip link show']);
  });

  it('reads: a sysctl key is the same key with slashes, and the same file under /proc/sys', () => {
    const probe = 'ip netns exec R sysctl net.ipv4.ip_forward';
    for (const s of ['ip netns exec R sysctl -n net/ipv4/ip_forward', 'ip netns exec R cat /proc/sys/net/ipv4/ip_forward', 'ip netns exec R sysctl net.ipv4.ip_forward net.ipv4.conf.all.forwarding']) {
      expect(observes(probe, s)).toBe(true);
    }
    expect(observes(probe, 'ip netns exec R sysctl -w net.ipv4.ip_forward=0')).toBe(false);
    expect(observes(probe, 'sysctl net.ipv4.ip_forward')).toBe(false);
  });

  it('reads: a file is the same from every namespace, unless it is under /proc/net or /proc/sys', () => {
    expect(observes('cat /tmp/tcpdump-r-eth1.txt', 'ip netns exec R cat /tmp/tcpdump-r-eth1.txt')).toBe(true);
    expect(observes('cat /tmp/tcpdump-r-eth1.txt', 'tail -n 5 /tmp/tcpdump-r-eth1.txt')).toBe(true);
    expect(observes('ip netns exec H1 cat /proc/net/snmp', 'cat /proc/net/snmp')).toBe(false);
  });

  it('traces: traceroute and tracepath to one target are one observation; the probe method is kept', () => {
    const probe = 'ip netns exec H1 traceroute -n -N 1 10.0.3.2';
    expect(observes(probe, 'ip netns exec H1 traceroute 10.0.3.2')).toBe(true);
    expect(observes(probe, 'ip netns exec H1 tracepath -n 10.0.3.2')).toBe(true);
    expect(observes(probe, 'ip netns exec H1 traceroute -I 10.0.3.2')).toBe(false);
  });

  it('tells which exit status is the observing program’s, and when only timeout’s is known', () => {
    expect(of('ip netns exec H1 ping 10.0.2.2 | grep loss').statusIndex).toBe(0);
    expect(of("bash -c 'ping 10.0.2.2 | grep loss'").statusIndex).toBeUndefined();
    expect(of('timeout 3 ip netns exec H1 ping 10.0.2.2').underTimeout).toBe(true);
    expect(of('ip netns exec H1 ping 10.0.2.2').underTimeout).toBeUndefined();
  });
});

const zero: IcmpCounters = { outNoRoutes: 0, outEchos: 0, inEchoReps: 0, inDestUnreachs: 0, inTimeExcds: 0 };
const v4 = (c: Partial<IcmpCounters>): NamespaceCounters => ({ 4: { ...zero, ...c } });

describe('what a ping did, from the counters of its namespace', () => {
  it.each([
    ['no-route', { outNoRoutes: 1 }],
    ['lost', { outEchos: 3 }],
    ['reply', { outEchos: 3, inEchoReps: 2 }],
    ['unreachable', { outEchos: 1, inDestUnreachs: 1 }],
    ['time-exceeded', { outEchos: 1, inTimeExcds: 1 }],
    ['none', {}],
  ] as const)('%s', (effect, moved) => {
    const base = { outNoRoutes: 2, outEchos: 10, inEchoReps: 10 };
    expect(pingEffect(v4(base), v4(addTo(base, moved)), 4)).toBe(effect);
  });

  it('looks at the family asked for, or at both for a name', () => {
    const before: NamespaceCounters = { 4: zero, 6: zero };
    const after: NamespaceCounters = { 4: zero, 6: { ...zero, outEchos: 1, inEchoReps: 1 } };
    expect(pingEffect(before, after, 4)).toBe('none');
    expect(pingEffect(before, after, 6)).toBe('reply');
    expect(pingEffect(before, after, undefined)).toBe('reply');
    expect(pingEffect(undefined, after, 6)).toBe('none');
  });

  it('parses /proc/net/snmp and /proc/net/snmp6 as the kernel prints them', () => {
    const text = [
      'Ip: Forwarding DefaultTTL InReceives OutNoRoutes',
      'Ip: 2 64 7 3',
      'Icmp: InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds InEchoReps OutEchos',
      'Icmp: 5 0 0 1 2 4 9',
      'IcmpMsg: InType0 OutType8',
      'IcmpMsg: 4 9',
      'Ip6InReceives                   \t12',
      'Ip6OutNoRoutes                  \t1',
      'Icmp6InDestUnreachs             \t0',
      'Icmp6InTimeExcds                \t0',
      'Icmp6InEchoReplies              \t6',
      'Icmp6OutEchos                   \t8',
    ].join('\n');
    expect(parseCounters(text)).toEqual({
      4: { outNoRoutes: 3, outEchos: 9, inEchoReps: 4, inDestUnreachs: 1, inTimeExcds: 2 },
      6: { outNoRoutes: 1, outEchos: 8, inEchoReps: 6, inDestUnreachs: 0, inTimeExcds: 0 },
    });
    expect(parseCounters('')).toEqual({});
  });
});

/** `base` with each counter of `moved` added. */
function addTo(base: Partial<IcmpCounters>, moved: Partial<IcmpCounters>): Partial<IcmpCounters> {
  const out: Partial<IcmpCounters> = { ...base };
  for (const [k, v] of Object.entries(moved) as Array<[keyof IcmpCounters, number]>) out[k] = (base[k] ?? 0) + v;
  return out;
}
