/** `link IF exists|is absent`, `link IF is up|down`, `link IF has|lacks address CIDR`, `link IF has mtu N`. */
import type { StateReader } from '../state/state-reader.js';
import type { LinkInfo } from '../state/types.js';
import { ipFamily, normalizeAddress, prefixContains } from '../util/cidr.js';
import { describePlace } from './describe-check.js';
import { failedRead, isFailure, type Evaluator, type Verdict } from './evaluate-context.js';
import type { Predicate } from './model.js';

/** The failing verdict for an interface that is not in the namespace, listing the ones that are. */
export function missing(ifname: string, ns: string | undefined, links: LinkInfo[]): Verdict {
  const names = links.map((l) => l.name).join(', ');
  return { passed: false, found: `${describePlace(ns)} has no link ${ifname}; its links: ${names || 'none'}` };
}

/** `link IF exists|is absent` in the check's namespace; found lists the links when it is missing. */
export const evaluateLinkExists: Evaluator<'link-exists'> = async (p, ns, reader) => {
  const read = await reader.links(ns);
  if (isFailure(read)) return failedRead(read);
  const link = read.value.find((l) => l.name === p.ifname);
  if (link) return { passed: p.present, found: `link ${p.ifname} exists` };
  if (p.present) return missing(p.ifname, ns, read.value);
  return { passed: true, found: `link ${p.ifname} is absent` };
};

/**
 * `link IF is up|down`: up means the UP flag (administrative state, `ip link set IF up`),
 * whatever the carrier; operstate is shown when it tells more (rtnetlink(7), IFF_UP).
 */
export const evaluateLinkState: Evaluator<'link-state'> = async (p, ns, reader) => {
  const read = await reader.links(ns);
  if (isFailure(read)) return failedRead(read);
  const link = read.value.find((l) => l.name === p.ifname);
  if (!link) return missing(p.ifname, ns, read.value);
  // An UP veth whose peer is down has operstate LOWERLAYERDOWN: worth showing, not failing.
  const oper = link.up && link.operstate !== 'UP' && link.operstate !== 'UNKNOWN' ? ` (operstate ${link.operstate})` : '';
  return { passed: link.up === p.up, found: `link ${p.ifname} is ${link.up ? 'UP' : 'DOWN'}${oper}` };
};

/**
 * Whether the interface has the address: address and prefix length must both match; without
 * `/N` in the check any prefix does. found lists the interface's addresses of that family.
 * @returns the verdict of `has address`, and `has`: undefined when the interface is not in the
 *   namespace (found then lists the ones that are) or its namespace could not be read
 */
async function addressOnLink(
  p: Extract<Predicate, { kind: 'link-address' | 'link-lacks-address' }>,
  ns: string | undefined,
  reader: StateReader,
): Promise<Verdict & { has?: boolean }> {
  const read = await reader.links(ns);
  if (isFailure(read)) return failedRead(read);
  const link = read.value.find((l) => l.name === p.ifname);
  if (!link) return missing(p.ifname, ns, read.value);
  const [addressText = '', lenText] = p.cidr.split('/');
  const address = normalizeAddress(addressText);
  const prefixlen = lenText === undefined ? undefined : Number(lenText);
  const family = ipFamily(address) === 6 ? 'inet6' : 'inet';
  const has = p.inPrefix
    ? link.addresses.some((a) => prefixContains(p.cidr, a.address))
    : link.addresses.some((a) => a.address === address && (prefixlen === undefined || a.prefixlen === prefixlen));
  const same = link.addresses.filter((a) => a.family === family).map((a) => `${a.address}/${a.prefixlen}`);
  const found = same.length > 0 ? `${p.ifname} has ${same.join(', ')}` : `${p.ifname} has no ${family === 'inet' ? 'IPv4' : 'IPv6'} address${family === 'inet6' ? withoutIpv6Because(link) : ''}`;
  return { passed: has, has, found };
}

/**
 * Why an interface has no IPv6 address at all, when its state says it: the kernel gives an
 * interface its link-local address only once it is up and has a carrier, and takes its IPv6
 * addresses away when it goes down (addrconf_notify, net/ipv6/addrconf.c: "link is not ready").
 * An UP veth whose peer is down has no carrier: NO-CARRIER, operstate LOWERLAYERDOWN.
 * @returns `: it is DOWN`, `: it is UP but has no carrier (...)`, or '' when it is up with a carrier
 */
function withoutIpv6Because(link: LinkInfo): string {
  if (!link.up) return ': it is DOWN';
  if (!link.flags.includes('NO-CARRIER') && link.operstate !== 'LOWERLAYERDOWN') return '';
  const peer = link.kind === 'veth' ? ', its peer is down' : '';
  return `: it is UP but has no carrier (NO-CARRIER, operstate ${link.operstate}${peer}), and gets its link-local address only when the carrier comes`;
}

/** `link IF has address CIDR` (see addressOnLink). */
export const evaluateLinkAddress: Evaluator<'link-address'> = async (p, ns, reader) => {
  const { passed, found } = await addressOnLink(p, ns, reader);
  return { passed, found };
};

/**
 * `link IF lacks address CIDR`: the interface is in the namespace and has not that address
 * (with `/N`, not with that prefix length). An interface that is not there fails, as `file
 * PATH lacks` does for a missing file: the check is about that interface.
 */
export const evaluateLinkLacksAddress: Evaluator<'link-lacks-address'> = async (p, ns, reader) => {
  const verdict = await addressOnLink(p, ns, reader);
  return { passed: verdict.has === false, found: verdict.found };
};

/** `link IF has mtu N`: the interface's MTU in bytes, as the kernel reports it (`ip -json link`, `mtu`). */
export const evaluateLinkMtu: Evaluator<'link-mtu'> = async (p, ns, reader) => {
  const read = await reader.links(ns);
  if (isFailure(read)) return failedRead(read);
  const link = read.value.find((l) => l.name === p.ifname);
  if (!link) return missing(p.ifname, ns, read.value);
  return { passed: link.mtu === p.mtu, found: `${p.ifname} has mtu ${link.mtu ?? 'unknown'}` };
};
