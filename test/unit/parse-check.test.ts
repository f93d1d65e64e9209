import { describe, expect, it } from 'vitest';
import { parseCheck } from '../../src/check/parse-check.js';
import type { Check } from '../../src/check/model.js';

describe('parseCheck: valid checks', () => {
  const cases: [string, Omit<Check, 'source' | 'line'>][] = [
    ['namespace H1 exists', { predicate: { kind: 'namespace', name: 'H1', present: true } }],
    ['namespace H1 is absent', { predicate: { kind: 'namespace', name: 'H1', present: false } }],
    ['link eth0 exists', { predicate: { kind: 'link-exists', ifname: 'eth0', present: true } }],
    ['link R-eth1 is absent', { predicate: { kind: 'link-exists', ifname: 'R-eth1', present: false } }],
    ['H1: link H1-eth0 is up', { namespace: 'H1', predicate: { kind: 'link-state', ifname: 'H1-eth0', up: true } }],
    ['link lo is down', { predicate: { kind: 'link-state', ifname: 'lo', up: false } }],
    ['H1: link H1-eth0 has address 10.0.1.2/24', { namespace: 'H1', predicate: { kind: 'link-address', ifname: 'H1-eth0', cidr: '10.0.1.2/24' } }],
    ['link eth0 has address fd00::1/64', { predicate: { kind: 'link-address', ifname: 'eth0', cidr: 'fd00::1/64' } }],
    ['link eth0 has address 10.0.0.1/0', { predicate: { kind: 'link-address', ifname: 'eth0', cidr: '10.0.0.1/0' } }],
    ['H1: route default via 10.0.1.1', { namespace: 'H1', predicate: { kind: 'route', destination: 'default', via: '10.0.1.1' } }],
    ['H1: route default via 10.0.1.1 dev H1-eth0', { namespace: 'H1', predicate: { kind: 'route', destination: 'default', via: '10.0.1.1', dev: 'H1-eth0' } }],
    ['route 10.0.2.0/24 via 10.0.1.1', { predicate: { kind: 'route', destination: '10.0.2.0/24', via: '10.0.1.1' } }],
    ['route 10.0.2.0/24 via 10.0.1.1 dev eth0', { predicate: { kind: 'route', destination: '10.0.2.0/24', via: '10.0.1.1', dev: 'eth0' } }],
    ['route 10.0.1.0/24 dev H1-eth0', { predicate: { kind: 'route', destination: '10.0.1.0/24', dev: 'H1-eth0' } }],
    ['route fd00:2::/64 via fd00:1::1', { predicate: { kind: 'route', destination: 'fd00:2::/64', via: 'fd00:1::1' } }],
    ['no route default', { predicate: { kind: 'no-route', destination: 'default' } }],
    ['H2: no route 10.0.1.0/24', { namespace: 'H2', predicate: { kind: 'no-route', destination: '10.0.1.0/24' } }],
    ['R: sysctl net.ipv4.ip_forward = 1', { namespace: 'R', predicate: { kind: 'sysctl', key: 'net.ipv4.ip_forward', value: '1' } }],
    ['sysctl net.ipv4.ip_forward=1', { predicate: { kind: 'sysctl', key: 'net.ipv4.ip_forward', value: '1' } }],
    ['sysctl net.ipv4.ping_group_range = 0 2147483647', { predicate: { kind: 'sysctl', key: 'net.ipv4.ping_group_range', value: '0 2147483647' } }],
    ['H1: ping 10.0.2.2 succeeds', { namespace: 'H1', predicate: { kind: 'ping', address: '10.0.2.2', succeeds: true } }],
    ['ping 10.0.2.2 fails', { predicate: { kind: 'ping', address: '10.0.2.2', succeeds: false } }],
    ['ping 10.0.2.2 fails with "Network is unreachable"', { predicate: { kind: 'ping', address: '10.0.2.2', succeeds: false, text: 'Network is unreachable' } }],
    ['ping h2.lab fails with "say \\"x\\""', { predicate: { kind: 'ping', address: 'h2.lab', succeeds: false, text: 'say "x"' } }],
    ['bridge s has ports s-eth1 s-eth2', { predicate: { kind: 'bridge-ports', bridge: 's', ports: ['s-eth1', 's-eth2'] } }],
    ['bridge br0 has port veth0', { predicate: { kind: 'bridge-ports', bridge: 'br0', ports: ['veth0'] } }],
    ['H1: ping 10.0.2.2 succeeds within 3s', { namespace: 'H1', predicate: { kind: 'ping', address: '10.0.2.2', succeeds: true }, withinMs: 3000 }],
    ['sysctl net.ipv4.ip_forward = 1 within 500ms', { predicate: { kind: 'sysctl', key: 'net.ipv4.ip_forward', value: '1' }, withinMs: 500 }],
    ['link lo exists within 1h', { predicate: { kind: 'link-exists', ifname: 'lo', present: true }, withinMs: 3_600_000 }],
    ['h-1.x_y: link a is up', { namespace: 'h-1.x_y', predicate: { kind: 'link-state', ifname: 'a', up: true } }],
  ];
  for (const [text, expected] of cases) {
    it(text, () => {
      expect(parseCheck(`  ${text}  `, 7)).toEqual({ ok: true, check: { source: text, line: 7, ...expected } });
    });
  }
});

describe('parseCheck: errors', () => {
  const cases: [string, string, number][] = [
    ['pings 10.0.0.1 succeeds', 'unknown check "pings"; did you mean "ping"?', 1],
    ['links eth0 is up', 'unknown check "links"; did you mean "link"?', 1],
    ['ip_forward=1', 'unknown check "ip_forward=1"; did you mean "sysctl net.ipv4.ip_forward = 1"?', 1],
    ['R: net.ipv4.conf.all.forwarding = 1', 'unknown check "net.ipv4.conf.all.forwarding = 1"; did you mean "sysctl net.ipv4.conf.all.forwarding = 1"?', 4],
    ['noroute default', 'unknown check "noroute"; did you mean "no route"?', 1],
    ['frobnicate x', 'unknown check "frobnicate" (a check starts with namespace, link, route, no route, sysctl, ping, bridge, tcp)', 1],
    ['H1:', 'expected a check after "H1:"', 4],
    ['H1:link eth0 is up', 'put a space after the namespace: "H1: link"', 1],
    ['link eth0 is_up', 'expected "link IF is up|is down|exists|is absent|has address CIDR"; did you mean "link eth0 is up"?', 11],
    ['link eth0 up', 'expected "link IF is up|is down|exists|is absent|has address CIDR"; did you mean "link eth0 is up"?', 11],
    ['link eth0 exist', 'expected "link IF is up|is down|exists|is absent|has address CIDR"; did you mean "link eth0 exists"?', 11],
    ['link eth0 has addres 10.0.0.1/24', 'expected "link IF is up|is down|exists|is absent|has address CIDR"; did you mean "link eth0 has address 10.0.0.1/24"?', 11],
    ['link eth0', 'expected "link IF is up|is down|exists|is absent|has address CIDR"', 11],
    ['link', 'expected "link IF is up|is down|exists|is absent|has address CIDR"', 6],
    ['link eth0 is sideways', 'expected "link IF is up|is down|exists|is absent|has address CIDR"', 11],
    ['link a-very-long-interface is up', 'interface name "a-very-long-interface" is longer than 15 characters, the Linux limit', 6],
    ['link eth0 has address 10.0.0.1', '"10.0.0.1" has no prefix length: write it as 10.0.0.1/24 or whatever the prefix is', 23],
    ['link eth0 has address 10.0.0.1/33', 'prefix length 33 is out of range for IPv4 (0-32) in "10.0.0.1/33"', 23],
    ['link eth0 has address 10.0.0.256/24', '"10.0.0.256" is not an IPv4 or IPv6 address (in "10.0.0.256/24")', 23],
    ['link eth0 has address fd00::1/129', 'prefix length 129 is out of range for IPv6 (0-128) in "fd00::1/129"', 23],
    ['link eth0 has address', 'expected "link IF is up|is down|exists|is absent|has address CIDR": one address after "has address"', 23],
    ['namespace H1 is present', 'expected "namespace NAME exists|is absent"; did you mean "namespace H1 exists"?', 14],
    ['namespace H1', 'expected "namespace NAME exists|is absent"', 14],
    ['route default', 'expected "route default|CIDR via GATEWAY [dev IF]" or "route default|CIDR dev IF"', 15],
    ['route default gw 10.0.0.1', 'expected "route default|CIDR via GATEWAY [dev IF]" or "route default|CIDR dev IF"', 15],
    ['route default vai 10.0.0.1', 'expected "route default|CIDR via GATEWAY [dev IF]" or "route default|CIDR dev IF"; did you mean "via"?', 15],
    ['route default via router', 'the gateway after "via" must be an IP address, got "router"', 19],
    ['route default via', '"via" needs a value: the gateway address', 19],
    ['route 10.0.2.0 via 10.0.1.1', 'expected "default" or a destination with prefix length such as 10.0.2.0/24, got "10.0.2.0"', 7],
    ['route default via 10.0.0.1 via 10.0.0.2', '"via" is given twice', 28],
    ['no route', 'expected "no route default|CIDR"', 10],
    ['no rout default', 'expected "no route default|CIDR"; did you mean "no route"?', 4],
    ['no route 10.0.0.0', 'expected "default" or a destination with prefix length such as 10.0.2.0/24, got "10.0.0.0"', 10],
    ['sysctl net.ipv4.ip_forward', 'expected "sysctl KEY = VALUE", e.g. sysctl net.ipv4.ip_forward = 1', 8],
    ['sysctl ip_forward = 1', 'sysctl keys are written in full; did you mean "sysctl net.ipv4.ip_forward = 1"?', 8],
    ['ping 10.0.0.1', 'expected "ping ADDRESS succeeds|fails|fails with "TEXT""', 15],
    ['ping 10.0.0.1 succeed', 'expected "ping ADDRESS succeeds|fails|fails with "TEXT""; did you mean "ping 10.0.0.1 succeeds"?', 15],
    ['ping 10.0.0.1 fail with "x"', 'expected "ping ADDRESS succeeds|fails|fails with "TEXT""; did you mean "ping 10.0.0.1 fails with "x""?', 15],
    ['ping 10.0.0.1 fails with unreachable', 'the text after "fails with" must be one double-quoted string, e.g. fails with "Network is unreachable"', 26],
    ['ping 10.0.0.1 fails with', 'the text after "fails with" must be one double-quoted string, e.g. fails with "Network is unreachable"', 26],
    ['ping 10.0.0.1 fails with "abc', 'quoted text is not closed by "', 26],
    ['ping 10.0.0.1/24 succeeds', 'expected an address or host name to ping, got "10.0.0.1/24"', 6],
    ['bridge s has ports', 'expected "bridge NAME has ports IF...": name at least one port', 20],
    ['bridge s has-ports a', 'expected "bridge NAME has ports IF..."; did you mean "bridge s has ports a"?', 10],
    ['bridge s contains a', 'expected "bridge NAME has ports IF..."', 10],
    ['link eth0 is up within', '"within" needs a duration, e.g. within 3s', 23],
    ['link eth0 is up within 3', '"within" needs a duration such as 3s, got "3"', 24],
    ['link eth0 is up within 25h', '"within" must be at most 24h, got "25h"', 24],
    ['within 3s', 'expected a check before "within"', 1],
    ['namespace "H1; rm -rf /" exists', '"H1; rm -rf /" is not a valid namespace name (no "/", blanks or leading "-"; not "." or "..")', 11],
    ['namespace "" exists', 'a namespace name cannot be empty', 11],
    ['namespace .. exists', '".." is not a valid namespace name (no "/", blanks or leading "-"; not "." or "..")', 11],
    ['namespace -all exists', '"-all" is not a valid namespace name (no "/", blanks or leading "-"; not "." or "..")', 11],
    [`namespace ${'n'.repeat(256)} exists`, `namespace name "${'n'.repeat(40)}..." is longer than 255 bytes`, 11],
    ['H1;rm: link eth0 is up', '"H1;rm" is not a namespace name nslab accepts (letters, digits, "_", "." and "-")', 1],
    ['link "H1; rm -rf /" is up', '"H1; rm -rf /" is not a valid interface name (Linux allows up to 15 bytes without "/", ":" or blanks)', 6],
    ['link "a b" is up', '"a b" is not a valid interface name (Linux allows up to 15 bytes without "/", ":" or blanks)', 6],
    ['link "" is up', 'an interface name cannot be empty', 6],
    ['link eth0:1 is up', '"eth0:1" is not a valid interface name (Linux allows up to 15 bytes without "/", ":" or blanks)', 6],
    ['link .. exists', '".." is not a valid interface name (Linux allows up to 15 bytes without "/", ":" or blanks)', 6],
    ['link ééééééé12 exists', 'interface name "ééééééé12" is longer than 15 characters, the Linux limit', 6],
    ['route default dev a/b', '"a/b" is not a valid interface name (Linux allows up to 15 bytes without "/", ":" or blanks)', 19],
    ['bridge s has ports a "b c"', '"b c" is not a valid interface name (Linux allows up to 15 bytes without "/", ":" or blanks)', 22],
  ];
  for (const [text, message, column] of cases) {
    it(text, () => {
      expect(parseCheck(text, 1)).toEqual({ ok: false, message, column });
    });
  }
});
