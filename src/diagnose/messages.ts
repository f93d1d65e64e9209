/**
 * Every finding in words: one or two plain sentences and a fix in the tutorial's own commands
 * (`ip netns exec NS ...`, or the bare command for the root namespace). The table is keyed by
 * {@link Cause}: a new cause does not compile until it has its message here.
 */
import { describeExitedServer } from './exited-server.js';
import { familyOf, pingHeaderBytes } from './ip-address.js';
import type { Asymmetry, Cause, Explanation, Finding, FindingOf, Ns, Port } from './types.js';
import { nsLabel } from './types.js';

/** A command run in a namespace, as the tutorials write it. */
export function inNs(ns: Ns, command: string): string {
  return ns === undefined ? command : `ip netns exec ${ns} ${command}`;
}

/** How many iptables-legacy rules a message quotes before "and N more". */
const LEGACY_QUOTED = 3;

/**
 * The iptables-legacy rules of a namespace in words: "R has iptables-legacy rules, which nslab
 * does not read: \`-t nat -A POSTROUTING -s 172.18.0.0/16 -j MASQUERADE\`".
 * @param who the namespace as the message names it (`R`, `host`, `the root namespace`)
 * @param lines read-iptables-legacy.ts's lines (not empty)
 */
export function legacyRulesText(who: string, lines: readonly string[]): string {
  const quoted = lines.slice(0, LEGACY_QUOTED).map((l) => `\`${l}\``).join(', ');
  const more = lines.length > LEGACY_QUOTED ? ` and ${lines.length - LEGACY_QUOTED} more` : '';
  return `${who} has iptables-legacy rules, which nslab does not read: ${quoted}${more}`;
}

/**
 * The commands that move iptables-legacy rules to iptables (iptables-nft on Debian 12), where
 * nft and nslab see them: each removed with iptables-legacy, then added with iptables.
 */
export function legacyRulesFix(ns: Ns, lines: readonly string[]): string {
  const parts = lines.map((l) => /^(-t \S+ )?(-A|-P) (\S+) (.*)$/.exec(l)).filter((m) => m !== null);
  const remove = parts.map(([, table = '', op, chain, rest]) => inNs(ns, `iptables-legacy ${table}${op === '-A' ? `-D ${chain} ${rest}` : `-P ${chain} ACCEPT`}`));
  const add = parts.map(([line]) => inNs(ns, `iptables ${line}`));
  return [...remove, ...add].join(' && ');
}

const at = (p: Port): string => `${p.ifname} in ${nsLabel(p.ns)}`;
/** `ip route` for an IPv4 address, `ip -6 route` for an IPv6 one (the tutorials' spelling of each). */
const ipRoute = (address: string): string => (familyOf(address) === 6 ? 'ip -6 route' : 'ip route');
/** How the namespace asks for an address on its link: ARP (RFC 826) or IPv6 neighbour discovery (RFC 4861). */
const askedBy = (address: string): string => (familyOf(address) === 6 ? 'neighbour discovery' : 'ARP');

/** The sysctl that turns forwarding on, per family (ip-sysctl.rst). */
function forwardingKey(family: 4 | 6 | undefined): string {
  return family === 6 ? 'net.ipv6.conf.all.forwarding' : 'net.ipv4.ip_forward';
}

/** What lies beyond a device the walk cannot see through, in words. */
function beyond(f: FindingOf<'cannot-follow'>): string {
  if (f.device === 'tun' || f.device === 'tap') {
    return `${nsLabel(f.port.ns)} sends it into ${f.port.ifname}, a ${f.device} device: what a program reading it does with the packet, nslab cannot see.`;
  }
  if (f.device !== undefined) {
    return `${nsLabel(f.port.ns)} sends it into ${f.port.ifname}, a ${f.device} device: where that carries the packet, nslab cannot see.`;
  }
  return `${at(f.port)} is ${f.kind === 'missing' ? 'missing' : f.kind}; nslab cannot follow the path beyond it yet.`;
}

const list = (subnets: string[]): string => (subnets.length > 0 ? subnets.join(', ') : 'it has no address');

function routeMissing(f: FindingOf<'no-route'> | FindingOf<'no-route-back'>, lead: string): Explanation {
  const route = ipRoute(f.dst);
  const fix = f.gateway
    ? inNs(f.ns, `${route} add default via ${f.gateway.address} dev ${f.gateway.dev}`)
    : inNs(f.ns, `${route} add default via GATEWAY dev IFACE`);
  const tables = f.tables ? ` in the tables its rules pick (${f.tables.join(', ')})` : '';
  const because = `${lead}: it has no default route${tables}, and ${f.dst} is on none of its subnets (${list(f.subnets)}).`;
  return withAsymmetry({ because, fix }, f.cause === 'no-route-back' ? f.asymmetric : undefined, `${nsLabel(f.ns)} needs a route to ${f.dst}`);
}

/**
 * A finding on the reply's way back caused by a reply that left a multi-homed destination by
 * another interface than its request came in on: the sentence that says so, and the policy
 * routing that sends it back the way it came as the fix (when the neighbour is known).
 * @param otherwise the finding's own fix in words, offered as the alternative.
 */
function withAsymmetry(e: Explanation, a: Asymmetry | undefined, otherwise: string): Explanation {
  if (!a) return e;
  const table = a.table ?? 'TABLE';
  const own = a.rules ? ` Its own rules do not: ${a.rules.join('; ')}.` : '';
  return {
    because: `${e.because} The reply left ${nsLabel(a.ns)} by ${a.leftBy}, not by ${a.cameIn} where the request came in: ` +
      `policy routing on ${nsLabel(a.ns)} (\`ip rule add from ${a.address} lookup ${table}\`, with a default route back by ${a.cameIn} in that table) ` +
      `would send it back the way it came; or ${otherwise}.${own}`,
    fix: a.fix ? a.fix.join('\n') : (e.fix ?? ''),
  };
}

/** Why a rule only may drop: its undecided matches, or the rule before it that may take the packet first. */
function mayDropText(f: FindingOf<'firewall-drops'>): string {
  const which = f.undecided && f.undecided.matches.length > 0 ? ` (${f.undecided.matches.join('; ')})` : '';
  if (f.undecided?.rule === undefined) return `${f.rule} matches on something nslab cannot evaluate${which}`;
  return `${f.rule}, unless ${f.undecided.rule} takes it first: that rule matches on something nslab cannot evaluate${which}`;
}

const MESSAGES: { [C in Cause]: (f: FindingOf<C>) => Explanation } = {
  'no-such-namespace': (f) => ({
    because: `There is no namespace ${f.name}; the namespaces are: ${f.existing.length > 0 ? f.existing.join(', ') : 'none'}.`,
    fix: `ip netns add ${f.name}`,
  }),
  'no-route': (f) => routeMissing(f, `${nsLabel(f.ns)} has no route to ${f.dst}`),
  'no-route-back': (f) =>
    routeMissing(f, `${nsLabel(f.ns)} has no route back to ${f.dst}, so ${'replier' in f ? `${nsLabel(f.replier)}'s replies stop there` : 'its replies cannot leave'}`),
  'private-source-untranslated': (f) => ({
    because:
      `${nsLabel(f.ns)} has no route back to ${f.source}, a private address (${f.range}): ${nsLabel(f.router)} passed the packet out by ${f.out} (${f.outCidr}) ` +
      'without translating its source, and networks there have no route to private addresses. ' +
      `${nsLabel(f.router)} should masquerade it (source NAT)` +
      (f.rule ? `; its NAT rule, ${f.rule.text}, ${f.rule.certain ? 'does not match it' : 'may not match it (nslab cannot decide one of its matches)'}.` : '.') +
      (f.legacy ? ` But ${legacyRulesText(nsLabel(f.router), f.legacy)}: if they translate it, write them with iptables (iptables-nft here), where nslab reads them.` : ''),
    fix: f.fix,
  }),
  'source-nat-foreign': (f) => ({
    because:
      `${nsLabel(f.router)} translates the source ${f.source} to ${f.address}${f.rule ? ` (${f.rule})` : ''}, but ${f.address} is none of ${nsLabel(f.router)}'s addresses` +
      `${f.own ? ` (${f.own.ifname} has ${f.own.cidr})` : ''}: the reply goes to ${f.address}, ${nsLabel(f.ns)} asks for it on ${f.dev} (ARP) and no one answers, ` +
      `so it never comes back to ${nsLabel(f.router)} to be translated back. Source NAT must use ${nsLabel(f.router)}'s own address (or masquerade).`,
    ...(f.fix && { fix: f.fix }),
  }),
  'iptables-legacy': (f) => ({
    because:
      `${legacyRulesText(nsLabel(f.ns), f.rules)}: they are not in nft's ruleset, so what nslab says of ${nsLabel(f.ns)}'s firewall and NAT leaves them out. ` +
      'Written with iptables (iptables-nft here), the rules are where nslab reads them.',
    fix: legacyRulesFix(f.ns, f.rules),
  }),
  'route-rejects': (f) => f.byRule
    ? {
      because: `${nsLabel(f.ns)}'s policy routing rule \`${f.route}\` rejects packets to ${f.dst} before any table is searched.`,
      fix: inNs(f.ns, `ip ${familyOf(f.dst) === 6 ? '-6 ' : ''}rule del priority ${f.route.split(':')[0]}`),
    }
    : {
      because: `${nsLabel(f.ns)}'s route \`${f.route}\`${f.table !== undefined ? ` in table ${f.table}` : ''} rejects packets to ${f.dst}.`,
      fix: inNs(f.ns, `${ipRoute(f.dst)} del ${f.route}${f.table !== undefined ? ` table ${f.table}` : ''}`),
    },
  'rule-undecided': (f) => ({
    because: `${nsLabel(f.ns)}'s policy routing rule \`${f.rule}\` was taken as not matching, but nslab cannot decide it: ${f.reason}.`,
  }),
  'gateway-off-subnet': (f) => ({
    because:
      `${nsLabel(f.ns)}'s route \`${f.route}\` goes via ${f.gateway}, which is on none of ${f.dev}'s subnets ` +
      `(${list(f.subnets)}), so nobody on that link answers for it.`,
    ...(f.suggestion && { fix: inNs(f.ns, `${ipRoute(f.gateway)} replace ${f.routeDst} via ${f.suggestion.address} dev ${f.suggestion.dev}`) }),
  }),
  'link-down': (f) => ({
    because:
      f.end === 'near'
        ? `${at(f.port)} is down, so ${nsLabel(f.port.ns)} cannot send on it` +
          (f.routesGone ? ' (and the kernel removed the routes through it: add them again once it is up).' : '.')
        : `${at(f.port)}${f.other ? `, the other end of ${at(f.other)},` : ''} is down, so nothing sent to it arrives.`,
    fix: inNs(f.port.ns, `ip link set ${f.port.ifname} up`),
  }),
  'peer-misplaced': (f) => ({
    because:
      f.peer.ns === undefined
        ? `${f.peer.ifname}, the other end of ${at(f.near)}, is still in the root namespace: it was never moved${f.expected ? ` into ${f.expected}` : ''}.`
        : `${f.peer.ifname}, the other end of ${at(f.near)}, is in ${f.peer.ns}, not in ${f.expected ?? 'the namespace it was meant for'}.`,
    fix: inNs(f.peer.ns, `ip link set ${f.peer.ifname} netns ${f.expected ?? 'NAMESPACE'}`) + ' (then give it its address and bring it up)',
  }),
  'address-mismatch': (f) => {
    const prefixesDiffer = f.nearCidr.split('/')[1] !== f.farCidr.split('/')[1];
    return {
      because:
        `${at(f.near)} has ${f.nearCidr} but the other end, ${at(f.far)}, has ${f.farCidr}: ` +
        `${prefixesDiffer ? 'the prefix lengths differ' : 'they are on different subnets'}, so the two ends do not agree on what is on the link.`,
      fix: `${inNs(f.near.ns, `ip addr del ${f.nearCidr} dev ${f.near.ifname}`)} && ${inNs(f.near.ns, `ip addr add ${f.suggested} dev ${f.near.ifname}`)}`,
    };
  },
  'forwarding-disabled': (f) => {
    const key = forwardingKey(f.family);
    // Forwarding set on an interface only: the kernel forwards IPv6 by `all` alone (ip6_forward).
    const onlyOn =
      f.onlyOn && f.onlyOn.length > 0
        ? ` Setting it on ${f.onlyOn.map((i) => `net.ipv6.conf.${i}.forwarding`).join(' and ')} is not enough: the kernel forwards IPv6 only when ${key} is 1.`
        : '';
    return f.noRoute
      ? {
          because:
            `${nsLabel(f.ns)} cannot pass the packet on for two reasons: forwarding is disabled (${key} = 0), ` +
            `and it has no route to ${f.noRoute.dst}, which is on none of its subnets (${list(f.noRoute.subnets)}).${onlyOn}`,
          fix: `${inNs(f.ns, `sysctl -w ${key}=1`)}, and ${inNs(f.ns, `${ipRoute(f.noRoute.dst)} add ${f.noRoute.dst} via GATEWAY`)}`,
        }
      : {
          because: `${nsLabel(f.ns)} has the routes, but forwarding is disabled (${key} = 0), so it drops packets that are not for itself.${onlyOn}`,
          fix: inNs(f.ns, `sysctl -w ${key}=1`),
        };
  },
  'loopback-down': (f) => ({
    because: `${f.address} is ${nsLabel(f.ns)}'s own address, which the kernel delivers through the loopback interface, and lo is down in ${nsLabel(f.ns)}.`,
    fix: inNs(f.ns, 'ip link set lo up'),
  }),
  'address-unassigned': (f) => ({
    because: `Nobody in the emulation has ${f.address}: ${nsLabel(f.ns)} asks for it on ${f.dev} (${askedBy(f.address)}) and no one answers.`,
    ...(f.guess && { fix: inNs(f.guess.ns, `ip addr add ${f.guess.cidr} dev ${f.guess.ifname}`) }),
  }),
  'gateway-unassigned': (f) => ({
    because:
      `${nsLabel(f.ns)}'s route \`${f.route}\` goes via ${f.gateway}, but nobody in the emulation has ${f.gateway}: ` +
      `${nsLabel(f.ns)} asks for it on ${f.dev} (${askedBy(f.gateway)}) and no one answers. Across that link, ${at(f.suggestion)} has ${f.suggestion.address}.`,
    fix: inNs(f.ns, `${ipRoute(f.gateway)} replace ${f.routeDst} via ${f.suggestion.address} dev ${f.dev}`),
  }),
  'next-hop-elsewhere': (f) => ({
    because:
      `${f.nextHop} is ${f.owner ? `on ${at(f.owner)}` : 'elsewhere'}, but ${f.dev} in ${nsLabel(f.ns)} does not lead there.` +
      (f.suggestion ? ` Across that link, ${at(f.suggestion)} has ${f.suggestion.address}.` : ''),
    ...(f.suggestion && f.routeDst !== undefined && { fix: inNs(f.ns, `${ipRoute(f.nextHop)} replace ${f.routeDst} via ${f.suggestion.address} dev ${f.dev}`) }),
  }),
  'no-address': (f) => ({
    because: `${nsLabel(f.ns)} has no ${f.family === 6 ? 'global IPv6' : 'IPv4'} address, so it can neither send nor be reached.`,
    fix: inNs(f.ns, 'ip addr add ADDRESS/LEN dev IFACE'),
  }),
  'address-tentative': (f) => {
    const where = `${f.address} on ${at(f.port)}`;
    const role = f.role === 'source' ? 'send from it' : 'answer for it';
    return f.dad === 'tentative'
      ? {
          because:
            `${where} is still tentative: IPv6 duplicate address detection has not finished (it takes about a second after the address is added or its link comes up), ` +
            `so ${nsLabel(f.port.ns)} cannot ${role} yet.`,
          fix: `wait a second and try again (or add the address with \`nodad\`: ${inNs(f.port.ns, `ip addr add ${f.address}/${f.prefixlen} dev ${f.port.ifname} nodad`)})`,
        }
      : {
          because:
            `${where} failed duplicate address detection (dadfailed): another interface on the link has the same address. ` +
            `${nsLabel(f.port.ns)} does not use its copy, and takes the other holder's neighbour advertisements for a duplicate of it, so it can neither ${role} nor reach the other.`,
          fix: `${inNs(f.port.ns, `ip addr del ${f.address}/${f.prefixlen} dev ${f.port.ifname}`)} and give one of the two another address`,
        };
  },
  'cannot-follow': (f) => ({ because: beyond(f) }),
  'routing-loop': (f) => ({
    because: `The path to ${f.dst} comes back to ${nsLabel(f.ns)}: the routes form a loop.`,
  }),
  'rp-filter': (f) => withAsymmetry({
    because:
      `${nsLabel(f.ns)} drops packets from ${f.source} arriving on ${f.iface}: reverse-path filtering is strict there (${f.key} = 1) ` +
      `and its route back to ${f.source}, \`${f.routeBack}\`, leaves by ${f.backDev}, not ${f.iface}.`,
    fix: `${inNs(f.ns, `sysctl -w net.ipv4.conf.all.rp_filter=2`)} && ${inNs(f.ns, `sysctl -w net.ipv4.conf.${f.iface}.rp_filter=2`)} (loose), or make the routes symmetric`,
  }, f.asymmetric, `${nsLabel(f.ns)} needs loose reverse-path filtering`),
  'firewall-drops': (f) => ({
    because:
      (f.certain
        ? `${nsLabel(f.ns)}'s firewall drops ${f.traffic} (${f.hook} hook): ${f.rule}.`
        : `${nsLabel(f.ns)}'s firewall may drop ${f.traffic} (${f.hook} hook): ${mayDropText(f)}.`) +
      (f.neighbourDiscovery
        ? ` Without neighbour discovery ${nsLabel(f.ns)} and ${nsLabel(f.neighbourDiscovery.peer)} cannot learn each other's link-layer address, so no IPv6 packet crosses their link.`
        : ''),
    fix: f.fix,
  }),
  'port-detached': (f) => ({
    because:
      `${f.port.ifname}${f.other ? `, the other end of ${at(f.other)},` : ''} is not a port of ${f.ovs ? 'Open vSwitch bridge' : 'bridge'} ${f.bridge}` +
      `${f.ovs || f.port.ns === undefined ? '' : ` in ${nsLabel(f.port.ns)}`}, so frames from the bridge never reach it.`,
    fix: f.ovs ? `ovs-vsctl add-port ${f.bridge} ${f.port.ifname}` : inNs(f.port.ns, `ip link set ${f.port.ifname} master ${f.bridge}`),
  }),
  'ovs-no-datapath': (f) => ({
    because:
      `Open vSwitch bridge ${f.bridge} is in the database but has no datapath (no ${f.bridge} device in the kernel): ` +
      (f.datapathType === ''
        ? 'it has no datapath_type, so it needs the kernel\'s openvswitch module, which is not loaded'
        : `its datapath_type is "${f.datapathType}"${f.available.includes(f.datapathType) ? ', which could not be set up' : ', which this Open vSwitch does not have'}`) +
      ` (types here: ${f.available.length > 0 ? f.available.join(', ') : 'unknown'}).`,
    fix: `ovs-vsctl set bridge ${f.bridge} datapath_type=netdev`,
  }),
  'ovs-port-unattached': (f) => ({
    because:
      `Open vSwitch could not attach port ${f.port} to bridge ${f.bridge}${f.error ? ` (${f.error})` : ' (ofport -1)'}` +
      (f.movedTo
        ? `: ${f.port} is in ${nsLabel(f.movedTo.ns)}, so it was moved there instead of its peer${f.peer ? ` ${f.peer.ifname}` : ''}.`
        : `: there is no device ${f.port} where Open vSwitch runs.`),
    fix: f.movedTo
      ? `${inNs(f.movedTo.ns, `ip link set ${f.port} netns 1`)}${f.peer && f.movedTo.ns !== undefined ? ` && ${inNs(f.peer.ns, `ip link set ${f.peer.ifname} netns ${f.movedTo.ns}`)}` : ''} (then give it its address and bring both up)`
      : `ovs-vsctl del-port ${f.bridge} ${f.port}`,
  }),
  'mtu-mismatch': (f) => {
    const packet = f.size === undefined ? undefined : f.size + pingHeaderBytes(f.family ?? 4);
    return {
      because:
        `${at(f.near)} has MTU ${f.nearMtu} but the other end, ${at(f.far)}, has MTU ${f.farMtu}: ` +
        (packet !== undefined
          ? packet <= f.nearMtu
            ? `a ${packet}-byte packet (ping -s ${f.size}) fits the one and not the other, so it is lost.`
            : `a ${packet}-byte packet (ping -s ${f.size}) leaves in ${f.nearMtu}-byte fragments, which do not fit the other end, so it is lost.`
          : `packets larger than ${Math.min(f.nearMtu, f.farMtu)} bytes are lost, small ones (a plain ping) pass.`),
      fix: inNs(f.nearMtu < f.farMtu ? f.near.ns : f.far.ns, `ip link set ${f.nearMtu < f.farMtu ? f.near.ifname : f.far.ifname} mtu ${Math.max(f.nearMtu, f.farMtu)}`),
    };
  },
  'tcp-checksum-offload': (f) => ({
    because:
      `TCP to ${f.address} port ${f.port} gets no answer although ping works: Open vSwitch bridge ${f.bridge} uses the userspace datapath, ` +
      `which forwards frames without filling in checksums, and ${f.ends.map(at).join(' and ')} leave${f.ends.length === 1 ? 's' : ''} ` +
      `the TCP checksum to the device (tx-checksumming on), so the segments arrive with a bad checksum and are dropped.`,
    fix: f.ends.map((e) => inNs(e.ns, `ethtool -K ${e.ifname} tx off`)).join(' && '),
  }),
  'tcp-refused': (f) => ({
    because: `The path to ${f.address} is clear, but ${nsLabel(f.ns)} refused the connection to port ${f.port}: nothing listens there.`,
    fix: inNs(f.ns, 'ss -ltn') + ' (what listens; start the server)',
  }),
  'server-exited': (f) => ({
    because: `The path to ${f.address} is clear, but ${nsLabel(f.ns)} refused the connection to port ${f.port}: ${describeExitedServer(f.server)}.`,
    fix: `mend what its output says, then start it again: ${f.server.command.split('\n')[0]} &`,
  }),
  'tcp-fails': (f) => ({
    because: `The path to ${f.address} is clear, but the TCP connection to port ${f.port} failed (${f.message}), for a reason nslab does not see.`,
  }),
};

/**
 * Puts a finding into words.
 * @returns the sentences and, when there is one to give, the fix.
 */
export function explain(finding: Finding): Explanation {
  return (MESSAGES[finding.cause] as (f: Finding) => Explanation)(finding);
}
