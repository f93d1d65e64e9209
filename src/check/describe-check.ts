/** Checks in words, for a CheckResult's `expected` and for reports. */
import type { Check, Flow, Predicate, RuleSelector, Station } from './model.js';

/**
 * The predicate as the check language writes it, canonical spacing.
 * @returns e.g. `sysctl net.ipv4.ip_forward = 1`, `route default via 10.0.1.1 dev H1-eth0`,
 *   `ping 10.0.2.2 fails with "Network is unreachable"`.
 */
export function describePredicate(p: Predicate): string {
  switch (p.kind) {
    case 'namespace':
      return `namespace ${p.name} ${p.present ? 'exists' : 'is absent'}`;
    case 'link-exists':
      return `link ${p.ifname} ${p.present ? 'exists' : 'is absent'}`;
    case 'link-state':
      return `link ${p.ifname} is ${p.up ? 'up' : 'down'}`;
    case 'link-address':
      return `link ${p.ifname} has address ${p.inPrefix ? 'in ' : ''}${p.cidr}`;
    case 'link-lacks-address':
      return `link ${p.ifname} lacks address ${p.inPrefix ? 'in ' : ''}${p.cidr}`;
    case 'route':
      return `route ${p.destination}${p.via !== undefined ? ` via ${p.via}` : ''}${p.dev !== undefined ? ` dev ${p.dev}` : ''}${p.table !== undefined ? ` table ${p.table}` : ''}`;
    case 'no-route':
      return `no route ${p.destination}${p.table !== undefined ? ` table ${p.table}` : ''}`;
    case 'rule':
      return `${p.present ? '' : 'no '}rule ${describeRuleSelector(p.selector)}`;
    case 'sysctl':
      return `sysctl ${p.key} = ${p.value}`;
    case 'ping':
      if (p.succeeds) return `ping ${p.address} succeeds`;
      return `ping ${p.address} fails${p.text !== undefined ? ` with ${JSON.stringify(p.text)}` : ''}`;
    case 'bridge-ports':
      return `bridge ${p.bridge} has ports ${p.ports.join(' ')}`;
    case 'link-mtu':
      return `link ${p.ifname} has mtu ${p.mtu}`;
    case 'link-bridge':
      return `link ${p.ifname} is in bridge ${p.bridge}`;
    case 'neighbor':
      return `neighbor ${p.address} is ${p.state}`;
    case 'bridge-learned':
      return `bridge ${p.bridge} has learned ${describeStation(p.station)} on ${p.port}`;
    case 'file-text':
      return `file ${p.path} ${p.contains ? 'contains' : 'lacks'} ${JSON.stringify(p.text)}`;
    case 'capture': {
      const { n, atLeast } = p.count;
      const count = n === 1 && atLeast ? '' : ` ${atLeast ? 'at least ' : ''}${n} ${n === 1 ? 'time' : 'times'}`;
      return `capture ${p.file} shows ${JSON.stringify(p.text)}${count}`;
    }
    case 'path':
      return `path ${p.src} to ${p.dst} is clear`;
    case 'tcp':
      return `tcp ${endpointText(p.address, p.port)} ${p.accepts ? 'accepts' : 'refuses'}`;
    case 'listening':
      return `${p.proto} ${endpointText(p.address, p.port)} is ${p.listening ? '' : 'not '}listening`;
    case 'process':
      return `process ${/\s/.test(p.name) ? JSON.stringify(p.name) : p.name} is ${p.running ? '' : 'not '}running`;
    case 'source-nat':
      return `nat ${p.to === undefined ? 'masquerades' : 'translates'} ${p.source}${p.out !== undefined ? ` out ${p.out}` : ''}${p.to !== undefined ? ` to ${p.to}` : ''}`;
    case 'destination-nat':
      return `nat forwards ${p.proto} ${p.address}:${p.port}${p.in !== undefined ? ` in ${p.in}` : ''} to ${p.to}${p.toPort !== undefined ? `:${p.toPort}` : ''}`;
    case 'firewall':
      return `firewall ${p.accepts ? 'accepts' : 'drops'} ${describeFlow(p.flow)}`;
    case 'template':
      return p.text;
    case 'zx':
      return `zx: ${p.summary}`;
  }
}

/** `10.0.2.2:80`, `[fd00::2]:80`, `*:80`. */
function endpointText(address: string, port: number): string {
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** A flow as the check language writes it: `tcp from 10.0.1.2 to 10.0.2.2 port 80`. */
export function describeFlow(f: Flow): string {
  const parts = [
    f.proto, ...(f.from !== undefined ? [`from ${f.from}`] : []), ...(f.to !== undefined ? [`to ${f.to}`] : []),
    ...(f.port !== undefined ? [`port ${f.port}`] : []), ...(f.in !== undefined ? [`in ${f.in}`] : []), ...(f.out !== undefined ? [`out ${f.out}`] : []),
  ];
  return parts.join(' ');
}

/**
 * What a check expects, with its namespace: `R: sysctl net.ipv4.ip_forward = 1`, or the bare
 * predicate for the root namespace. `within` is left out (it is about timing, not state).
 */
export function describeCheck(check: Check): string {
  const text = describePredicate(check.predicate);
  return check.namespace === undefined ? text : `${check.namespace}: ${text}`;
}

/** How found-texts name a namespace: its name, or `the root namespace`. */
export function describePlace(ns: string | undefined): string {
  return ns ?? 'the root namespace';
}

/** A station as the check language writes it: `aa:bb:cc:dd:ee:ff` or `H1:H1-eth0`. */
export function describeStation(station: Station): string {
  return 'mac' in station ? station.mac : `${station.namespace}:${station.ifname}`;
}

/** The rule as the check language writes it (after `rule`). */
export function describeRuleSelector(s: RuleSelector): string {
  const parts = [
    ...(s.priority !== undefined ? [`pref ${s.priority}`] : []), ...(s.not ? ['not'] : []),
    ...(s.from !== undefined ? [`from ${s.from}`] : []), ...(s.to !== undefined ? [`to ${s.to}`] : []),
    ...(s.iif !== undefined ? [`iif ${s.iif}`] : []), ...(s.oif !== undefined ? [`oif ${s.oif}`] : []),
    ...(s.fwmark !== undefined ? [`fwmark ${s.fwmark}`] : []), `lookup ${s.table}`,
  ];
  return parts.join(' ');
}
